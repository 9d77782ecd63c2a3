"""Finding a directive from what a person types, and describing a node with its links."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from directive_graph.graph.errors import NotFound, UnresolvedReference
from directive_graph.graph.ids import is_local, slug
from directive_graph.graph.model import Citation, Form, Label, Node
from directive_graph.graph.store import GraphStore
from directive_graph.graph.text import fold_key
from directive_graph.loaders.citations import extract_citations

_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Resolution:
    """What a reference a person or a tool typed names: `found` (one id), `ambiguous` (several
    candidates, each marked `in_graph`) or `unknown` (with suggestions of ids that are close)."""

    status: str
    id: str | None = None
    candidates: list[dict] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    how: str = ""
    citation: dict | None = None
    in_graph: bool = False  # for `found`: whether the graph holds it (or only the registry)
    node: Node | None = None  # for `found` by its canonical id: the node read (not in to_dict)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "id": self.id,
            "in_graph": self.in_graph,
            "candidates": self.candidates,
            "suggestions": self.suggestions,
            "how": self.how,
            "citation": self.citation,
        }


def resolve_reference(
    store: GraphStore,
    registry,
    ref: str,
    year: int | None = None,
    issuer: str | None = None,
    on: str | None = None,
) -> Resolution:
    """Resolve one reference as typed: an id ("18-nq-tw-2017"), a code ("18-NQ/TW"), a short form
    ("NQ 18", "Chỉ thị 05"), a plenum or congress document, a law by name, with or without a
    subject ("Nghị quyết 18 về sắp xếp bộ máy") and optional context (the year or the issuer
    the reader knows). The graph and the registry are both asked; the subject, the year, the
    term and the issuer choose between candidates; what is left decides the status. The CLI,
    the API and the query catalogue all resolve references here, so they answer alike.

    >>> from directive_graph.graph.embedded import EmbeddedStore
    >>> from directive_graph.graph.registry import Registry
    >>> import tempfile; store = EmbeddedStore(tempfile.mkdtemp())
    >>> resolve_reference(store, Registry.load(), "NQ 18").status
    'ambiguous'
    >>> resolve_reference(store, Registry.load(), "Nghị quyết 18 về sắp xếp bộ máy").id
    '18-nq-tw-2017'
    """
    text = " ".join(ref.split())
    node = store.node(text) if text else None
    if node is not None:
        return Resolution("found", node.id, how="canonical id", in_graph=True, node=node)
    citation = _parse(text, year, issuer)
    if citation is None:
        return Resolution(
            "unknown", suggestions=_suggest(store, text), how="no citation recognised"
        )
    from directive_graph.loaders.resolve import DocumentContext, resolve

    bound = f"{year}-12-31" if year else on  # `on`: read as a text of that day would mean it
    (r,) = resolve([citation], DocumentContext("lookup", bound), registry)
    ids = [r.node_id] if r.node_id else list(r.candidates)
    local = r.node_id is not None and bool(citation.symbol) and is_local(citation.symbol or "")
    if local and store.node(r.node_id or "") is None:
        ids = []  # a local code typed without its province: the graph's documents of that code
    if not ids or citation.form is not Form.FULL or not citation.year:
        ids += [n for n in _graph_candidates(store, citation) if n not in ids]
        made = r.node_id
        if len(ids) > 1 and made and store.node(made) is None and not registry.by_id(made):
            ids.remove(made)  # an id made of the name, beside directives that exist: they fit
    ids = _narrow(store, registry, citation, ids)
    present = store.nodes_by_id(sorted(set(ids)))
    row = citation.to_dict()
    if len(ids) == 1:
        how = r.reason if r.node_id == ids[0] else "the graph's only directive that fits"
        return Resolution("found", ids[0], how=how, citation=row, in_graph=ids[0] in present)
    if ids:
        candidates = [_candidate(i, present.get(i), registry) for i in sorted(ids)]
        return Resolution("ambiguous", None, candidates, how=r.reason, citation=row)
    suggestions = _suggest(store, text)
    return Resolution("unknown", r.node_id, suggestions=suggestions, how=r.reason, citation=row)


def require_known(store: GraphStore, registry, ref: str) -> str:
    """The id of the one directive `ref` names, in the graph or only in the registry (a decree
    no loaded text cites); UnresolvedReference otherwise."""
    if registry.by_id(ref.strip()):
        return ref.strip()  # a registry's id
    res = resolve_reference(store, registry, ref)
    if res.id and store.node(res.id) is None and not registry.by_id(res.id):
        # "Luật Lâm nghiệp": the law of that name in force today
        res = resolve_reference(store, registry, ref, on=datetime.date.today().isoformat())
    if res.status == "found" and res.id:
        node = store.node(res.id)
        if node is None or node.label is Label.DIRECTIVE:
            return res.id
    return require_directive(store, registry, ref)  # the same errors


def require_directive(store: GraphStore, registry, ref: str) -> str:
    """The id of the one directive the graph holds for `ref` (of several directives `ref` may
    name, the only one the graph holds); UnresolvedReference otherwise (with the candidates or
    suggestions the caller shows)."""
    res = resolve_reference(store, registry, ref)
    if res.status == "found" and res.id:
        node = store.node(res.id)
        if node is not None and node.label is Label.DIRECTIVE:
            return res.id
        if node is None:
            raise UnresolvedReference(
                f"{ref!r} is {res.id}, which the graph does not hold; load a text that cites it",
                res,
            )
        raise UnresolvedReference(f"{res.id!r} is a {node.label}, not a directive", res)
    held = [c["id"] for c in res.candidates if c["in_graph"]] if res.status == "ambiguous" else []
    if len(held) == 1:  # "NQ 29-NQ/TW": of 2013 and 2022, the graph holds the one of 2013
        node = store.node(held[0])
        if node is not None and node.label is Label.DIRECTIVE:
            return held[0]
    if res.status == "ambiguous":
        ids = ", ".join(c["id"] + ("" if c["in_graph"] else " (not in the graph)")
                        for c in res.candidates)  # fmt: skip
        raise UnresolvedReference(
            f"{ref!r} is ambiguous: {ids}; give one of these ids, or add the year or the subject "
            '("Nghị quyết 18 năm 2017", "Nghị quyết 18 về sắp xếp bộ máy")',
            res,
        )
    hint = f"; did you mean {', '.join(res.suggestions)}?" if res.suggestions else ""
    raise UnresolvedReference(f"the graph holds no directive for {ref!r}{hint}", res)


def _parse(text: str, year: int | None, issuer: str | None) -> Citation | None:
    typed = text if year is None else f"{text} năm {year}"
    if issuer:
        typed = f"{typed} của {issuer}"
    found = extract_citations(typed)
    if not found and re.search(r"\d\s*[-/]", text):
        found = extract_citations(f"số {typed}")
    if not found:
        return None
    citation = found[0]
    if year and not citation.year:
        citation.year = year
    return citation


def _graph_candidates(store: GraphStore, c: Citation) -> list[str]:
    """Directives of the graph that the citation may name, by code, number, plenum, congress or
    title; a bare number names a central document before a local one."""
    if c.code:
        nodes = store.directives_with(code=c.code)
    elif c.number:
        nodes = store.directives_with(kind=str(c.kind), number=c.number)
        central = [n for n in nodes if not is_local(n.props.get("symbol") or "")]
        nodes = central or nodes
    elif c.plenum or c.congress or c.title:
        nodes = [
            n
            for n in store.directives_matching(kind=str(c.kind), term=c.term)
            if (not c.plenum or n.props.get("plenum") == c.plenum)
            and (not c.congress or n.props.get("congress") == c.congress)
            and (not c.title or fold_key(n.props.get("title") or "") == fold_key(c.title))
        ]
    else:
        nodes = []
    return [n.id for n in nodes]


def _narrow(store: GraphStore, registry, c: Citation, ids: list[str]) -> list[str]:
    """Drop candidates whose known facts contradict the reference, then let the subject choose."""
    if len(ids) < 2:
        return ids
    facts = {}
    present = store.nodes_by_id(ids)
    for i in ids:
        props = dict(present[i].props) if i in present else {}
        if not props:
            entry = next((e for e in registry.entries if e.id == i), None)
            props = entry.facts() if entry else {}
        facts[i] = props
    kept = [
        i
        for i in ids
        if (not c.year or facts[i].get("year") in (None, c.year))
        and (not c.term or facts[i].get("term") in (None, c.term))
        and (not c.plenum or facts[i].get("plenum") in (None, c.plenum))
        and (not c.issuer or not facts[i].get("issuer") or c.issuer in facts[i]["issuer"])
    ]
    if len(kept) > 1 and c.subject:
        said = set(_WORD.findall(fold_key(c.subject)))
        scored = sorted(
            (
                (len(said & set(_WORD.findall(fold_key(
                    " ".join(str(facts[i].get(k) or "") for k in ("title", "subject"))
                )))), i)
                for i in kept
            ),
            reverse=True,
        )  # fmt: skip
        if scored[0][0] >= 2 and scored[0][0] >= 2 * scored[1][0]:
            kept = [scored[0][1]]
    return kept or ids


def _candidate(node_id: str, node: Node | None, registry) -> dict:
    props = node.props if node else {}
    if not props:
        entry = next((e for e in registry.entries if e.id == node_id), None)
        props = entry.facts() if entry else {}
    return {
        "id": node_id,
        "in_graph": node is not None,
        "code": props.get("code"),
        "issued_on": props.get("issued_on"),
        "title": props.get("title") or props.get("subject"),
    }


def _suggest(store: GraphStore, text: str) -> list[str]:
    ids = [n.id for n in store.nodes(Label.DIRECTIVE)]
    return difflib.get_close_matches(slug(text), ids, n=5, cutoff=0.6)


def describe(store: GraphStore, node_id: str) -> dict:
    """A node with its outgoing and incoming links and their evidence (stated first)."""
    node = store.node(node_id)
    if node is None:
        raise NotFound(f"{node_id}: not in the graph; look it up with `show` or GET /directives")

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
    from directive_graph.loaders.resolve import DocumentContext, resolve

    ctx = context or DocumentContext("lookup")
    refs = resolve(citations, ctx, registry)
    wanted = {r.node_id for r in refs if r.node_id} | {c for r in refs for c in r.candidates}
    present = set(store.nodes_by_id(sorted(wanted)))
    out = []
    for ref in refs:
        c = ref.citation
        row: dict[str, Any] = {"citation": c.to_dict(), "how": ref.reason}
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
    """`resolve_reference` as a JSON-ready dict (the API's /citations/resolve)."""
    res = resolve_reference(store, registry, ref, year=year, issuer=issuer)
    if res.status == "found" and res.id and store.node(res.id) is None:
        return {**res.to_dict(), "status": "unknown", "how": f"{res.how}; not in the graph"}
    return res.to_dict()
