"""The registry shipped with the project: central directives checked by hand
(`graph/data/registry.csv`), the state documents of the Pháp điển (`graph/data/phapdien.csv`)
and what they did to each other (`graph/data/relations.csv`: amends, supplements, repeals, with
the number of articles concerned); the last two are built by `directive-graph registry build`.

A lookup the resolver is given (not one it imports): which directives a short or unnumbered
reference may mean, with facts checked against public sources.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from directive_graph.graph.errors import RegistryError
from directive_graph.graph.ids import congress_id, directive_id, named_id, slug
from directive_graph.graph.model import REGISTRY_FIELDS, Kind, directive_facts
from directive_graph.graph.text import fold_key

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA / "registry.csv"
PHAPDIEN_PATH = DATA / "phapdien.csv"
RELATIONS_PATH = DATA / "relations.csv"
# A registry's columns: what it states of a directive, and where that comes from.
FIELDS = (*REGISTRY_FIELDS, "source", "note")


RELATION_FIELDS = ("source", "type", "target", "articles", "on", "where")


@dataclass(frozen=True, slots=True)
class Relation:
    """What a registry says one document did to another: `source` AMENDS, SUPPLEMENTS,
    REPEALS, REPLACES or SUSPENDS `target` (both codes), in `articles` of its articles (None: the
    document as a whole), from `on` (when known); `where` is the row's source."""

    source: str
    type: str
    target: str
    articles: int | None
    on: str | None
    where: str


# Kinds cited by name ("Luật Đất đai năm 2024"), which a registry can find by their title.
NAMED_KINDS = (Kind.LUAT, Kind.BO_LUAT, Kind.PHAP_LENH, Kind.HIEN_PHAP)
_TYPE_PREFIX = re.compile(r"^(?:bộ\s+luật|luật|pháp\s+lệnh|hiến\s+pháp)\s+")


def title_key(title: str) -> str:
    """A law's name as a key: no type word, no diacritics ("Luật Đất đai" -> "dat-dai"), so a
    slip of a tone mark ("Luật Đầu thầu") still finds "Luật Đấu thầu"."""
    return slug(_TYPE_PREFIX.sub("", fold_key(title)))


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    kind: Kind
    number: str | None
    year: int | None
    symbol: str | None
    issued_on: str | None
    issuer: str | None
    term: str | None
    plenum: int | None
    congress: str | None
    title: str | None
    source: str | None
    note: str | None
    in_force_from: str | None = None
    in_force_until: str | None = None
    in_force_status: str | None = None

    @property
    def id(self) -> str:
        if self.congress and self.code.upper().startswith("DH-"):
            return congress_id(self.congress)
        if self.number and self.symbol:
            code_has_year = f"/{self.year}/" in self.code if self.year else False
            made = directive_id(self.number, self.symbol, self.year, code_has_year, None)
            if made:
                return made
        return named_id(self.kind, self.title or self.code, self.year)

    def facts(self) -> dict:
        """Node properties this entry vouches for."""
        out = directive_facts(self, REGISTRY_FIELDS)
        if self.code.upper().startswith("DH-"):  # a congress's own code names no document
            out.pop("code", None)
        return out


def _int(value: str) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def entry_of_row(row: dict, where: str) -> Entry:
    """A registry row (CSV or JSON, values as text) as an Entry; `where` names it in errors."""
    try:
        kind = Kind(row["kind"].strip())
    except (KeyError, ValueError) as e:
        raise RegistryError(
            f"{where}: unknown kind {row.get('kind')!r}; use one of {[k.value for k in Kind]}"
        ) from e
    code = (row.get("code") or "").strip()
    if not code:
        raise RegistryError(f"{where}: empty code; every row needs its official code")
    return Entry(
        code=code,
        kind=kind,
        number=(row.get("number") or "").strip() or None,
        year=_int(row.get("year") or ""),
        symbol=(row.get("symbol") or "").strip() or None,
        issued_on=(row.get("issued_on") or "").strip() or None,
        issuer=(row.get("issuer") or "").strip() or None,
        term=(row.get("term") or "").strip().upper() or None,
        plenum=_int(row.get("plenum") or ""),
        congress=(row.get("congress") or "").strip().upper() or None,
        title=(row.get("title") or "").strip() or None,
        source=(row.get("source") or "").strip() or None,
        note=(row.get("note") or "").strip() or None,
        in_force_from=(row.get("in_force_from") or "").strip() or None,
        in_force_until=(row.get("in_force_until") or "").strip() or None,
        in_force_status=(row.get("in_force_status") or "").strip() or None,
    )


