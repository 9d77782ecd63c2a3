"""The registry built from public tables: the Pháp điển's documents and the relations between
them (`../shared/reference/registry-sources/`, or any folder of the same files).

`build_registry(folder)` reads `phapdien_docs.tsv` and `phapdien_relations.tsv` and gives the
rows of `graph/data/phapdien.csv` (the columns of graph/registry.FIELDS, each row with its
source file and line), the rows of `graph/data/relations.csv`, and what it rejected, with the
reason. Rerunnable: the same tables give the same files, byte for byte
(`directive-graph registry build FOLDER`).

Codes are read by the citation extractor itself (`"<type> số <code>"`), so a registry row has the
id, number and symbol that a text citing the document gets. The Pháp điển's body field names the
lead ministry for some laws, not the issuer, so the issuer comes from the symbol (NĐ-CP: Chính
phủ, QH15: Quốc hội ...), and is left empty when the symbol does not say.

>>> row, why = document_row({"so_ky_hieu": "15/2020/NĐ-CP", "loai_van_ban": "Nghị định",
...     "trich_yeu": "Quy định xử phạt ...", "ngay_ban_hanh": "2020-02-03",
...     "ngay_hieu_luc": "2020-04-15", "n_dieu_in_phapdien": "12"}, "docs.tsv:2")
>>> (row["code"], row["kind"], row["number"], row["year"], row["issuer"], row["in_force_from"])
('15/2020/NĐ-CP', 'nghi_dinh', '15', '2020', 'Chính phủ', '2020-04-15')
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from directive_graph.graph.errors import RegistryError
from directive_graph.graph.history import BODY_FIELDS, fold_name
from directive_graph.graph.ids import body_id
from directive_graph.graph.model import Kind
from directive_graph.graph.registry import FIELDS, RELATION_FIELDS
from directive_graph.loaders.citations import extract_citations

DOCS = "phapdien_docs.tsv"
RELATIONS = "phapdien_relations.tsv"
COMMUNES = "ubtvqh_2025_commune_resolutions.tsv"  # one resolution per province, 2025
COMMUNES_ORIGIN = "github:dvhcvn/20250701@dd94887ce323 (MIT)"
# Where the tables come from (their README): kept in every row's source.
ORIGIN = "github:diepxuan/diepxuan.github.io@fbaa690e1c9f van-ban/ (Pháp điển notes)"

# The Pháp điển's type names; "Nghị quyết liên tịch" is a resolution (joint).
KINDS = {
    "luật": Kind.LUAT,
    "bộ luật": Kind.BO_LUAT,
    "hiến pháp": Kind.HIEN_PHAP,
    "pháp lệnh": Kind.PHAP_LENH,
    "nghị định": Kind.NGHI_DINH,
    "nghị quyết": Kind.NGHI_QUYET,
    "nghị quyết liên tịch": Kind.NGHI_QUYET,
    "thông tư": Kind.THONG_TU,
    "thông tư liên tịch": Kind.THONG_TU_LIEN_TICH,
    "quyết định": Kind.QUYET_DINH,
    "chỉ thị": Kind.CHI_THI,
    "sắc lệnh": Kind.SAC_LENH,
    "lệnh": Kind.LENH,
}
NAMED = (Kind.LUAT, Kind.BO_LUAT, Kind.PHAP_LENH, Kind.HIEN_PHAP)  # titled "Luật <name>"
RELATION_TYPES = {"sua_doi": "AMENDS", "bo_sung": "SUPPLEMENTS", "bai_bo": "REPEALS"}
_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII"]  # fmt: skip
_QH_TERM = re.compile(r"(?:^|-)(?:QH|UBTVQH)(\d{1,2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^(?P<number>\d+[a-zA-Z]?)/(?:(?P<year>\d{4})/)?(?P<symbol>[^\s/]+)$")


@dataclass
class Built:
    """What `build_registry` made: the rows of both files and the rejects."""

    documents: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    bodies: list[dict] = field(default_factory=list)  # ministries over time (graph/history.py)
    plenums: list[dict] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (where, why)

    def summary(self) -> str:
        kinds = Counter(r["kind"] for r in self.documents)
        by_kind = ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        reasons = Counter(why.split(":")[0] for _, why in self.rejected)
        why = "; ".join(f"{n} {r}" for r, n in reasons.most_common()) or "none"
        return (
            f"{len(self.documents)} documents ({by_kind}), {len(self.relations)} relations, "
            f"{len(self.bodies)} ministries over time, {len(self.plenums)} plenums; "
            f"rejected {len(self.rejected)}: {why}"
        )


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _date(value: str) -> str:
    value = (value or "").strip()
    return value if _DATE.match(value) else ""


def _same_code(code: str | None) -> str:
    """A code up to case and the D/Đ slip: two spellings of one code compare equal."""
    return (code or "").upper().replace("Ð", "Đ").replace("D", "Đ")


def _term(symbol: str) -> str:
    """A National Assembly document's term from its symbol: QH15 -> XV."""
    m = _QH_TERM.search(symbol)
    n = int(m.group(1)) if m else 0
    return _ROMAN[n] if 0 < n < len(_ROMAN) else ""


