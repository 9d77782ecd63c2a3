"""Fixtures of the suite (paths and helpers are in tests/support.py)."""

from __future__ import annotations

import pytest

import directive_graph.loaders.citations
from tests.support import REPORT

# The extractor skips a citation whose reading raises (and logs it); under test it must raise.
directive_graph.loaders.citations.STRICT = True


@pytest.fixture(scope="session")
def report_text() -> str:
    """The project's own report (tests/report/), in the style of the reference report."""
    (path,) = sorted(REPORT.glob("*.txt"))
    return path.read_bytes().decode("utf-8")


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
