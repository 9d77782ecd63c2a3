"""Is a directive still in force, and what replaced it?

`status(store, directive_id, on)` gathers what happened to a directive from two places: the
links texts state (AMENDS, SUPPLEMENTS, REPLACES, REPEALS, SUSPENDS into it, dated by the
acting document) and the registry (the Pháp điển's per-article relations, and the in-force
dates and status a registry row gives). On a date it answers one of:

- "not yet in force": before the date it took effect;
- "in force": known to have taken effect, nothing since;
- "amended": in force, amended or supplemented (by what, from when);
- "partly repealed": some of its articles repealed (a Pháp điển relation is per article);
- "suspended", "replaced", "repealed": by what, from when;
- "no longer in force": its end date passed, or its registry says so;
- "unknown": nothing is known of its force.

Events without a date are listed and counted on any date (flagged `undated`): a text that says
"thay thế Chỉ thị số 35-CT/TW" without saying when still replaced it.
"""

from __future__ import annotations

import functools
import re
from typing import Any, TypedDict

from directive_graph.graph.errors import QueryError
from directive_graph.graph.model import EdgeType, Label
from directive_graph.graph.registry import Entry, Registry
from directive_graph.graph.store import GraphStore

ACTS = (
    EdgeType.AMENDS,
    EdgeType.SUPPLEMENTS,
    EdgeType.REPLACES,
    EdgeType.REPEALS,
    EdgeType.SUSPENDS,
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNTIL = re.compile(r"no longer in force from (\d{4}-\d{2}-\d{2})")  # "hết hiệu lực kể từ ngày"
_ARTICLES = re.compile(r"(\d+) articles in the Pháp điển")
MAX_EVENTS = 200  # a directive amended more often lists the first 200 by date


class Event(TypedDict):
    date: str | None  # when it took effect (or was issued), when known
    type: str  # AMENDS, SUPPLEMENTS, REPLACES, REPEALS, SUSPENDS, IN_FORCE, NO_LONGER_IN_FORCE
    by: str | None  # the acting directive's id
    by_code: str | None
    articles: int | None  # how many of its articles; None: the document as a whole
    stated: bool  # stated by a text or a registry, not inferred
    source: str  # a document id, or the registry file and line
    text: str  # the words or the registry row that say it


class Status(TypedDict):
    directive: str
    code: str | None
    title: str | None
    on: str | None
    status: str
    since: str | None  # the date of the event that decided the status
    by: list[str]  # what replaced, repealed, amended or suspended it (ids)
    in_force_from: str | None
    in_force_until: str | None
    registry_status: str | None  # as a registry states it ("Còn hiệu lực" ...)
    events: list[Event]


@functools.lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return Registry.load()


def status(
    store: GraphStore, directive_id: str, on: str | None = None, registry: Registry | None = None
) -> Status:
    """What is known of a directive's force on `on` (YYYY-MM-DD; None: everything known), from
    the graph and the registry. The directive may be one the graph does not hold yet but the
    registry knows (a decree no loaded text cites)."""
    if on is not None and not _DATE.match(str(on)):
        raise QueryError(f"on={on!r}: give a date as YYYY-MM-DD")
    reg = registry if registry is not None else _default_registry()
    node = store.node(directive_id)
    if node is not None and node.label is not Label.DIRECTIVE:
        raise QueryError(f"{directive_id!r} is a {node.label}, not a directive")
    entries = reg.by_id(directive_id)
    if node is None and not entries:
        raise QueryError(
            f"no directive {directive_id!r} in the graph or the registry; find ids with `show`"
        )
    props: dict[str, Any] = dict(node.props) if node is not None else {}
    for e in entries:  # the registry fills what the graph does not state
        for key, value in e.facts().items():
            props.setdefault(key, value)
    own_texts = (
        tuple(sorted({e.source for e in store.edges(target=directive_id,
                                                      types=(EdgeType.IS_DIRECTIVE,))}))
        if node is not None
        else ()
    )  # fmt: skip  # the texts that are this directive: what they state of its force is theirs
    events = _graph_events(store, directive_id) + _registry_events(reg, entries, props, own_texts)
    events.sort(key=lambda ev: (ev["date"] is None, ev["date"] or "", ev["type"], ev["by"] or ""))
    events = events[:MAX_EVENTS]
    row: Status = {
        "directive": directive_id,
        "code": props.get("code"),
        "title": props.get("title") or props.get("subject"),
        "on": on,
        "status": "unknown",
        "since": None,
        "by": [],
        "in_force_from": props.get("in_force_from"),
        "in_force_until": props.get("in_force_until"),
        "registry_status": props.get("in_force_status"),
        "events": events,
    }
    total = next((int(m.group(1)) for e in entries if (m := _ARTICLES.search(e.note or ""))), None)
    _decide(
        row, [ev for ev in events if on is None or ev["date"] is None or ev["date"] <= on], total
    )
    return row


def _graph_events(store: GraphStore, directive_id: str) -> list[Event]:
    edges = store.edges(target=directive_id, types=ACTS)
    sources = store.nodes_by_id(sorted({e.source for e in edges}))
    out: list[Event] = []
    for e in edges:
        src = sources.get(e.source)
        p = src.props if src is not None else {}
        stated = [ev for ev in e.evidence if ev.stated]
        ev = (stated or e.evidence)[0] if e.evidence else None
        until = _UNTIL.search(ev.note) if ev is not None else None
        out.append({
            "date": until[1] if until else p.get("in_force_from") or p.get("issued_on"),
            "type": str(e.type),
            "by": e.source,
            "by_code": p.get("code"),
            "articles": None,
            "stated": bool(stated),
            "source": ev.document if ev is not None else "",
            "text": (ev.sentence or ev.text) if ev is not None else "",
        })  # fmt: skip
    return out


def _registry_events(
    reg: Registry,
    entries: list[Entry],
    props: dict,
    own_texts: tuple[str, ...] = (),
) -> list[Event]:
    out: list[Event] = []
    codes = {e.code for e in entries} | ({props["code"]} if props.get("code") else set())
    for code in sorted(codes):
        for r in reg.relations_to(code):
            acting = reg.by_code(r.source)
            out.append({
                "date": r.on,
                "type": r.type,
                "by": acting[0].id if len(acting) == 1 else None,
                "by_code": r.source,
                "articles": r.articles,
                "stated": True,
                "source": "registry",
                "text": r.where,
            })  # fmt: skip
    for key, type_ in (("in_force_from", "IN_FORCE"), ("in_force_until", "NO_LONGER_IN_FORCE")):
        if props.get(key):
            listed = [e for e in entries if getattr(e, key)]
            source = "registry" if listed or not own_texts else own_texts[0]
            out.append({
                "date": props[key], "type": type_, "by": None, "by_code": None,
                "articles": None, "stated": True, "source": source,
                "text": next((e.source or "" for e in listed), ""),
            })  # fmt: skip
    return out


def _set(row: Status, status: str, since: str | None = None, by: list[str] | None = None) -> None:
    row["status"], row["since"], row["by"] = status, since, by or []


def _decide(row: Status, events: list[Event], total: int | None) -> None:
    """The status from the events up to the date (latest decisive event wins)."""
    on = row["on"]
    start = row["in_force_from"]
    if on is not None and start and on < start:
        _set(row, "not yet in force", None)
        return
    whole = {"REPLACES": "replaced", "REPEALS": "repealed", "SUSPENDS": "suspended"}
    decisive = None
    amended = []
    for ev in events:
        type_ = ev["type"]
        if type_ == "NO_LONGER_IN_FORCE":
            decisive = ("no longer in force", ev)
        elif type_ in whole and (ev["articles"] is None or (total and ev["articles"] >= total)):
            decisive = (whole[type_], ev)
        elif type_ in ("AMENDS", "SUPPLEMENTS", "REPEALS"):
            amended.append(ev)
    if decisive is not None:
        label, ev = decisive
        by = sorted({e["by"] or e["by_code"] or "" for e in events
                     if e["type"] == ev["type"] and e["date"] == ev["date"]} - {""})  # fmt: skip
        _set(row, label, ev["date"], by)
        return
    if amended:
        parts = [e for e in amended if e["type"] == "REPEALS"]
        last = max(amended, key=lambda e: e["date"] or "")
        label = "partly repealed" if parts else "amended"
        by = sorted({e["by"] or e["by_code"] or "" for e in amended} - {""})
        _set(row, label, last["date"], by)
        return
    registry_status = (row["registry_status"] or "").lower()
    if on is None and "hết hiệu lực toàn bộ" in registry_status:
        _set(row, "no longer in force")
    elif on is None and "chưa có hiệu lực" in registry_status:
        _set(row, "not yet in force")
    elif start or "còn hiệu lực" in registry_status:
        _set(row, "in force", start)


OUTDATED = ("replaced", "repealed", "no longer in force", "suspended")


def check_citations(
    store: GraphStore, registry: Registry, citations: list, on: str | None
) -> list[dict[str, Any]]:
    """Each citation of a text of date `on` (the lookup rows of `lookup_citations`), with a
    `check` where the cited directive was replaced, repealed, suspended or had ceased to be
    in force before that date, naming what replaced it. Without a date the text cannot be
    checked: every row says so.

    >>> from directive_graph.graph.embedded import EmbeddedStore
    >>> from directive_graph.loaders import extract_citations
    >>> import tempfile; store = EmbeddedStore(tempfile.mkdtemp())
    >>> text = "Căn cứ Nghị định số 103/2009/NĐ-CP"
    >>> rows = check_citations(store, Registry.load(), extract_citations(text), "2015-01-01")
    >>> rows[0]["check"]["status"], rows[0]["check"]["outdated"]
    ('partly repealed', False)
    """
    from directive_graph.loaders.resolve import DocumentContext
    from directive_graph.queries.lookup import lookup_citations

    rows = lookup_citations(store, registry, citations, DocumentContext("check", on))
    for row in rows:
        node_id = row.get("id")
        unknown: dict[str, Any] = {"status": "unknown", "since": None, "by": [], "outdated": False}
        if not node_id or (store.node(node_id) is None and not registry.by_id(node_id)):
            row["check"] = {**unknown, "message": None}
            continue
        if on is None:
            row["check"] = {**unknown, "message": "the text has no date: nothing to check against"}
            continue
        found = status(store, node_id, on, registry)
        outdated = found["status"] in OUTDATED
        message = None
        if outdated:
            by = ", ".join(found["by"]) or "a later document"
            since = f" on {found['since']}" if found["since"] else ""
            verb = {"no longer in force": "ceased to be in force"}.get(found["status"])
            what = verb or f"was {found['status']} by {by}"
            message = f"this text of {on} cites {found['code'] or node_id}, which {what}{since}"
        row["check"] = {
            "status": found["status"],
            "since": found["since"],
            "by": found["by"],
            "outdated": outdated,
            "message": message,
        }
    return rows