def document_row(raw: dict, where: str) -> tuple[dict, str]:
    """One row of phapdien_docs.tsv as a registry row, or ({}, why it is rejected)."""
    code = "".join((raw.get("so_ky_hieu") or "").split())
    type_word = (raw.get("loai_van_ban") or "").strip()
    kind = KINDS.get(_fold(type_word))
    if kind is None:
        return {}, f"unknown type: {type_word!r}"
    m = _CODE.match(code)
    issued_on = _date(raw.get("ngay_ban_hanh", ""))
    if not m or not (m.group("year") or issued_on):
        return {}, f"code without number/year/symbol: {code!r}"  # (a year or an issue date)
    found = [c for c in extract_citations(f"{type_word} số {code}") if c.code]
    if len(found) != 1 or _same_code(found[0].code) != _same_code(code):
        read = found[0].code if found else None
        return {}, f"code the extractor reads otherwise: {code!r} read as {read!r}"
    c = found[0]
    written = code
    code = c.code or code  # the canonical spelling: "22/2021/QD-TTg" is 22/2021/QĐ-TTg
    title = " ".join((raw.get("trich_yeu") or "").split())
    if title and kind in NAMED and not _fold(title).startswith(_fold(type_word)):
        title = f"{type_word} {title}"
    title = re.sub(r"^(?:[Vv]ề việc|[Vv]ề)\s+", "", title)
    articles = (raw.get("n_dieu_in_phapdien") or "").strip()
    notes = [f"{articles} articles in the Pháp điển"] if articles not in ("", "0") else []
    if written != code:
        notes.append(f"written {written} in the Pháp điển")
    note = "; ".join(notes)
    row = {
        "code": code,
        "kind": str(kind),
        "number": c.number or "",
        "year": str(c.year or m.group("year") or issued_on[:4]),
        "symbol": c.symbol or m.group("symbol"),
        "issued_on": issued_on,
        "issuer": c.issuer or "",
        "term": _term(m.group("symbol")),
        "plenum": "",
        "congress": "",
        "title": title,
        "in_force_from": _date(raw.get("ngay_hieu_luc", "")),
        "in_force_until": "",
        "in_force_status": "",
        "source": f"{where} ({ORIGIN})",
        "note": note,
    }
    return row, ""


