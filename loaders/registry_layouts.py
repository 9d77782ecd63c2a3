"""Registry files in two layouts: the project's own (the columns of graph/data/registry.csv) and
the vbpl metadata layout (so_ky_hieu, loai_van_ban, ngay_ban_hanh ...: what the national
database of legal documents, vbpl.vn, and the datasets made from it publish).

Either comes as CSV (comma, semicolon or tab separated; .csv, .tsv), as JSON lines (.jsonl,
.ndjson: one object per line) or as a JSON list (.json). The layout is told by the header (or
the first object's keys). A row that cannot be used (an unknown type, an empty or unreadable
so_ky_hieu ...) is rejected with its line and reason; the rest load.

    read_registry(path) -> RegistryRead (each kept row's node id and facts, its entries, the
                                         digest, the rows read, kept and rejected by reason)
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from operator import itemgetter
from pathlib import Path

from directive_graph.graph.bodies import ISSUER_SEPARATOR, canonical_body, place_of
from directive_graph.graph.errors import NotARegistry, RegistryError
from directive_graph.graph.ids import directive_id, is_local, named_id
from directive_graph.graph.model import REGISTRY_FIELDS, Kind
from directive_graph.graph.places import place_at
from directive_graph.graph.registry import FIELDS, Entry, entry_of_row
from directive_graph.graph.text import fold_tone_placement
from directive_graph.loaders.reading import decode_bytes

REGISTRY_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
VBPL_COLUMNS = (
    "so_ky_hieu", "loai_van_ban", "ngay_ban_hanh", "co_quan_ban_hanh", "tinh_trang_hieu_luc",
    "ngay_co_hieu_luc", "ngay_het_hieu_luc", "trich_yeu",
)  # fmt: skip
VBPL_REQUIRED = ("so_ky_hieu", "loai_van_ban")
REGISTRY_REQUIRED = ("code", "kind")
EXAMPLES = 10  # rejected rows listed by line, per file (all are counted)
PROGRESS_EVERY = 2000  # rows between calls of a progress callback

# A callback told (rows done, rows in the file) as a file is read; the total is the number of
# lines, so that it is known before the rows are parsed.
RowProgress = Callable[[int, int], None]


def expected_columns() -> str:
    """The columns a registry file may have, for messages."""
    return (
        f"the registry's ({', '.join(FIELDS)}; code and kind required) or vbpl's "
        f"({', '.join(VBPL_COLUMNS)}; so_ky_hieu and loai_van_ban required)"
    )


@dataclass(slots=True)
class RegistryRead:
    """What reading a registry file gave: each kept row's node id and facts (`prepared`), its
    entries, and how many rows were kept or rejected (by reason, with the first few rejected
    lines)."""

    path: Path
    sha256: str
    layout: str  # "registry" (the project's columns) or "vbpl"
    rows: int = 0
    rejected: Counter[str] = field(default_factory=Counter)  # reason -> rows
    examples: list[tuple[int, str]] = field(default_factory=list)  # (line, reason: value)
    dates_dropped: int = 0  # impossible or unreadable dates left out of a kept row
    # each kept row as `prepared_of(entry)` gives it: (node id, facts with source, code)
    prepared: list[tuple[str, dict, str]] = field(default_factory=list)
    _entries: list[Entry] = field(default_factory=list)
    _values: list[tuple] = field(default_factory=list)  # vbpl rows: Entry's fields, in order

    @property
    def kept(self) -> int:
        return len(self.prepared)

    @property
    def entries(self) -> list[Entry]:
        """The kept rows as Entries (made on first use for rows of the vbpl layout, whose ids
        and facts the reader makes without them)."""
        if len(self._entries) < len(self._values):
            self._entries = [_entry(*values) for values in self._values]
        return self._entries

    def reject(self, line: int, reason: str, value: object = None) -> None:
        self.rejected[reason] += 1
        if len(self.examples) < EXAMPLES:
            shown = f"{reason}: {value!r}" if value not in (None, "") else reason
            self.examples.append((line, shown))

    def keep(self, entry: Entry) -> None:
        self._entries.append(entry)
        self.prepared.append(prepared_of(entry))


def prepared_of(entry: Entry) -> tuple[str, dict, str]:
    """What a registry's Batch takes of an entry: its node id, the facts it states with their
    source (a dict of its own), its code."""
    facts = entry.facts()
    if entry.source:
        facts["source"] = entry.source
    return entry.id, facts, entry.code


def read_registry(
    path: Path, progress: RowProgress | None = None, data: bytes | None = None
) -> RegistryRead:
    """A registry file in either layout (`data`: its bytes, when they are read already).
    Raises NotARegistry for a file of neither (one line naming the file and the columns
    expected), DecodeError for bytes in another encoding, RegistryError for a JSON or CSV file
    that does not parse."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise RegistryError(f"{path}: cannot be read ({e.strerror})") from e
    digest = hashlib.sha256(data).hexdigest()
    text = decode_bytes(data, str(path))
    del data
    suffix = path.suffix.lower()
    csv_rows = suffix not in (".json", *JSON_LINES_SUFFIXES)
    if suffix == ".json":
        rows = _json_rows(path, text)
    elif suffix in JSON_LINES_SUFFIXES:
        rows = _json_lines(path, text)
    else:
        rows = _csv_rows(path, text, "\t" if suffix == ".tsv" else None)
    names = next(rows)
    assert isinstance(names, tuple)
    keys = set(names)
    if set(REGISTRY_REQUIRED) <= keys:
        layout = "registry"
        convert: Callable = _registry_row
        project: Callable = _as_dict(names) if csv_rows else _text_values
    elif set(VBPL_REQUIRED) <= keys:
        layout, convert = "vbpl", _VbplRows(path.name).convert
        project = _columns(names, VBPL_COLUMNS) if csv_rows else _values(VBPL_COLUMNS)
    else:
        shown = ", ".join(sorted(k for k in keys if k)[:12]) or "none"
        raise NotARegistry(
            f"{path}: not a registry (its columns: {shown}); expected {expected_columns()}"
        )
    read = RegistryRead(path, digest, layout)
    total = text.count("\n") + (not text.endswith("\n"))  # lines
    del text
    if progress is not None:
        progress(0, total)
    n = 0
    for line, row in rows:
        n += 1
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(line, total)
        if isinstance(row, str):  # a line of JSON lines that is no object
            read.reject(line, row)
            continue
        convert(project(row), line, read)  # (kept, or rejected with its reason)
    read.rows = n
    if progress is not None:
        progress(total, total)
    return read


