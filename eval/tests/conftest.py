"""Checks on the material beside the project (../shared): run by .ci/run as its own step, not
by the README's test command (a user's clone has no ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

import directive_graph.loaders.citations

directive_graph.loaders.citations.STRICT = True
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The reference report, in ../shared/seed (read-only); its absence is a set-up error."""
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    assert seeds, f"no seed text under {SHARED / 'seed'}: these checks need ../shared beside it"
    return seeds[0].read_bytes().decode("utf-8")
