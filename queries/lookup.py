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
    if c.code:
        candidates = store.directives_with(code=c.code)
    elif c.number:
        candidates = store.directives_with(kind=str(c.kind), number=c.number)
    else:
        candidates = store.nodes(Label.DIRECTIVE)
    out = []
    for n in candidates:
        p = n.props
        if not c.code:
            if p.get("kind") != str(c.kind):
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


# --- citation lookup for other tools ---------------------------------------------------------


def _by_code(store: GraphStore, code: str, year: int | None) -> list[str]:
    nodes = store.directives_with(code=code)
    return [n.id for n in nodes if year is None or n.props.get("year") in (None, year)]


def lookup_citations(store: GraphStore, registry, citations, context=None) -> list[dict]:
    """A status for each citation, in the manner of a citation-lookup API:

    - `found`: the graph holds the directive (`id`);
    - `ambiguous`: several directives fit (`candidates`, each flagged `in_graph`);
    - `unknown`: the reference is understood (`id` is the id it would have) but the graph does
      not hold it, or it cannot be pinned down at all (`id` null).
    """
    from graph.resolve import DocumentContext, resolve

    ctx = context or DocumentContext("lookup")
    refs = resolve(citations, ctx, registry)
    wanted = {r.node_id for r in refs if r.node_id} | {c for r in refs for c in r.candidates}
    present = set(store.nodes_by_id(sorted(wanted)))
    out = []
    for ref in refs:
        c = ref.citation
        row = {"citation": c.to_dict(), "how": ref.reason}
        if ref.node_id:
            status = "found" if ref.node_id in present else "unknown"
            row.update(status=status, id=ref.node_id, candidates=[])
        elif ref.candidates:
            row.update(
                status="ambiguous",
                id=None,
                candidates=[{"id": x, "in_graph": x in present} for x in ref.candidates],
            )
        else:
            hits = _by_code(store, c.code, c.year) if c.code else []
            if len(hits) == 1:
                row.update(
                    status="found",
                    id=hits[0],
                    candidates=[],
                    how="the graph's only directive with this code",
                )
            elif hits:
                row.update(
                    status="ambiguous",
                    id=None,
                    candidates=[{"id": x, "in_graph": True} for x in hits],
                )
            else:
                row.update(status="unknown", id=None, candidates=[])
        out.append(row)
    return out


def lookup_ref(
    store: GraphStore, registry, ref: str, year: int | None = None, issuer: str | None = None
) -> dict:
    """Resolve one reference typed by a person: an id, a code or any citation form, with
    optional context (the year or issuer the reader knows)."""
    from graph.resolve import DocumentContext

    node = store.node(ref.strip())
    if node is not None:
        return {
            "status": "found",
            "id": node.id,
            "candidates": [],
            "how": "canonical id",
            "citation": None,
        }
    text = ref if year is None else f"{ref} năm {year}"
    if issuer:
        text = f"{text} của {issuer}"
    found = extract_citations(text)
    if not found and "/" in ref:
        found = extract_citations(f"số {ref}")
    if not found:
        return {
            "status": "unknown",
            "id": None,
            "candidates": [],
            "how": "no citation recognised",
            "citation": None,
        }
    citation = found[0]
    if year and not citation.year:
        citation.year = year
    bound = f"{year}-12-31" if year else None
    (row,) = lookup_citations(store, registry, [citation], DocumentContext("lookup", bound))
    return row