def _as_dict(names: tuple[str, ...]) -> Callable[[list[str]], dict]:
    """A CSV row as a dict of its columns (as csv.DictReader gives)."""
    return lambda cells: dict(zip(names, cells, strict=False))


def _columns(names: tuple[str, ...], wanted: tuple[str, ...]) -> Callable[[list[str]], tuple]:
    """A CSV row (a list, padded to the header's width) -> the values of `wanted`, in order
    ("" for a column the file lacks)."""
    index = {k: i for i, k in reversed(list(enumerate(names)))}
    width = len(names)
    pick = itemgetter(*(index.get(k, width) for k in wanted))

    def project(cells: list[str]) -> tuple:
        if len(cells) <= width:
            cells += [""] * (width + 1 - len(cells))
        return pick(cells)

    return project


def _values(wanted: tuple[str, ...]) -> Callable[[dict], tuple]:
    """A JSON object -> the values of `wanted` as text, in order ("" for null or absent)."""

    def project(row: dict) -> tuple:
        values = []
        for k in wanted:
            v = row.get(k)
            values.append("" if v is None else v if type(v) is str else str(v))
        return tuple(values)

    return project


# --- the rows of each format: the keys first, then (line, row) ------------------------------


def _keys(names) -> tuple[str, ...]:
    return tuple(_key(k) for k in names)


def _csv_rows(path: Path, text: str, delimiter: str | None) -> Iterator:
    first = text[: text.find("\n")] if "\n" in text else text
    if delimiter is None:  # the header's most frequent separator
        delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield _keys(next(reader, []))
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line
            yield start, cells
    except csv.Error as e:  # (a NUL byte, a quote left open at the end ...)
        raise RegistryError(f"{path}:{reader.line_num}: not valid CSV ({e}); fix the file") from e


