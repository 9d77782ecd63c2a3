"""Shared fixtures: paths to the read-only material beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

import directive_graph.loaders.citations

# The extractor skips a citation whose reading raises (and logs it); under test it must raise.
directive_graph.loaders.citations.STRICT = True

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The reference report. It lives in ../shared (read-only); its absence is a set-up error."""
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    assert seeds, f"no seed text under {SHARED / 'seed'}: the project expects ../shared beside it"
    return seeds[0].read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """The real Neo4j server that scripts/test started (or that NEO4J_URI names).

    Never skipped: without a server the Neo4j tests fail, with the way to get one.
    """
    import os

    uri = os.environ.get("NEO4J_URI")
    assert uri, (
        "NEO4J_URI is not set: run the suite with scripts/test (it starts Neo4j), or start one "
        'yourself with: eval "$(scripts/neo4j start)"'
    )
    return uri


@pytest.fixture
def neo4j_store(neo4j_uri):
    """A Neo4j store on an emptied database (the test server belongs to the suite)."""
    from directive_graph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_uri)
    store.clear()
    yield store
    store.close()
