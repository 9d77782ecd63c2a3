"""Resolution: each citation of a document -> the id of the one directive it means, or an honest
"unresolved" with the candidates.

Evidence is used in this order: the citation itself (a code with its year or date); the same
document's other citations (a full citation gives its year to the later "NQ 18"); the registry
of central directives, filtered by what the context says (term, plenum, issuer, a date the
directive cannot postdate, the subject). Ambiguity is kept: two candidates left means no merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from directive_graph.graph.bodies import canonical_body, place_of
from directive_graph.graph.history import issuer_on
from directive_graph.graph.ids import (
    congress_id,
    directive_id,
    is_local,
    named_id,
    plenum_id,
)
from directive_graph.graph.model import Citation, Form, Kind, directive_facts
from directive_graph.graph.places import place_at, province_level
from directive_graph.graph.registry import Entry, Registry, title_key
from directive_graph.graph.text import fold_key

# Registry entries for a (kind, number) short form are looked up only for these symbols: a bare
# "Nghị quyết 18" in a Party text means the central Party resolution, not a provincial one.
_SHORT_DEFAULT_SYMBOLS = {Kind.NGHI_DINH: "NĐ-CP"}


@dataclass(slots=True)
class DocumentContext:
    document_id: str
    issued_on: str | None = None  # the document's own date: nothing it cites can be later
    locality: str | None = None  # the province or city of its letterhead
    # a text with no date of its own was written no earlier than the documents it cites
    # (latest_cited): only the version of a law it names without a year is chosen by that day
    reading_date: str | None = None


@dataclass(slots=True)
class Reference:
    """A citation and what it resolved to."""

    citation: Citation
    node_id: str | None
    reason: str  # how it was resolved, or why not
    candidates: list[str] = field(default_factory=list)
    registry: Entry | None = None  # the registry entry it matched, whose facts join the node
    possibly: list[str] = field(default_factory=list)  # documents it may be the same as
    place: str | None = None  # the province of a local issuer that names none, from a mention

    @property
    def resolved(self) -> bool:
        return self.node_id is not None

    def facts(self) -> dict:
        """Node properties this mention states (the registry's come separately)."""
        c = self.citation
        out = directive_facts(c)
        if self.registry and c.form is not Form.FULL:
            # a short or unnumbered mention names the registry's directive, not a new code
            out.pop("code", None)
        if self.possibly:
            out["possibly"] = self.possibly
        if not out.get("issuer") and c.kind in _PASSED_BY:  # a law is the National Assembly's
            out["issuer"] = _PASSED_BY[c.kind]
        if out.get("issuer"):  # the body as it was named when the document was issued
            if self.place and _bare_level(out["issuer"]):
                # "... Đảng bộ tỉnh" + "Sóc Trăng": the Tỉnh ủy Sóc Trăng
                out["issuer"] = canonical_body(f"{out['issuer']} {self.place}")
            out["issuer"] = issuer_on(out["issuer"], out.get("issued_on") or out.get("year"))
        return out


Lookup = Callable[[Citation], list[Entry]]
# Who passes a kind, by the Constitution: laws, codes and the Constitution the National Assembly,
# ordinances its Standing Committee
_PASSED_BY = {
    Kind.LUAT: "Quốc hội", Kind.BO_LUAT: "Quốc hội", Kind.HIEN_PHAP: "Quốc hội",
    Kind.PHAP_LENH: "Ủy ban Thường vụ Quốc hội",
}  # fmt: skip
# A local body named by its level alone: "Ban Chấp hành Đảng bộ tỉnh", "Ủy ban nhân dân huyện"
_BARE_LEVEL = re.compile(r"(?:^|\s)(?:tỉnh|thành phố|huyện|quận|thị xã|tỉnh ủy|thành ủy)$", re.I)


def resolve(citations: list[Citation], ctx: DocumentContext, registry: Registry) -> list[Reference]:
    """Resolve every citation of one document (same order as given)."""
    refs: list[Reference | None] = [None] * len(citations)
    local_codes: dict[str, str] = {}  # code -> id, from this document's dated citations
    local_numbers: dict[tuple[str, str | None], set[str]] = {}  # (kind, number) -> ids
    local_titles: dict[str, str] = {}  # law title key -> id with year
    # A local directive's province, from a mention whose issuer names it: "Chương trình số
    # 27-CTr/TU ... của Ban Chấp hành Đảng bộ tỉnh Sóc Trăng" places the same code's other
    # mentions ("... của Ban Chấp hành Đảng bộ tỉnh") there, not in the text's own province.
    places: dict[tuple[str, int], str] = {}
    for c in citations:
        if c.form is Form.FULL and c.year is not None and c.code and is_local(c.symbol or ""):
            place = place_of(c.issuer_text)
            if place:
                places.setdefault((c.code.upper(), c.year), place)
    # Pass 1: citations that carry their own year.
    for i, c in enumerate(citations):
        if c.form is Form.FULL and c.year is not None:
            assert c.code is not None  # a full citation is read from its code
            named_place = places.get((c.code.upper(), c.year))
            node = _numbered_id(c, c.year, ctx, named_place)
            if node:
                entry = _registry_match(registry, c, node)
                refs[i] = Reference(
                    c, node, "code and year stated", registry=entry, place=named_place
                )
                local_codes.setdefault(c.code.upper(), node)
                local_numbers.setdefault((str(c.kind), c.number), set()).add(node)
                if c.title:  # "Luật Đất đai số 31/2024/QH15": its name names it elsewhere
                    local_titles.setdefault(title_key(c.title), node)
                    local_titles.setdefault(f"{title_key(c.title)}|{c.year}", node)
    for i, c in enumerate(citations):
        if refs[i] is None and c.form is Form.NAMED and c.year and c.title:
            named = _resolve_named(c, registry, local_titles)
            refs[i] = named
            assert named.node_id is not None  # a law by name always gets an id
            local_titles.setdefault(title_key(c.title), named.node_id)
    # Pass 2: the rest, using what pass 1 learnt.
    for i, c in enumerate(citations):
        if refs[i] is not None:
            continue
        bound = _date_bound(citations, i, ctx)
        if c.form is Form.FULL:
            refs[i] = _resolve_code(c, ctx, registry, local_codes, bound)
        elif c.form is Form.SHORT:
            refs[i] = _resolve_short(c, ctx, registry, local_numbers, bound)
        elif c.form is Form.UNNUMBERED:
            refs[i] = _resolve_unnumbered(c, ctx, registry, bound)
        else:
            refs[i] = _resolve_named(c, registry, local_titles, bound or ctx.reading_date)
    out = [r for r in refs if r is not None]
    for ref in out:  # "của UBND tỉnh", "của Ban Thường vụ Tỉnh ủy": which province's
        c = ref.citation
        if ref.place is None and ref.node_id and c.issuer_text and is_local(c.symbol or ""):
            level = _bare_level(c.issuer_text)
            if level and level == province_level(ctx.locality):
                ref.place = ctx.locality  # the text's own province, named by its letterhead
    return out


def _bare_level(issuer: str) -> str | None:
    """The level of a local body named without its place ("Ủy ban nhân dân tỉnh": "tỉnh",
    "Ban Thường vụ Thành ủy": "thành phố"), None for one with a place or no local body.

    >>> _bare_level("Ủy ban nhân dân tỉnh"), _bare_level("Ban thường vụ Thành ủy")
    ('tỉnh', 'thành phố')
    >>> _bare_level("Ủy ban nhân dân tỉnh Quảng Trị") is None
    True
    """
    m = _BARE_LEVEL.search(issuer)
    if m is None:
        return None
    word = m.group().strip().lower()
    return {"tỉnh ủy": "tỉnh", "thành ủy": "thành phố"}.get(word, word)


def latest_cited(citations: list[Citation]) -> str | None:
    """The latest day among the dated documents a text cites: a text with no date of its own was
    written no earlier (it cites what exists).

    >>> from directive_graph.loaders import extract_citations
    >>> latest_cited(extract_citations("Kết luận số 121-KL/TW, ngày 24/01/2025 và Chỉ thị số "
    ...                                "35-CT/TW ngày 14/6/2024"))
    '2025-01-24'
    """
    return max((c.issued_on for c in citations if c.issued_on), default=None)


def _resolve_named(
    c: Citation, registry: Registry, local_titles: dict[str, str], bound: str | None = None
) -> Reference:
    """A law or code by name: the same name numbered or dated elsewhere in the document, else
    the registry's one law of that name (and year), else, named without a year in a text of
    date `bound`, the version of that name in force on that date (the latest that took effect
    by then, when every version the registry knows has a date), else an id made of the name."""
    title = _known_head(registry, c.kind, c.title or c.text)
    key = title_key(title)
    known = local_titles.get(f"{key}|{c.year}" if c.year else key)
    if known:
        return Reference(c, known, "the same law named with its number in this document")
    entries = registry.by_title(c.kind, title, c.year) if c.year else []
    if len(entries) > 1 and c.issued_on:  # two laws of one name in a year: the one of that day
        entries = [e for e in entries if e.issued_on == c.issued_on] or entries
    if len(entries) == 1:  # (a name without a year may be any version of the law)
        return Reference(c, entries[0].id, "registry: the law of that name", registry=entries[0])
    near = registry.by_title_near(c.kind, title, c.issued_on) if c.issued_on and not entries else []
    if len(near) == 1:  # "Luật Thuế đô ngày 28 tháng 6 năm 2024": a slip for "Luật Thủ đô"
        how = f"registry: the law of {c.issued_on} whose name is one slip away"
        return Reference(c, near[0].id, how, registry=near[0])
    if not c.year and bound:
        current = _in_force_on(registry.by_title(c.kind, title), bound)
        if current is not None:
            how = f"registry: the law of that name in force on {bound}"
            return Reference(c, current.id, how, registry=current)
    how = "named with its year" if c.year else "named"
    ref = Reference(c, named_id(c.kind, title, c.year), how)
    # the versions it may be are kept as a possible identity, never merged blindly
    ref.possibly = sorted({e.id for e in registry.by_title(c.kind, title)} - {ref.node_id})
    return ref


def _known_head(registry: Registry, kind: Kind, title: str) -> str:
    """A law's name as read, or, when no law has it, its longest part before a comma that a
    law has: "Luật Dân quân tự vệ , coi trọng sử dụng cán bộ" (word-segmented text, where a
    comma stands apart) is "Luật Dân quân tự vệ"; "Luật Cán bộ, công chức" stays whole."""
    if "," not in title or registry.by_title(kind, title):
        return title
    cuts = [i for i, ch in enumerate(title) if ch == ","]
    for cut in reversed(cuts):
        head = title[:cut].rstrip()
        if registry.by_title(kind, head):
            return head
    return title


def _in_force_on(versions: list[Entry], day: str) -> Entry | None:
    """The version that took effect last by `day`; None when a version has no date (it might
    be the one) or none had taken effect."""
    dated = [(e.in_force_from or e.issued_on, e) for e in versions]
    if not dated or any(d is None for d, _ in dated):
        return None
    before = sorted((d, e.id, e) for d, e in dated if d is not None and d <= day)
    return before[-1][2] if before else None


def _numbered_id(
    c: Citation, year: int, ctx: DocumentContext, named: str | None = None
) -> str | None:
    """The id of a numbered citation of `year`; `named`: the province another mention of the
    same code names, for one whose issuer names none."""
    code_has_year = bool(c.code and f"/{year}/" in c.code)
    # the province under the name it had when the document was issued (Huế, not split)
    locality = place_at(place_of(c.issuer_text) or named or ctx.locality, year)
    if is_local(c.symbol or "") and not locality:
        locality = ctx.document_id  # scoped to its document rather than merged blindly
    return directive_id(c.number or "0", c.symbol or "", year, code_has_year, locality)


def _registry_match(registry: Registry, c: Citation, node: str) -> Entry | None:
    for e in registry.by_code(c.code or ""):
        if e.id == node:
            return e
    return None


def _date_bound(citations: list[Citation], i: int, ctx: DocumentContext) -> str | None:
    """The latest date the cited directive may have: a dated directive citing it in the same
    clause ("Kết luận ... ngày 22/5/2020 ... về kết quả thực hiện Nghị quyết 18") or the
    document's own date."""
    c = citations[i]
    for j in range(i - 1, max(-1, i - 6), -1):
        a = citations[j]
        if a.issued_on and a._context_end >= c._norm_span[0] and a._list_head != c._list_head:
            return a.issued_on
    return ctx.issued_on


def _filter(entries: list[Entry], c: Citation, bound: str | None) -> list[Entry]:
    out = entries
    if c.term:
        out = [e for e in out if e.term in (None, c.term)]
    if c.plenum:
        out = [e for e in out if e.plenum in (None, c.plenum)]
    if c.year:
        out = [e for e in out if e.year in (None, c.year)]
    if c.issued_on:
        out = [e for e in out if e.issued_on in (None, c.issued_on)]
    if c.issuer:
        out = [e for e in out if e.issuer is None or c.issuer in e.issuer or e.issuer in c.issuer]
    if bound:
        out = [e for e in out if e.issued_on is None or e.issued_on <= bound]
    if len(out) > 1 and c.subject:
        out = _by_subject(out, c.subject)
    return out


_WORD = re.compile(r"\w+")


def _by_subject(entries: list[Entry], subject: str) -> list[Entry]:
    """Keep the one entry whose title shares clearly more words with the subject, if any."""
    said = set(_WORD.findall(fold_key(subject)))
    scored = []
    for e in entries:
        title = set(_WORD.findall(fold_key(e.title or "")))
        overlap = len(said & title) / max(1, len(said | title))
        scored.append((overlap, e))
    scored.sort(key=lambda x: -x[0])
    best, second = scored[0][0], scored[1][0]
    if best >= 0.3 and best >= 2 * second:
        return [scored[0][1]]
    return entries


CORPUS = "corpus: "  # the source of an entry made from a loaded text (Registry.with_corpus)


def corpus_entries(citations: list[Citation], where: str) -> list[Entry]:
    """What a text states of the codes it cites with their year: entries for
    Registry.with_corpus, sourced to `where` (the text's path)."""
    from directive_graph.graph.registry import entry_of_row

    out = []
    for c in citations:
        if c.form is Form.FULL and c.year and c.code and not is_local(c.symbol or ""):
            row = {k: "" if v is None else str(v) for k, v in directive_facts(c).items()}
            row["source"] = f"{CORPUS}{where}"
            out.append(entry_of_row(row, where))
    return out


def graph_entries(nodes: list) -> list[Entry]:
    """What the graph holds of a code (its Directive nodes with a year no source disputes),
    as entries for Registry.with_corpus: texts loaded before date later texts' mentions."""
    from directive_graph.graph.registry import entry_of_row

    out = []
    for n in nodes:
        p = n.props
        if not p.get("year") or "year" in (p.get("conflicts") or {}) or not p.get("code"):
            continue
        row = {k: "" if p.get(k) is None else str(p[k]) for k in ("code", "kind", "number",
               "year", "symbol", "issued_on", "issuer", "term", "plenum")}  # fmt: skip
        row["source"] = f"{CORPUS}the graph's {n.id}"
        entry = entry_of_row(row, n.id)
        if entry.id == n.id:  # (a node made another way keeps its own id)
            out.append(entry)
    return out


def _pick(
    c: Citation, candidates: list[Entry], bound: str | None, what: str, fallback: str | None = None
) -> Reference:
    kept = _filter(candidates, c, bound)
    if len(kept) == 1 and (kept[0].source or "").startswith(CORPUS):
        # another loaded text dates it: its id, not its facts (the text states those itself)
        how = f"{what} dated by another loaded text ({(kept[0].source or '')[len(CORPUS) :]})"
        return Reference(c, kept[0].id, how)
    if len(kept) == 1:
        return Reference(c, kept[0].id, f"registry: the only {what} that fits", registry=kept[0])
    if fallback:
        return Reference(c, fallback, f"{what} not in the registry")
    ids = sorted({e.id for e in (kept or candidates)})
    if not candidates:
        return Reference(c, None, f"{what}: no year in the text and none in the registry")
    return Reference(c, None, f"ambiguous {what}: the context does not decide", ids)


def _resolve_code(
    c: Citation,
    ctx: DocumentContext,
    registry: Registry,
    local_codes: dict[str, str],
    bound: str | None,
) -> Reference:
    known = local_codes.get((c.code or "").upper())
    if known:
        return Reference(c, known, "same code dated elsewhere in this document")
    return _pick(c, registry.by_code(c.code or ""), bound, f"code {c.code}")


def _resolve_short(
    c: Citation,
    ctx: DocumentContext,
    registry: Registry,
    local_numbers: dict[tuple[str, str | None], set[str]],
    bound: str | None,
) -> Reference:
    if c.year and c.kind in _SHORT_DEFAULT_SYMBOLS:  # "NĐ 15/2020"
        symbol = _SHORT_DEFAULT_SYMBOLS[c.kind]
        node = directive_id(c.number or "0", symbol, c.year, True, None)
        return Reference(c, node, f"short form with its year, {symbol} assumed")
    local = local_numbers.get((str(c.kind), c.number or ""), set())
    if len(local) == 1:
        return Reference(c, next(iter(local)), "full citation in this document")
    if len(local) > 1:
        return Reference(
            c, None, "this document cites two directives with that number", sorted(local)
        )
    entries = [e for e in registry.by_kind_number(c.kind, c.number or "") if _central(e)]
    return _pick(c, entries, bound, f"{c.kind} {c.number}")


def _central(e: Entry) -> bool:
    return bool(e.symbol) and not is_local(e.symbol or "")


def _resolve_unnumbered(
    c: Citation, ctx: DocumentContext, registry: Registry, bound: str | None
) -> Reference:
    if c.congress:
        local = None
        if c.issuer and c.issuer.startswith("Đại hội Đảng bộ"):
            local = c.issuer.removeprefix("Đại hội ")
        if local:
            node = congress_id(c.congress, local, ctx.locality or ctx.document_id)
            return Reference(c, node, "local congress resolution")
        entries = registry.congress(c.congress)
        fallback = congress_id(c.congress)
        if len(entries) == 1:
            return Reference(c, entries[0].id, "registry: congress resolution", registry=entries[0])
        return Reference(c, fallback, "congress resolution")
    if c.plenum and c.term:
        entries = registry.plenum_documents(c.kind, c.plenum, c.term)
        if not entries:
            return Reference(
                c, plenum_id(c.kind, c.plenum, c.term), "plenum document, no number known"
            )
        return _pick(c, entries, bound, f"{c.kind} of plenum {c.plenum}, term {c.term}")
    return Reference(c, None, "plenum without a term: the text does not say which term")
