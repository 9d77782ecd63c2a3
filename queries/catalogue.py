"""The catalogue of named questions. Each takes a store (any `GraphStore`) and returns plain
data (dicts and lists, JSON-ready), so every store answers identically.

A task's link to a directive is one of four, in this order of rank (`how`):

- "stated": the task's own words name the directive;
- "via": the task names a directive that, as texts state, implements this one (task -> Chương
  trình 05 -> Nghị quyết 27);
- "inherited": the task's document as a whole implements the directive (its title, preamble or
  purpose says so, or a text states it of the document's own directive); the evidence is the
  sentence that states the document's link, never the task's;
- "inferred": the task works on the directive's subject without naming it (a guess with a
  confidence below 1).

Only "stated" is `stated`; only "inferred" is `inferred`. Ranking, everywhere: that order, then by
confidence, then by document and ordinal. Every question that follows task links takes
`include_inferred` (default False): inferred links are guesses, shown only when asked for.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from directive_graph.graph.bodies import canonical_body
from directive_graph.graph.errors import QueryError
from directive_graph.graph.ids import body_id
from directive_graph.graph.model import RELATIONS, Directive, Edge, EdgeType, Evidence, Label, Node
from directive_graph.graph.store import GraphStore
from directive_graph.queries.rows import (
    ChainRow,
    DirectiveRow,
    EdgeRow,
    EvidenceRow,
    LineageBodyRow,
    LineageRow,
    LinkRow,
    TaskLinkRow,
    TaskRow,
)
from directive_graph.queries.status import status

TASK_LINKS = (EdgeType.IMPLEMENTS, EdgeType.REVIEWS)


def _task_view(node: Node | None, task_id: str) -> TaskRow:
    p = node.props if node else {}
    return {
        "id": task_id,
        "ordinal": p.get("ordinal"),
        "text": p.get("text"),
        "document": p.get("document"),
        "period": p.get("period"),
        "responsible": p.get("responsible", []),
    }


def _link_view(edge: Edge, via: list[str]) -> LinkRow:
    stated = [ev for ev in edge.evidence if ev.stated]
    best = stated or sorted(edge.evidence, key=lambda ev: -ev.confidence)
    how = ("via" if via else "stated") if stated else "inferred"
    return _link(str(edge.type), edge.target, how, max(ev.confidence for ev in best), via, best)


def _link(
    type_: str, target: str, how: str, confidence: float, via: list[str], evidence: list[Evidence]
) -> LinkRow:
    return {
        "type": type_,
        "target": target,
        "how": how,
        "stated": how == "stated",
        "inferred": how == "inferred",
        "confidence": confidence,
        "via": via,
        "evidence": [_evidence(ev) for ev in evidence],
    }


def _evidence(ev: Evidence) -> EvidenceRow:
    return ev.to_dict()  # type: ignore[return-value]  # the same keys, made by hand for speed


def tasks_implementing(
    store: GraphStore, directive_id: str, transitive: bool = True, include_inferred: bool = False
) -> list[TaskLinkRow]:
    """Tasks that carry out (IMPLEMENTS) or review (REVIEWS) a directive.

    Transitive answers include the tasks of plans that implement it: a task of KH 03-KH/TW
    implements KL 21-KL/TW through the plan (`via`: ["3-kh-tw-2021", "21-kl-tw-2021"]).
    Returns one row per task: the task and its best link, stated before inferred.
    """
    targets, links, own, tasks, hops = store.tasks_implementing_raw(directive_id, transitive)
    best: dict[str, LinkRow] = {}

    def offer(task_id: str, link: LinkRow) -> None:
        if link["inferred"] and not include_inferred:
            return
        old = best.get(task_id)
        if old is None or _link_key(link) < _link_key(old):
            best[task_id] = link

    for e in links:
        path = targets[e.target]
        offer(e.source, _link_view(e, path[1:] if len(path) > 1 else []))
    for target, has in own:
        # the tasks of a text that as a whole implements the directive: the evidence is the
        # sentence that states the text's link
        hop = hops.get(target)
        evidence = hop.evidence if hop is not None else []
        offer(has.target, _link(str(EdgeType.IMPLEMENTS), target, "inherited", 1.0,
                                targets[target], evidence))  # fmt: skip
    rows: list[TaskLinkRow] = [
        {"task": _task_view(tasks.get(t), t), "link": link} for t, link in best.items()
    ]
    return sorted(
        rows,
        key=lambda r: (
            _rank(r["link"]),
            r["task"]["document"] or "",
            _ordinal_key(r["task"]["ordinal"]),
            r["task"]["id"],
        ),
    )


def _link_key(link: LinkRow) -> tuple:
    """A total order of links: the rank, then fields that make ties deterministic."""
    return (_rank(link), link["type"], link["target"], link["via"])


_HOW_RANK = {"stated": 0, "via": 1, "inherited": 2, "inferred": 3}


def _rank(link: LinkRow) -> tuple:
    return (_HOW_RANK[link["how"]], -link["confidence"])


def _ordinal_key(ordinal: str | None) -> tuple:
    """Ordinals in reading order: numbers as numbers, letters in the Vietnamese alphabet's order
    ("d", "đ", "e": a plan's items d), đ), e)).

    >>> sorted(["II.1.g", "II.1.đ", "II.1.e", "II.10", "II.2"], key=_ordinal_key)
    ['II.1.đ', 'II.1.e', 'II.1.g', 'II.2', 'II.10']
    """
    parts = (ordinal or "").split(".")
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p.replace("đ", "d~").replace("Đ", "D~"))
        for p in parts
    )


def directives_of_task(
    store: GraphStore, task_id: str, include_inferred: bool = False
) -> list[LinkRow]:
    """Directives a task carries out: its own links, then (transitively) what those implement,
    and what the plan it belongs to implements."""
    if store.node(task_id) is None:
        raise QueryError(f"no task {task_id!r}; list tasks with `tasks REF` or `export`")
    out: dict[str, LinkRow] = {}

    def offer(link: LinkRow) -> None:
        if link["inferred"] and not include_inferred:
            return
        old = out.get(link["target"])
        if old is None or _link_key(link) < _link_key(old):
            out[link["target"]] = link

    for e in store.edges(source=task_id, types=TASK_LINKS):
        link = _link_view(e, [])
        offer(link)
        how = "via" if link["how"] == "stated" else link["how"]
        for upstream, path in _implemented_by(store, e.target).items():
            offer({**link, "type": str(EdgeType.IMPLEMENTS), "target": upstream, "via": path,
                   "how": how, "stated": False})  # fmt: skip
    task = store.node(task_id)
    doc = task.props.get("document") if task else None
    plans = [e.target for e in store.edges(source=doc, types=(EdgeType.IS_DIRECTIVE,))]
    for plan in [*plans, doc] if doc else []:
        for upstream, path in _implemented_by(store, plan).items():
            hop = store.edges(source=plan, target=(path[1:] or [upstream])[0],
                              types=(EdgeType.IMPLEMENTS,))  # fmt: skip
            evidence = hop[0].evidence if hop else []
            offer(_link(str(EdgeType.IMPLEMENTS), upstream, "inherited", 1.0, path, evidence))
    return sorted(out.values(), key=lambda lk: (_rank(lk), lk["target"]))


def _implemented_by(store: GraphStore, directive_id: str) -> dict[str, list[str]]:
    """What a directive implements, transitively, with paths ending at each target."""
    paths: dict[str, list[str]] = {}
    queue: deque[tuple[str, list[str]]] = deque([(directive_id, [])])
    seen = {directive_id}
    while queue:
        current, path = queue.popleft()
        for e in store.edges(source=current, types=(EdgeType.IMPLEMENTS,)):
            if e.target in seen:
                continue
            seen.add(e.target)
            paths[e.target] = [*path, current] if path or current != directive_id else [current]
            queue.append((e.target, [*path, current]))
    return paths


def implementation_chain(
    store: GraphStore, directive_id: str, include_inferred: bool = False
) -> ChainRow:
    """Everything downstream of a directive: plans that implement it (at any depth), directives
    that review, guide or amend it, the tasks that carry it out, and the documents that
    mention it or any of its plans."""
    _require_directive(store, directive_id)
    plans = store.implementers(directive_id)
    related: dict[EdgeType, list[str]] = {
        t: [] for t in (EdgeType.REVIEWS, EdgeType.GUIDES, EdgeType.AMENDS)
    }
    for t in related:
        for e in store.edges(target=directive_id, types=(t,)):
            source = store.node(e.source)
            if source is not None and source.label is Label.DIRECTIVE:
                related[t].append(e.source)
    documents = set()
    for node in plans:
        for e in store.edges(target=node, types=(EdgeType.MENTIONS,)):
            documents.add(e.source)
    return {
        "directive": directive_id,
        "plans": [
            {"id": p, "via": path[1:]} for p, path in sorted(plans.items()) if p != directive_id
        ],
        "reviews": sorted(related[EdgeType.REVIEWS]),
        "guides": sorted(related[EdgeType.GUIDES]),
        "amends": sorted(related[EdgeType.AMENDS]),
        "tasks": tasks_implementing(store, directive_id, True, include_inferred),
        "documents": sorted(documents),
    }


def cites(store: GraphStore, directive_id: str) -> list[EdgeRow]:
    """What a directive cites: its outgoing links to other directives, with evidence."""
    _require_directive(store, directive_id)
    edges = store.edges(source=directive_id, types=RELATIONS)
    return sorted((_edge_row(e) for e in edges), key=lambda r: (r["type"], r["target"]))


def cited_by(store: GraphStore, directive_id: str) -> list[EdgeRow]:
    """What cites a directive: directives linking to it, and documents mentioning it."""
    _require_directive(store, directive_id)
    edges = store.edges(target=directive_id, types=(*RELATIONS, EdgeType.MENTIONS))
    sources = store.nodes_by_id(sorted({e.source for e in edges}))
    rows = [_edge_row(e) for e in edges if sources[e.source].label is not Label.TASK]
    return sorted(rows, key=lambda r: (r["type"], r["source"]))


def _edge_row(e: Edge) -> EdgeRow:
    return {
        "source": e.source,
        "target": e.target,
        "type": str(e.type),
        "evidence": [_evidence(ev) for ev in e.evidence],
    }


def directives(
    store: GraphStore,
    issuer: str | None = None,
    kind: str | None = None,
    year: int | str | None = None,
    term: str | None = None,
    after: str | None = None,
    limit: int | None = None,
) -> list[DirectiveRow]:
    """Directives filtered by issuer (name or body id), kind, year and term: all of them by
    date, or with `limit` a page in id order (the first `limit` with ids after `after`)."""
    name = _issuer_name(store, issuer) if issuer else None
    try:
        year = int(year) if year else None
    except ValueError:
        raise QueryError(f"year={year!r} is not a year; write it as 2022") from None
    found = store.directives_matching(
        kind=kind, year=year, term=term, issuer=name, after=after,
        limit=limit,
    )  # fmt: skip
    out = [_directive_row(n) for n in found]
    if limit is not None:
        return out
    return sorted(out, key=lambda r: (r["issued_on"] or str(r["year"] or ""), r["id"]))


def _issuer_name(store: GraphStore, issuer: str) -> str:
    """A body id ("body-bo-chinh-tri") names its body; anything else is a name already."""
    node = store.node(issuer) if issuer.startswith("body-") else None
    if node is not None and node.label is Label.BODY:
        return node.props.get("name") or issuer
    return issuer


def _directive_row(n: Node) -> DirectiveRow:
    d = Directive.from_props(n.id, n.props)
    return {
        "id": d.id,
        "code": d.code,
        "kind": d.kind,
        "year": d.year,
        "issued_on": d.issued_on,
        "issuer": d.issuer,
        "term": d.term,
        "title": d.display_title,
    }


def unimplemented(store: GraphStore, include_inferred: bool = False) -> list[DirectiveRow]:
    """Directives that no task carries out, directly or through a plan."""
    native = store.unimplemented_directives(include_inferred)
    if native is not None:
        return sorted((_directive_row(n) for n in native), key=lambda r: r["id"])
    rows = []
    for n in store.nodes(Label.DIRECTIVE):
        if not tasks_implementing(store, n.id, True, include_inferred):
            rows.append(_directive_row(n))
    return sorted(rows, key=lambda r: r["id"])


def timeline(store: GraphStore, issuer: str) -> list[DirectiveRow]:
    """An issuer's directives in date order (undated ones last, by year)."""
    rows = directives(store, issuer=issuer)
    return sorted(
        rows, key=lambda r: (r["issued_on"] is None, r["issued_on"] or "", r["year"] or 0)
    )


HISTORY = (EdgeType.SUCCEEDED_BY, EdgeType.MERGED_INTO)
MAX_LINEAGE = 200  # bodies: far more than any chain of mergers in the tables


def lineage(store: GraphStore, body: str) -> LineageRow:
    """The bodies that now make up `body` (a body id or a name: "Bộ Tài chính"): it, and every
    body renamed, split or merged into it at any depth (Bộ Kế hoạch và Đầu tư, merged into Bộ
    Tài chính in 2025), nearest first, each with its directives in date order."""
    node = store.node(body) if body.startswith("body-") else None
    if node is None:
        node = store.node(body_id(canonical_body(body) or body))
    if node is None or node.label is not Label.BODY:
        raise QueryError(f"no body {body!r}; list them with GET /bodies or `query directives`")
    order, level = [node.id], [node.id]
    while level and len(order) < MAX_LINEAGE:
        found = sorted(
            {e.source for b in level for e in store.edges(target=b, types=HISTORY)} - set(order)
        )
        order.extend(found[: MAX_LINEAGE - len(order)])
        level = found
    nodes = store.nodes_by_id(order)
    rows: list[LineageBodyRow] = []
    for bid in order:
        p = nodes[bid].props if bid in nodes else {}
        issued = [e.source for e in store.edges(target=bid, types=(EdgeType.ISSUED_BY,))]
        found_nodes = store.nodes_by_id(sorted(set(issued)))
        directives_ = [_directive_row(n) for n in found_nodes.values()]
        directives_.sort(key=lambda r: (r["issued_on"] or str(r["year"] or ""), r["id"]))
        became = sorted(store.edges(source=bid, types=HISTORY), key=lambda e: e.target)
        rows.append({
            "id": bid, "name": p.get("name"), "existed_from": p.get("existed_from"),
            "existed_until": p.get("existed_until"), "became": [_edge_row(e) for e in became],
            "directives": directives_,
        })  # fmt: skip
    return {"body": node.id, "bodies": rows}


def _require_directive(store: GraphStore, directive_id: str) -> None:
    node = store.node(directive_id)
    if node is None or node.label is not Label.DIRECTIVE:
        raise QueryError(
            f"no directive {directive_id!r}; find ids with `show` or `query directives`"
        )


@dataclass(frozen=True, slots=True)
class Query:
    function: Callable
    params: tuple[str, ...]  # the first ones may be given positionally
    doc: str
    # the directive may be one only the registry knows (status); the function takes `registry`
    registry: bool = False


QUERIES: dict[str, Query] = {
    "tasks-implementing": Query(
        tasks_implementing, ("directive_id", "transitive", "include_inferred"),
        "tasks that implement or review a directive",
    ),
    "directives-of-task": Query(
        directives_of_task, ("task_id", "include_inferred"), "directives a task carries out"
    ),
    "implementation-chain": Query(
        implementation_chain, ("directive_id", "include_inferred"),
        "plans, reviews, tasks and documents downstream of a directive",
    ),
    "cites": Query(cites, ("directive_id",), "what a directive cites"),
    "cited-by": Query(cited_by, ("directive_id",), "what cites a directive"),
    "directives": Query(directives, ("issuer", "kind", "year", "term"), "directives by filters"),
    "unimplemented": Query(
        unimplemented, ("include_inferred",), "directives with no implementing task"
    ),
    "timeline": Query(timeline, ("issuer",), "an issuer's directives in date order"),
    "lineage": Query(
        lineage, ("body",),
        "the bodies that now make up a body (merged or renamed into it) and their directives",
    ),
    "status": Query(
        status, ("directive_id", "on"),
        "in force, amended, replaced or repealed (on a date), and by what", registry=True,
    ),
}  # fmt: skip


def run_query(store: GraphStore, name: str, args: list[str], registry=None) -> object:
    """Run a named query with arguments written as `value` (positional) or `key=value`. With a
    registry, a `directive_id` may be any reference ("KL 21"), resolved as the CLI and the API
    resolve it."""
    query = QUERIES.get(name)
    if query is None:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(QUERIES))}")
    kwargs: dict[str, object] = {}
    positional = 0
    for arg in args:
        key, sep, value = arg.partition("=")
        if sep and key in query.params:
            kwargs[key] = _value(value)
        else:
            if positional >= len(query.params):
                raise QueryError(f"{name} takes {', '.join(query.params)}; got {arg!r}")
            kwargs[query.params[positional]] = _value(arg)
            positional += 1
    ref = kwargs.get("directive_id")
    if registry is not None and isinstance(ref, str):
        from directive_graph.queries.lookup import require_directive, require_known

        find = require_known if query.registry else require_directive
        kwargs["directive_id"] = find(store, registry, ref)
    if query.registry and registry is not None:
        kwargs["registry"] = registry
    try:
        return query.function(store, **kwargs)
    except TypeError as e:
        raise QueryError(f"{name} takes {', '.join(query.params)}: {e}") from e


def _value(text: str) -> object:
    low = text.lower()
    if low in ("true", "yes"):
        return True
    if low in ("false", "no"):
        return False
    return text
