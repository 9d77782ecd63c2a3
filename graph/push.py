"""Copy one store into another in bulk (the embedded store into Neo4j: `directive-graph push`),
keeping what each document contributed, so that later loads into the target can replace or
withdraw a document exactly as in the source."""

from __future__ import annotations

from directive_graph.graph.store import GraphStore


def push(source: GraphStore, target: GraphStore, replace: bool = False) -> dict:
    """Every node (with its sources) and edge (with its evidence) of `source` into `target`;
    `replace` empties the target first (then relationships are created without looking)."""
    if replace:
        target.clear()
    nodes, edges = source.dump()
    with target.session() as s:
        s.bulk_write(nodes, edges, fresh=replace)
    return {"nodes": len(nodes), "edges": len(edges)}
