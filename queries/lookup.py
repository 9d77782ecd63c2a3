"""Finding a directive from what a person types, and describing a node with its links."""

from __future__ import annotations

from graph.model import Label, Node
from graph.store import GraphStore
from loaders.citations import extract_citations


def find_directives(store: GraphStore, ref: str) -> list[Node]:
    """Directives matching an id or a citation ("18-NQ/TW", "Nghị quyết 18-NQ/TW năm 2017").

    Several matches mean the reference is ambiguous (18-NQ/TW of 2017 and of 2022): all are
    returned, none is picked.
    """
    node = store.node(ref.strip())
    if node is not None:
        return [node]
    found = extract_citations(ref)
    if not found and "-" in ref and "/" in ref:
        found = extract_citations(f"số {ref}")
    if not found:
        return []
    c = found[0]
    out = []
    for n in store.nodes(Label.DIRECTIVE):
        p = n.props
        if c.code and (p.get("code") or "").upper() != c.code.upper():
            continue
        if not c.code:
            if p.get("kind") != str(c.kind):
                continue
            if c.number and p.get("number") != c.number:
                continue
            if c.plenum and (p.get("plenum"), p.get("term")) != (c.plenum, c.term):
                continue
            if c.congress and p.get("congress") != c.congress:
                continue
            if c.title and p.get("title", "").lower() != c.title.lower():
                continue
        if c.year and p.get("year") not in (None, c.year):
            continue
        out.append(n)
    return sorted(out, key=lambda n: n.id)


def describe(store: GraphStore, node_id: str) -> dict:
    """A node with its outgoing and incoming links and their evidence (stated first)."""
    node = store.node(node_id)
    if node is None:
        raise KeyError(node_id)

    def view(edges):
        rows = []
        for e in edges:
            evidence = sorted(e.evidence, key=lambda ev: (not ev.stated, -ev.confidence))
            rows.append(
                {
                    "source": e.source,
                    "target": e.target,
                    "type": str(e.type),
                    "inferred": not any(ev.stated for ev in e.evidence),
                    "evidence": [ev.to_dict() for ev in evidence],
                }
            )
        return sorted(rows, key=lambda r: (r["inferred"], r["type"], r["source"], r["target"]))

    return {
        "node": {"id": node.id, "label": str(node.label), **node.props},
        "out": view(store.edges(source=node_id)),
        "in": view(store.edges(target=node_id)),
    }