def _json_rows(path: Path, text: str) -> Iterator:
    try:
        rows = json.loads(text)
    except json.JSONDecodeError as e:
        raise RegistryError(f"{path}: not valid JSON ({e}); fix the file") from e
    if isinstance(rows, dict):
        rows = rows.get("directives")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise NotARegistry(
            f"{path}: not a registry: expected a list of directive objects (or "
            f'{{"directives": [...]}}) with {expected_columns()}'
        )
    yield _keys(rows[0])
    for i, row in enumerate(rows):
        yield i + 2, {_key(k): v for k, v in row.items()}  # numbered as a CSV's: from line 2


def _json_lines(path: Path, text: str) -> Iterator:
    first, plain = True, True
    loads = json.loads
    for i, raw in enumerate(text.splitlines(), 1):
        try:
            row = loads(raw)
        except json.JSONDecodeError:
            if not raw.strip():
                continue
            row = None
        if first:
            if not isinstance(row, dict):
                raise NotARegistry(
                    f"{path}: not a registry: line {i} is not a JSON object; expected one "
                    f"object per line with {expected_columns()}"
                )
            names = _keys(row)
            plain = names == tuple(row)  # keys written as they are looked up
            yield names
            first = False
        if type(row) is not dict:
            yield i, "not a JSON object"
        else:
            yield i, row if plain else {_key(k): v for k, v in row.items()}
    if first:
        raise NotARegistry(f"{path}: not a registry: no rows; expected {expected_columns()}")


def _key(name) -> str:
    return str(name).strip().lstrip("\ufeff").lower()


def _text_values(row: dict) -> dict[str, str]:
    """A JSON object's values as text, as a CSV row's are."""
    return {k: "" if v is None else v if type(v) is str else str(v) for k, v in row.items()}


# --- the project's layout -------------------------------------------------------------------

_KINDS = frozenset(k.value for k in Kind)


def _registry_row(row, line: int, read: RegistryRead) -> None:
    kind = (row.get("kind") or "").strip()
    if kind not in _KINDS:
        read.reject(line, "unknown kind", kind)
    elif not (row.get("code") or "").strip():
        read.reject(line, "empty code")
    else:
        try:
            read.keep(entry_of_row(row, f"{read.path}:{line}"))
        except RegistryError as e:
            read.reject(line, "unusable row", str(e))


# --- the vbpl layout ------------------------------------------------------------------------


def fold(text: str) -> str:
    """A comparison key for type words: NFC, one tone placement, lower case, single spaces."""
    return " ".join(fold_tone_placement(unicodedata.normalize("NFC", text)).lower().split())


VBPL_KINDS: dict[str, Kind] = {
    fold(name): kind
    for name, kind in (
        ("Luật", Kind.LUAT), ("Bộ luật", Kind.BO_LUAT), ("Nghị định", Kind.NGHI_DINH),
        ("Thông tư", Kind.THONG_TU), ("Thông tư liên tịch", Kind.THONG_TU_LIEN_TICH),
        ("Quyết định", Kind.QUYET_DINH), ("Nghị quyết", Kind.NGHI_QUYET),
        ("Nghị quyết liên tịch", Kind.NGHI_QUYET), ("Pháp lệnh", Kind.PHAP_LENH),
        ("Chỉ thị", Kind.CHI_THI), ("Hiến pháp", Kind.HIEN_PHAP), ("Lệnh", Kind.LENH),
        ("Sắc lệnh", Kind.SAC_LENH), ("Công văn", Kind.CONG_VAN), ("Thông báo", Kind.THONG_BAO),
        ("Kế hoạch", Kind.KE_HOACH), ("Hướng dẫn", Kind.HUONG_DAN),
        ("Văn bản hợp nhất", Kind.VAN_BAN_HOP_NHAT), ("Quy định", Kind.QUY_DINH),
        ("Chương trình", Kind.CHUONG_TRINH), ("Công điện", Kind.CONG_DIEN),
    )
}  # fmt: skip
# Kinds whose title is their type word and name ("Luật" + "Đất đai" -> "Luật Đất đai").
# ("Luật" + "Bộ luật Lao động" stays "Bộ luật Lao động": a title that starts with a type word of
# these is titled already.)
TITLED = {Kind.LUAT: "Luật", Kind.BO_LUAT: "Bộ luật", Kind.PHAP_LENH: "Pháp lệnh"}
_TITLE_WORDS = tuple(fold(word) + " " for word in (*TITLED.values(), "Hiến pháp"))