def build_registry(folder: Path) -> Built:
    """The registry rows of the tables in `folder` (see the module's doc)."""
    built = Built()
    docs = _read_tsv(folder / DOCS)
    seen: dict[str, dict] = {}
    written: dict[str, str] = {}  # a code as the tables write it -> its canonical spelling
    for line, raw in docs:
        where = f"{DOCS}:{line}"
        row, why = document_row(raw, where)
        if why:
            built.rejected.append((where, why))
            continue
        held = seen.get(row["code"])
        if held is not None:
            same = all(held[k] == row[k] for k in FIELDS if k not in ("source", "note"))
            built.rejected.append((where, "duplicate" if same else "conflict: kept the first"))
            continue
        seen[row["code"]] = row
        written[_same_code(raw.get("so_ky_hieu", "").replace(" ", ""))] = row["code"]
        built.documents.append(row)
    if (folder / COMMUNES).exists():
        for line, raw in _read_tsv(folder / COMMUNES):
            where = f"{COMMUNES}:{line}"
            province = " ".join((raw.get("province") or "").split())
            row, why = document_row(
                {**raw, "loai_van_ban": "Nghị quyết", "ngay_hieu_luc": "",
                 "trich_yeu": f"sắp xếp các đơn vị hành chính cấp xã của {province} năm 2025"},
                where,
            )  # fmt: skip
            if why or row["code"] in seen:
                built.rejected.append((where, why or "duplicate"))
                continue
            row["issuer"] = row["issuer"] or "Ủy ban Thường vụ Quốc hội"
            row["source"] = f"{where} ({COMMUNES_ORIGIN})"
            seen[row["code"]] = row
            built.documents.append(row)
    for line, raw in _read_tsv(folder / RELATIONS):
        where = f"{RELATIONS}:{line}"
        type_ = RELATION_TYPES.get((raw.get("relation") or "").strip())
        source, target = (
            written.get(_same_code("".join((raw.get(k) or "").split())), "")
            or "".join((raw.get(k) or "").split())
            for k in ("source_so_ky_hieu", "target_so_ky_hieu")
        )
        if type_ is None:
            built.rejected.append((where, f"unknown relation: {raw.get('relation')!r}"))
            continue
        missing = [c for c in (source, target) if c not in seen]
        if missing:
            built.rejected.append((where, f"relation to a document not kept: {missing[0]!r}"))
            continue
        articles = (raw.get("n_articles") or "").strip()
        built.relations.append({
            "source": source,
            "type": type_,
            "target": target,
            "articles": articles if articles.isdigit() else "",
            "on": seen[source]["in_force_from"] or seen[source]["issued_on"],
            "where": f"{where} ({ORIGIN})",
        })  # fmt: skip
    for name, read, into in ((MINISTRIES, ministry_periods, built.bodies),
                             (PLENUMS, plenum_rows, built.plenums)):  # fmt: skip
        if (folder / name).exists():
            rows, rejected = read(_read_tsv(folder / name))
            into.extend(rows)
            built.rejected.extend(rejected)
    built.documents.sort(key=lambda r: (r["kind"], r["code"]))
    built.relations.sort(key=lambda r: (r["target"], r["source"], r["type"]))
    return built


def _read_tsv(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RegistryError(
            f"{path}: cannot be read ({e.strerror}); give the folder that holds {DOCS} and "
            f"{RELATIONS}"
        ) from e
    except UnicodeDecodeError as e:
        raise RegistryError(f"{path}: not UTF-8 ({e.reason}); convert it to UTF-8") from e
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(i + 2, row) for i, row in enumerate(reader)]


def write_built(built: Built, out: Path) -> tuple[Path, ...]:
    """Write phapdien.csv, relations.csv, bodies.csv and plenums.csv into `out` (the registry
    and graph/history.py read them from there)."""
    out.mkdir(parents=True, exist_ok=True)
    files = (
        ("phapdien.csv", FIELDS, built.documents),
        ("relations.csv", RELATION_FIELDS, built.relations),
        ("bodies.csv", BODY_FIELDS, built.bodies),
        ("plenums.csv", PLENUM_FIELDS, built.plenums),
    )
    for name, columns, rows in files:
        path = out / name
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        tmp.replace(path)
    return tuple(out / name for name, _, _ in files)


# ---------------------------------------------------------------------------------------------
# Bodies over time: the ministries, and the Central Committee's plenums