def merged(first: list[Entry], more: list[Entry]) -> list[Entry]:
    """`first` with `more` added: an entry of `more` for a document `first` holds fills only
    the facts `first` leaves empty (a value `first` states is never overwritten; a differing
    one is kept in the note), and its source joins the row's."""
    at = {(e.code.upper(), e.id): i for i, e in enumerate(first)}
    out = list(first)
    for e in more:
        i = at.get((e.code.upper(), e.id))
        if i is None:
            at[(e.code.upper(), e.id)] = len(out)
            out.append(e)
            continue
        held = out[i]
        filled = {f: getattr(e, f) for f in FIELDS[:-2] if getattr(held, f) in (None, "")}
        differ = [f"{f}: {getattr(e, f)}" for f in FIELDS[:-2]
                  if getattr(held, f) not in (None, "") and getattr(e, f) not in (None, "")
                  and getattr(e, f) != getattr(held, f)]  # fmt: skip
        note = "; ".join(
            x for x in (held.note, *(f"CONFLICT {e.source}: {d}" for d in differ)) if x
        )
        source = " ; ".join(x for x in (held.source, e.source) if x)
        out[i] = replace(held, **filled, source=source or None, note=note or None)
    return out


def _read_csv(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise RegistryError(f"{path}: cannot read the registry ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise RegistryError(f"{path}: not UTF-8 ({e.reason}); convert it to UTF-8") from e


_RELATION_TYPES = ("AMENDS", "SUPPLEMENTS", "REPEALS", "REPLACES", "SUSPENDS")


def relation_of_row(row: dict, where: str) -> Relation:
    """A row of relations.csv as a Relation; `where` names it in errors."""
    type_ = (row.get("type") or "").strip().upper()
    source, target = (row.get("source") or "").strip(), (row.get("target") or "").strip()
    if type_ not in _RELATION_TYPES or not source or not target:
        raise RegistryError(
            f"{where}: a relation needs source, target and a type of {', '.join(_RELATION_TYPES)}"
        )
    articles = (row.get("articles") or "").strip()
    return Relation(
        source, type_, target, int(articles) if articles.isdigit() else None,
        (row.get("on") or "").strip() or None, (row.get("where") or "").strip(),
    )  # fmt: skip


class Registry:
    def __init__(self, entries: list[Entry], relations: list[Relation] | None = None):
        self.entries = entries
        self.relations = relations or []
        self._by_id: dict[str, list[Entry]] | None = None  # made on first use
        self._corpus: dict[str, list[Entry]] = {}  # what loaded texts state (with_corpus)
        self._lookup: Callable[[str], list[Entry]] | None = None  # and the graph, by code
        self._relations_to: dict[str, list[Relation]] = defaultdict(list)
        self._relations_from: dict[str, list[Relation]] = defaultdict(list)
        for r in self.relations:
            self._relations_to[r.target.upper()].append(r)
            self._relations_from[r.source.upper()].append(r)
        self._by_code: dict[str, list[Entry]] = defaultdict(list)
        self._by_kind_number: dict[tuple[Kind, str], list[Entry]] = defaultdict(list)
        self._by_title: dict[tuple[Kind, str], list[Entry]] = defaultdict(list)
        self._by_day: dict[tuple[Kind, str], list[Entry]] = defaultdict(list)  # named, by date
        for e in entries:
            self._by_code[e.code.upper()].append(e)
            if e.number:
                self._by_kind_number[(e.kind, e.number)].append(e)
            if e.title and e.kind in NAMED_KINDS:
                self._by_title[(e.kind, title_key(e.title))].append(e)
                if e.issued_on:
                    self._by_day[(e.kind, e.issued_on)].append(e)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        """The registry in `path` (a CSV of FIELDS), or the project's own: registry.csv, the
        Pháp điển's documents and their relations."""
        if path:
            return cls.from_rows(_read_csv(Path(path)), str(path))
        entries = cls.from_rows(_read_csv(DEFAULT_PATH), str(DEFAULT_PATH)).entries
        if PHAPDIEN_PATH.exists():
            entries = merged(
                entries, cls.from_rows(_read_csv(PHAPDIEN_PATH), str(PHAPDIEN_PATH)).entries
            )
        relations = []
        if RELATIONS_PATH.exists():
            for i, row in enumerate(_read_csv(RELATIONS_PATH)):
                relations.append(relation_of_row(row, f"{RELATIONS_PATH}:{i + 2}"))
        return cls(entries, relations)

    @classmethod
    def from_rows(cls, rows: list[dict], where: str) -> Registry:
        """Rows as read from a file named `where` (their line numbers start at 2)."""
        return cls([entry_of_row(r, f"{where}:{i + 2}") for i, r in enumerate(rows)])

    @classmethod
    def empty(cls) -> Registry:
        return cls([])

    def by_id(self, node_id: str) -> list[Entry]:
        """The entries of one graph node (two when two rows describe one document)."""
        if self._by_id is None:
            self._by_id = defaultdict(list)
            for e in self.entries:
                self._by_id[e.id].append(e)
        return list(self._by_id.get(node_id, ()))

    def relations_to(self, code: str) -> list[Relation]:
        """What the registry says other documents did to the one of this code."""
        return list(self._relations_to.get(code.upper(), ()))

    def relations_from(self, code: str) -> list[Relation]:
        return list(self._relations_from.get(code.upper(), ()))

    def by_code(self, code: str) -> list[Entry]:
        found = self._by_code.get(code.upper()) or self._corpus.get(code.upper())
        if found:
            return list(found)
        return self._lookup(code) if self._lookup is not None else []

    def with_corpus(
        self, entries: list[Entry], lookup: Callable[[str], list[Entry]] | None = None
    ) -> Registry:
        """This registry, also knowing what loaded texts state of codes it lacks (`entries`,
        sourced "corpus: ..."): a code one text dates resolves another text's undated mention
        of it. The registry's own rows always come first; a code the texts give two years
        stays ambiguous (two entries)."""
        out = Registry.__new__(Registry)
        for slot in ("entries", "relations", "_relations_to", "_relations_from", "_by_code",
                     "_by_kind_number", "_by_title", "_by_day"):  # fmt: skip
            setattr(out, slot, getattr(self, slot))
        out._by_id = None
        corpus: dict[str, dict[str, Entry]] = defaultdict(dict)
        for e in entries:
            if e.code.upper() not in self._by_code:
                corpus[e.code.upper()].setdefault(e.id, e)
        out._corpus = {code: list(by_id.values()) for code, by_id in corpus.items()}
        out._lookup = lookup
        return out

    def by_kind_number(self, kind: Kind, number: str) -> list[Entry]:
        return list(self._by_kind_number.get((kind, number), ()))

    def by_title(self, kind: Kind, title: str, year: int | None = None) -> list[Entry]:
        """Laws and codes by name ("Luật Đất đai"), of that year when it is given."""
        found = self._by_title.get((kind, title_key(title)), [])
        return [e for e in found if year is None or e.year == year]

    def by_title_near(self, kind: Kind, title: str, issued_on: str) -> list[Entry]:
        """Laws and codes of that date whose name is one slip away from `title` ("Luật Thuế đô
        ngày 28 tháng 6 năm 2024": a conversion slip for "Luật Thủ đô"): the near names of the
        laws passed that day, the nearest first.

        >>> r = Registry([entry_of_row({"code": "39/2024/QH15", "kind": "luat", "number": "39",
        ...     "year": "2024", "symbol": "QH15", "issued_on": "2024-06-28",
        ...     "title": "Luật Thủ đô"}, "x")])
        >>> [e.code for e in r.by_title_near(Kind.LUAT, "Luật Thuế đô", "2024-06-28")]
        ['39/2024/QH15']
        >>> r.by_title_near(Kind.LUAT, "Luật Thuế", "2024-06-28")
        []
        """
        key = title_key(title)
        scored = []
        for e in self._by_day.get((kind, issued_on), ()):
            other = title_key(e.title or "")
            ratio = difflib.SequenceMatcher(None, key, other).ratio()
            if ratio >= 0.85 and abs(len(key) - len(other)) <= 2:
                scored.append((-ratio, e.id, e))
        return [e for _, _, e in sorted(scored)]

    def plenum_documents(self, kind: Kind, plenum: int, term: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind and e.plenum == plenum and e.term == term]

    def congress(self, congress: str) -> list[Entry]:
        # (the entries of code "DH-XIII", in order: those of the index by code)
        return list(self._by_code.get(f"DH-{congress.upper()}", ()))
