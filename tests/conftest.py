"""Shared fixtures: paths to the read-only material beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The reference report. It lives in ../shared (read-only); its absence is a set-up error."""
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    assert seeds, f"no seed text under {SHARED / 'seed'}: the project expects ../shared beside it"
    return seeds[0].read_bytes().decode("utf-8")