MINISTRIES = "ministries_wikipedia.tsv"
MINISTRIES_ORIGIN = 'Vietnamese Wikipedia, "Bộ (Chính phủ Việt Nam)" (CC BY-SA)'
PLENUMS = "party_plenums_wikipedia.tsv"
PLENUMS_ORIGIN = "Vietnamese Wikipedia, the pages of each Ban Chấp hành Trung ương term (CC BY-SA)"
PLENUM_FIELDS = ("term", "plenum", "started_on", "ended_on", "source")

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FATES = (  # what became of a ministry, in the table's words
    (re.compile(r"^(?:sáp nhập|nhập) vào (?P<to>.+)$"), "merged"),
    (re.compile(r"^(?:hợp nhất|sáp nhập)\b.*\bthành (?P<to>.+)$"), "merged"),
    (re.compile(r"^đổi tên thành (?P<to>.+)$"), "renamed"),
    (re.compile(r"^tách (?:thành|ra) (?P<to>.+)$"), "split"),
    (re.compile(r"^giải thể$"), "dissolved"),
)
_MINISTRY = re.compile(r"Bộ\b.*?(?= và Bộ\b|, Bộ\b| và Tổng cục\b| \(|$)")


def _when(value: str) -> str | None:
    """'28/8/1945' -> '1945-08-28'; '1995' -> '1995'; anything else -> None."""
    value = value.strip()
    m = _DMY.match(value)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    return value if re.fullmatch(r"1[89]\d\d|20\d\d", value) else None


def ministry_periods(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[tuple[str, str]]]:
    """The rows of graph/data/bodies.csv (see graph/history.py) from the table of ministries,
    and what it rejected. A name that recurs gets its years in its id, except its current (or
    latest) period, which keeps the plain id that texts resolve to. A merger of a year whose
    new ministries the table dates to one day is dated that day (noted as derived)."""
    kept: list[dict] = []
    rejected: list[tuple[str, str]] = []
    for line, raw in rows:
        where = f"{MINISTRIES}:{line}"
        name = " ".join((raw.get("name") or "").split())
        start, end = _when(raw.get("from") or ""), (raw.get("to") or "").strip()
        if not name.startswith("Bộ ") or start is None:
            rejected.append((where, f"no ministry or no start: {name!r} {raw.get('from')!r}"))
            continue
        if end and _when(end) is None:
            rejected.append((where, f"bad year: {end!r}"))
            continue
        fate = " ".join(re.sub(r"\(.*?\)", "", raw.get("fate") or "").split())
        change, targets = "", []
        for pattern, what in _FATES:
            m = pattern.match(fate)
            if m:
                change = what
                targets = _MINISTRY.findall(m["to"]) if "to" in m.groupdict() else []
                if "to" in m.groupdict() and not targets:
                    targets = [m["to"]]  # not a ministry: noted below as not in the table
                break
        if fate and not change:
            rejected.append((where, f"fate not understood: {fate!r}"))
            continue
        current = (raw.get("status") or "").strip() == "current"
        kept.append({
            "name": name, "existed_from": start, "existed_until": _when(end) or "",
            "change": change, "targets": targets, "current": current, "where": where,
        })  # fmt: skip
    one_day: dict[str, set[str]] = {}  # a year -> the days the table gives ministries of it
    for r in kept:
        if len(r["existed_from"]) == 10:
            one_day.setdefault(r["existed_from"][:4], set()).add(r["existed_from"])
    by_name: dict[str, list[dict]] = {}
    for r in kept:
        by_name.setdefault(fold_name(r["name"]), []).append(r)
    for same in by_name.values():
        plain = max(same, key=lambda r: (r["current"], r["existed_until"] or "9999"))
        for r in same:
            years = f"{r['existed_from'][:4]}-{r['existed_until'][:4]}".rstrip("-")
            r["id"] = body_id(r["name"]) + ("" if r is plain else f"-{years}")
    out = []
    for r in kept:
        note = []
        until = r["existed_until"]
        days = one_day.get(until, set())
        if len(until) == 4 and r["change"] in ("merged", "renamed") and len(days) == 1:
            until = next(iter(days))
            note.append(f"date {until} derived: the ministries created in {until[:4]}")
        successors = []
        for target in r["targets"]:
            found = _period_at(
                by_name.get(fold_name(target), []), r["existed_until"] or r["existed_from"]
            )
            if found is None:
                note.append(f"successor {target!r} is not in the table")
            else:
                successors.append(found["id"])
        out.append({
            "id": r["id"], "name": r["name"], "kind": "ministry",
            "existed_from": r["existed_from"], "existed_until": until, "change": r["change"],
            "successors": ";".join(successors), "source": f"{r['where']} ({MINISTRIES_ORIGIN})",
            "note": "; ".join(note),
        })  # fmt: skip
    ids = Counter(r["id"] for r in out)
    for r in out:
        if ids[r["id"]] > 1:
            rejected.append((r["source"].split(" ")[0], f"same name and years: {r['id']}"))
    out = [r for r in out if ids[r["id"]] == 1]
    out.sort(key=lambda r: r["id"])
    assert all(set(r) == set(BODY_FIELDS) for r in out)
    return out, rejected


