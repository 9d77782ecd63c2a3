"""Which store a command uses: `--neo4j URI` (or NEO4J_URI) means Neo4j; otherwise the embedded
store in `--data DIR` (or $DIRECTIVE_GRAPH_DATA, or ./data). An explicit `--data` wins over the
environment's NEO4J_URI, so a script can keep both around."""

from __future__ import annotations

import os

from directive_graph.graph.store import GraphStore


def open_store(
    data: str | None = None, neo4j: str | None = None, create: bool = True
) -> GraphStore:
    """The store a command names. `create=False` refuses a data directory that holds no graph
    (every command but `load` reads a graph that must exist)."""
    uri = neo4j or (None if data else os.environ.get("NEO4J_URI"))
    if uri:
        from directive_graph.graph.neo4j_store import Neo4jStore

        return Neo4jStore(uri)
    from directive_graph.graph.embedded import EmbeddedStore

    return EmbeddedStore(data, create=create)