# "15/2020/NĐ-CP" (number, year, symbol); "123/QĐ-TTg" (number, symbol: the year is the date's);
# "18-NQ/TW" (a Party document's number and symbol).
_CODE_WITH_YEAR = re.compile(r"(\d[\dA-Za-z.]*)/(\d{4})/([^/\s]*[^\W\d_][^/\s]*)")
_CODE = re.compile(r"(\d[\dA-Za-z.]*)/([^/\s]*[^\W\d_][^/\s]*)")
_PARTY_CODE = re.compile(r"(\d[\dA-Za-z.]*)-([^\W\d_]+/[^\W\d_][^/\s]*)")
_NUMBER_WORD = re.compile(r"^(?:số|so)\s*[:.]?\s*", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
# 2020-01-15, 15/01/2020, 5/1/2020 (also with - or .), each with an optional time part
_DATE = re.compile(
    r"(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}))"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def iso_date(text: str) -> str | None:
    """YYYY-MM-DD for a date in any of the usual styles; None for an impossible or unreadable
    one ("31/02/2021", "2021-13-01", "n/a").

    >>> iso_date("5/1/2020"), iso_date("2020-01-15T00:00:00"), iso_date("31/02/2021")
    ('2020-01-05', '2020-01-15', None)
    """
    m = _DATE.fullmatch(text.strip())
    if m is None:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[6], m[5], m[4])
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


# Entry's fields in the order of its dataclass: Entries are made positionally when that order is
# the one expected (a third faster than by keyword), by keyword otherwise.
_ENTRY_FIELDS = (
    "code", "kind", "number", "year", "symbol", "issued_on", "issuer", "term", "plenum",
    "congress", "title", "source", "note", "in_force_from", "in_force_until", "in_force_status",
)  # fmt: skip
_POSITIONAL = tuple(f.name for f in fields(Entry)) == _ENTRY_FIELDS
# The facts a vbpl row can state, all of them registry facts: the reader then makes each
# entry's facts itself (else registry_batch asks the entries).
_PREPARED = {
    "kind", "number", "year", "symbol", "code", "issued_on", "issuer", "title", "in_force_from",
    "in_force_until", "in_force_status",
} <= set(REGISTRY_FIELDS)  # fmt: skip


# Symbols of a province's bodies (People's Committee and Council, Party committee): numbers
# repeat in every province, so such a row without its province cannot be given an id.
_PROVINCIAL = re.compile(r"(?:^|[-/])(?:UBND|HĐND|TU|BTVTU|TVTU)(?:$|[-/])")


def _entry(*values) -> Entry:
    return Entry(*values) if _POSITIONAL else Entry(**dict(zip(_ENTRY_FIELDS, values, strict=True)))


class _VbplRows:
    """vbpl rows -> Entries, as the project's rows would give them (values seen before are
    looked up, not parsed again: a national registry repeats its types, bodies, statuses and
    dates many times over). Written for speed: this runs for every row of a national registry."""

    def __init__(self, name: str):
        self.name = name
        # type as written -> (kind, the type word its titles start with, if any)
        self.kinds: dict[str, tuple[Kind, str | None] | None] = {}
        self.dates: dict[str, str | None] = {"": None}
        self.issuers: dict[str, str | None] = {"": None}
        self.places: dict[tuple[str, int], str | None] = {}
        self.statuses: dict[str, str | None] = {"": None}

    def kind(self, text: str) -> tuple[Kind, str | None] | None:
        key = fold(text)
        kind = VBPL_KINDS.get(key) or (Kind(key) if key in _KINDS else None)  # ours pass too
        found = self.kinds[text] = (kind, TITLED.get(kind)) if kind else None
        return found

    def date(self, text: str) -> str | None:
        found = self.dates[text] = iso_date(text) if text.strip() else None
        return found

    def issuer(self, text: str) -> str | None:
        parts = (canonical_body(p) for p in re.split(r"[;|\n]", text))
        found = self.issuers[text] = ISSUER_SEPARATOR.join(p for p in parts if p) or None
        return found

    def convert(self, values: tuple, line: int, read: RegistryRead) -> None:
        code, kind_text, issued, issuer, status, since, until, title = values
        kind_info = self.kinds.get(kind_text, ...)
        if kind_info is ...:
            kind_info = self.kind(kind_text)
        if kind_info is None:
            shown = kind_text.strip()
            read.reject(line, "unknown type" if shown else "empty loai_van_ban", shown)
            return None
        raw = code
        code = "".join(code.split())
        if not code[:1].isdigit():
            code = _NUMBER_WORD.sub("", code)  # "Số:15/2020/NĐ-CP"
            if not code:
                read.reject(line, "empty so_ky_hieu")
                return None
        if not code.isascii():
            code = unicodedata.normalize("NFC", code).replace("\u00d0", "Đ")  # Ð typed for Đ
        dates = self.dates
        issued_on = dates.get(issued, ...)
        if issued_on is ...:
            issued_on = self.date(issued)
        if issued_on is None and issued and not issued.isspace():
            read.dates_dropped += 1
        m = _CODE_WITH_YEAR.fullmatch(code)
        if m is not None:
            number, year, symbol = m.groups()
            year = int(year)
        else:
            m = _CODE.fullmatch(code) or _PARTY_CODE.fullmatch(code)
            if m is None:
                read.reject(line, "unreadable so_ky_hieu", raw.strip())
                return None
            if issued_on is None:
                read.reject(line, "no year (none in so_ky_hieu, no ngay_ban_hanh)", code)
                return None
            number, symbol = m.groups()
            year = int(issued_on[:4])
        place: str | None = None
        if is_local(symbol):  # QĐ-UBND: one per province, so its id needs the province
            held = self.places.get((issuer, year), ...)
            place = (
                self.places.setdefault((issuer, year), place_at(place_of(issuer), year))
                if held is ...
                else held
            )
            if place is None and _PROVINCIAL.search(symbol.upper()):
                read.reject(line, "local document without its province in co_quan_ban_hanh", code)
                return None
        in_force_from = dates.get(since, ...)
        if in_force_from is ...:
            in_force_from = self.date(since)
        if in_force_from is None and since and not since.isspace():
            read.dates_dropped += 1
        in_force_until = dates.get(until, ...)
        if in_force_until is ...:
            in_force_until = self.date(until)
        if in_force_until is None and until and not until.isspace():
            read.dates_dropped += 1
        canonical = self.issuers.get(issuer, ...)
        if canonical is ...:
            canonical = self.issuer(issuer)
        in_force_status = self.statuses.get(status, ...)
        if in_force_status is ...:
            in_force_status = self.statuses[status] = " ".join(status.split()) or None
        kind, word = kind_info
        title = " ".join(title.split()) or None
        if word and title and not fold(title).startswith(_TITLE_WORDS):
            title = f"{word} {title}"
        source = f"{self.name}:{line}"
        # (the fields entry_of_row fills from a row of the project's layout, in _ENTRY_FIELDS)
        entry = (
            code, kind, number, year, symbol, issued_on, canonical, None, None, None, title,
            source, None, in_force_from, in_force_until, in_force_status,
        )  # fmt: skip
        if not _PREPARED or place is not None:  # (Entry has no province: see below)
            if place is not None:
                made = directive_id(number, symbol, year, f"/{year}/" in code, place)
                if made is None:
                    read.reject(line, "local document whose id cannot be made", code)
                    return
                one = _entry(*entry)
                read.prepared.append((made, {**one.facts(), "source": source}, code))
                read._values.append(entry)
                return
            read.keep(_entry(*entry))
            return
        # its id and facts, as Entry.id and Entry.facts() give them, without the Entry
        made = directive_id(number, symbol, year, f"/{year}/" in code, None)
        facts = {"kind": kind.value, "number": number, "year": year, "symbol": symbol,
                 "code": code}  # fmt: skip
        for key, value in (("issued_on", issued_on), ("issuer", canonical), ("title", title),
                           ("in_force_from", in_force_from), ("in_force_until", in_force_until),
                           ("in_force_status", in_force_status)):  # fmt: skip
            if value:
                facts[key] = value
        facts["source"] = source
        read.prepared.append((made or named_id(kind, title or code, year), facts, code))
        read._values.append(entry)
