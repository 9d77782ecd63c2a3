"""The registry of central directives shipped with the project (`graph/data/registry.csv`).

A lookup the resolver is given (not one it imports): which directives a short or unnumbered
reference may mean, with facts checked against public sources.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from directive_graph.graph.errors import RegistryError
from directive_graph.graph.ids import congress_id, directive_id, named_id, slug
from directive_graph.graph.model import REGISTRY_FIELDS, Kind, directive_facts
from directive_graph.graph.text import fold_key

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "registry.csv"
# A registry's columns: what it states of a directive, and where that comes from.
FIELDS = (*REGISTRY_FIELDS, "source", "note")


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
    )


class Registry:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._by_code: dict[str, list[Entry]] = defaultdict(list)
        self._by_kind_number: dict[tuple[Kind, str], list[Entry]] = defaultdict(list)
        self._by_title: dict[tuple[Kind, str], list[Entry]] = defaultdict(list)
        for e in entries:
            self._by_code[e.code.upper()].append(e)
            if e.number:
                self._by_kind_number[(e.kind, e.number)].append(e)
            if e.title and e.kind in NAMED_KINDS:
                self._by_title[(e.kind, title_key(e.title))].append(e)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Registry:
        path = Path(path) if path else DEFAULT_PATH
        try:
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as e:
            raise RegistryError(f"{path}: cannot read the registry ({e.strerror})") from e
        return cls.from_rows(rows, str(path))

    @classmethod
    def from_rows(cls, rows: list[dict], where: str) -> Registry:
        """Rows as read from a file named `where` (their line numbers start at 2)."""
        return cls([entry_of_row(r, f"{where}:{i + 2}") for i, r in enumerate(rows)])

    @classmethod
    def empty(cls) -> Registry:
        return cls([])

    def by_code(self, code: str) -> list[Entry]:
        return list(self._by_code.get(code.upper(), ()))

    def by_kind_number(self, kind: Kind, number: str) -> list[Entry]:
        return list(self._by_kind_number.get((kind, number), ()))

    def by_title(self, kind: Kind, title: str, year: int | None = None) -> list[Entry]:
        """Laws and codes by name ("Luật Đất đai"), of that year when it is given."""
        found = self._by_title.get((kind, title_key(title)), [])
        return [e for e in found if year is None or e.year == year]

    def plenum_documents(self, kind: Kind, plenum: int, term: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind and e.plenum == plenum and e.term == term]

    def congress(self, congress: str) -> list[Entry]:
        return [e for e in self.entries if e.code.upper() == f"DH-{congress.upper()}"]
