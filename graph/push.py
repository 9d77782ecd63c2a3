"""Copy the embedded store into Neo4j in bulk, keeping what each document contributed so that
later loads into Neo4j can replace or withdraw a document exactly as in the embedded store."""

from __future__ import annotations

import json
from collections import defaultdict

from graph.embedded import EmbeddedStore
from graph.model import Label
from graph.neo4j_store import Neo4jStore


def push(source: EmbeddedStore, target: Neo4jStore, replace: bool = False) -> dict:
    if replace:
        target.clear()
    g = source.g
    nodes = []
    touched_nodes: dict[str, set[str]] = defaultdict(set)
    for node_id, data in g.nodes(data=True):
        sources = data.get("sources", {})
        nodes.append((node_id, Label(data["label"]), data["props"], sources))
        for key in sources:
            touched_nodes[key.split("#", 1)[0]].add(node_id)
    edges = source.edges()
    touched_edges: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        key = json.dumps([e.source, e.target, str(e.type)], ensure_ascii=False, sort_keys=True)
        for ev in e.evidence:
            touched_edges[ev.document].add(key)
    target.bulk_write(nodes, edges, fresh=replace)
    documents = [n for n in nodes if n[1] is Label.DOCUMENT]
    target.set_touched(
        {
            doc_id: (sorted(touched_nodes.get(doc_id, ())), sorted(touched_edges.get(doc_id, ())))
            for doc_id, *_ in documents
        }
    )
    return {"nodes": len(nodes), "edges": len(edges)}