def _period_at(candidates: list[dict], when: str) -> dict | None:
    """The period of a successor's name that existed when the change took effect."""
    year = int(when[:4]) if when else None
    if not candidates or year is None:
        return max(candidates, key=lambda r: r["existed_from"]) if candidates else None

    def fits(r: dict) -> tuple:
        start = int(r["existed_from"][:4])
        end = int(r["existed_until"][:4]) if r["existed_until"] else 9999
        return (not start <= year <= end, abs(start - year), r["id"])

    return min(candidates, key=fits)


_WORDED = re.compile(r"(\d+) tháng (\d+)(?: năm (\d{4}))?")  # "16–24 tháng 12 năm 1996"


def _span(text: str) -> tuple[str, str] | None:
    """'7-15/5/2012' -> ('2012-05-07', '2012-05-15'); '30/9-9/10/2013', '27/01/2016' too."""
    text = " ".join(text.replace("–", "-").split())
    text = _WORDED.sub(lambda m: "/".join(g for g in m.groups() if g), text)
    first, _, last = "".join(text.split()).partition("-")
    end = last or first
    m = _DMY.match(end)
    if m is None:
        return None
    day, month, year = first.split("/") + [m[2], m[3]][len(first.split("/")) - 1 :]
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}", f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(b) - date.fromisoformat(a)).days)


def plenum_rows(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[tuple[str, str]]]:
    """The Central Committee's plenums (term, number, first and last day) from the shared
    table; rows whose dates do not read as a day or a span of days are rejected."""
    kept: dict[tuple[str, str], dict] = {}
    rejected: list[tuple[str, str]] = []
    for line, raw in rows:
        where = f"{PLENUMS}:{line}"
        term = (raw.get("khoa") or "").strip()
        number = re.sub(r"\D.*$", "", (raw.get("hoi_nghi") or "").strip())  # "6 (triệu tập ...)"
        span = _span(raw.get("thoi_gian") or "")
        if not re.fullmatch(r"[IVX]+", term) or not number:
            rejected.append((where, f"not a numbered plenum: {raw.get('hoi_nghi')!r}"))
            continue
        if span is None:
            rejected.append((where, f"no day in its date: {raw.get('thoi_gian')!r}"))
            continue
        held = kept.get((term, number))
        if held is not None and _days(held["ended_on"], span[0]) > 180:
            rejected.append((where, f"conflict: another plenum {number} of term {term}"))
            continue
        if held is not None:  # a plenum met in two sessions: its span covers both
            held["started_on"] = min(held["started_on"], span[0])
            held["ended_on"] = max(held["ended_on"], span[1])
            held["source"] = held["source"].replace(" (", f", line {line} (", 1)
            continue
        kept[(term, number)] = {
            "term": term, "plenum": number, "started_on": span[0], "ended_on": span[1],
            "source": f"{where} ({PLENUMS_ORIGIN})",
        }  # fmt: skip
    return list(kept.values()), rejected
