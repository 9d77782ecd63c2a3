"""Find directive citations in Vietnamese text.

Pipeline: `clean` the text (offset map kept) -> find anchors with one cheap pattern -> read the
citation core at each anchor (type word, number, symbol; or a plenum, congress or law name) ->
join list members ("18-NQ/TW và 19-NQ/TW") -> read the context after each core (date, issuer,
term, subject) and share it within a list -> map spans back to the original text.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from directive_graph.graph.bodies import CENTRAL_COMMITTEE, canonical_body
from directive_graph.graph.errors import InputError
from directive_graph.graph.model import Citation, Form, Kind
from directive_graph.graph.text import CleanText, clean, fold_tone_placement
from directive_graph.loaders import regexes as rx
from directive_graph.loaders.anchors import anchors
from directive_graph.loaders.anchors import prepare as prepare_anchors
from directive_graph.loaders.context import (
    Context,
    date_at,
    match_date,
    ordinal,
    read_context,
    roman,
)
from directive_graph.loaders.vocab import (
    COMMON_WORD_TYPES,
    COUNT_NOUNS,
    MIXED_CASE_TOKENS,
    PARTY_ISSUER_CODES,
    PARTY_TYPE_OVERRIDES,
    PLAIN_D_TOKENS,
    STATE_ISSUER_CODES,
    TYPE_ABBREVIATIONS,
    TYPE_WORDS,
)

# Members read once here: in Python 3.11 each `Kind.X` or `Form.X` is a descriptor call, and the
# readers below test kinds and forms at every anchor and citation.
_FULL, _SHORT, _NAMED, _UNNUMBERED = Form.FULL, Form.SHORT, Form.NAMED, Form.UNNUMBERED
_NUMBERED_FORMS = (_FULL, _SHORT)
_CONG_VAN, _LUAT, _THONG_TU, _HIEN_PHAP = Kind.CONG_VAN, Kind.LUAT, Kind.THONG_TU, Kind.HIEN_PHAP
_LAW_KINDS = (Kind.LUAT, Kind.BO_LUAT, Kind.PHAP_LENH)

HEADER_CHARS = 3000  # the letterhead ("Số: 141/KH-UBND") sits in the first lines

# The extractor never raises: a citation whose reading fails is logged and skipped, and the rest of
# the text is still read. The tests set STRICT, so that such a failure fails them instead.
STRICT = False
_log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Core:
    start: int
    end: int
    kind: Kind
    form: Form
    number: str | None = None
    year: int | None = None
    symbol: str | None = None
    code: str | None = None
    symbol_issuer: str | None = None
    issuer_text: str | None = None
    term: str | None = None
    plenum: int | None = None
    congress: str | None = None
    title: str | None = None
    self: bool = False
    joined: bool = False  # shares the type word and context of the core before it
    # what follows the core: set by _read_contexts before anything reads it (no empty Context
    # made for each core first)
    context: Context = None  # type: ignore[assignment]
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Code:
    """A code read by `_parse_code`. Shared by every match of the same text (memoised): never
    changed after it is made."""

    number: str  # as written, zero padding kept
    year: int | None
    symbol: str
    type_abbr: str | None
    kind: Kind | None
    issuer: str | None
    party: bool
    length: int  # where the code ends, counted from the start of its CODE match
    flags: tuple[str, ...] = ()
    full: str = field(init=False)  # the code as the graph writes it: 18-NQ/TW, 15/2020/NĐ-CP
    plain: str = field(init=False)  # the number without its zero padding

    def __post_init__(self) -> None:
        if self.party:
            full = f"{self.number}-{self.symbol}"
        elif self.year:
            full = f"{self.number}/{self.year}/{self.symbol}"
        else:
            full = f"{self.number}/{self.symbol}"
        object.__setattr__(self, "full", full)
        object.__setattr__(self, "plain", _plain_number(self.number))


def extract_citations(text: str, limit: int | None = None) -> list[Citation]:
    """Every directive citation in `text`, in order, with spans into `text` itself (the first
    `limit` of them: the work beyond is not done)."""
    if not text or not text.strip():
        return []
    with _gc_paused():
        return citations_in(clean(text, tones=False), limit)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a text is read, and on again after (unless it was
    off already). Reading makes tens of thousands of small objects (matches, cores, contexts)
    that hold no cycles: each collection would walk them all for nothing, a fifth of the time
    of a long text. Reference counting frees them as usual."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_many(texts: Iterable[str], jobs: int = 1) -> list[list[Citation]]:
    """The citations of each text, as `extract_citations` gives them, in the order of `texts`.

    With `jobs` > 1 the texts are read by that many worker processes (a process pool: the
    reading is pure Python, so threads would share one core); each result is the same list of
    citations, spans included, that one process would give. `jobs` 1 reads them here, one after
    another. A text that is empty or blank gives an empty list.

    >>> from directive_graph.loaders import extract_many
    >>> texts = ["Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương.", "", "NQ 18"]
    >>> [[c.code or c.text for c in found] for found in extract_many(texts)]
    [['18-NQ/TW'], [], ['NQ 18']]
    >>> extract_many(texts, jobs=2) == extract_many(texts)
    True
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"extract_many: jobs={jobs!r} is no number of processes; give 1 or more")
    if isinstance(texts, str):
        raise InputError("extract_many: texts is one string; give a list of texts (or [text])")
    items = list(texts)
    if jobs == 1 or len(items) < 2:
        return [extract_citations(t) for t in items]
    from concurrent.futures import ProcessPoolExecutor

    prepare_anchors()  # compiled once here, inherited by the forked workers
    workers = min(jobs, len(items))
    # a few chunks per worker: few round trips, and a long text does not hold up the others
    chunk = max(1, len(items) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(extract_citations, items, chunksize=chunk))


def citations_in(cleaned: CleanText, limit: int | None = None) -> list[Citation]:
    """The citations of an already cleaned text (the loader cleans once for every stage; the
    patterns accept either tone placement, so `tones` may be on or off); the first `limit`."""
    text = cleaned.original
    if not text.strip():
        return []
    with _gc_paused():
        return _citations(cleaned, limit)


def _citations(cleaned: CleanText, limit: int | None) -> list[Citation]:
    text = cleaned.original
    s = cleaned.text
    low = s.lower()
    if len(low) != len(s):  # a few letters lower-case to two characters (İ): keep positions
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    cores = _find_cores(s, low)
    if limit is not None:
        cores = cores[:limit]
    _read_contexts(s, cores)
    out = []
    head = -1
    for i, core in enumerate(cores):
        start, end = cleaned.span(core.start, core.end)
        try:
            citation = _citation(core, text[start:end], start, end)
        except Exception:
            if STRICT:
                raise
            _log.exception("citation at offset %d skipped", start)
            continue
        head = head if core.joined else i
        citation._list_head = head
        out.append(citation)
    return out


# ---------------------------------------------------------------------------------------------
# Cores


def _anchors(s: str, low: str) -> Iterator[int]:
    """Positions worth a closer look, in order: type words, code shapes, abbreviations."""
    return iter(anchors(s, low))


def _find_cores(s: str, low: str) -> list[_Core]:
    cores: list[_Core] = []
    consumed = 0
    for pos in _anchors(s, low):
        if pos < consumed:
            continue
        if pos and low[pos - 1].isalpha() and not low[pos].isdigit():
            continue  # a type word must start a word: not "kế" inside "thiết kế"
        digits = low[pos].isdigit()
        if digits:
            while pos > 0 and s[pos - 1].isdigit():
                pos -= 1
            if pos > 0 and s[pos - 1] in "Il" and (pos == 1 or not s[pos - 2].isalnum()):
                pos -= 1  # "I5/2020/NĐ-CP": an OCR'd 1
            if pos < consumed:
                continue
        try:
            if digits:
                found = _bare_code(s, pos, cores)
            elif (
                s[pos].isupper()
                and s[pos + 1 : pos + 2].isupper()
                and low[pos + 2 : pos + 3] in " 0123456789"
            ):
                found = _abbreviated(s, pos) or _typed_if_possible(s, low, pos)
            elif low.startswith("luật", pos) and _common_noun_luat(low, pos):
                continue  # "pháp luật", "kỷ luật": every reader below would say so, one by one
            else:
                found = _typed_if_possible(s, low, pos)
        except Exception:
            if STRICT:
                raise
            _log.exception("citation at offset %d skipped", pos)
            continue
        if found and _is_template(low, found[0].start):
            consumed = max(found[-1].end, _template_end(s, pos) if digits else pos + 1)
            continue  # "Mẫu số 01/TB-TNĐT": a form's number, and the forms listed after it
        if found:
            if cores and not found[0].joined and _is_list_gap(s[cores[-1].end : found[0].start]):
                found[0].joined = True  # "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của"
            cores.extend(found)
            consumed = found[-1].end
    return cores


def _is_template(low: str, pos: int) -> bool:
    """After "Mẫu", "Biểu", "Phụ lục": a number or code is the form's own; a type word is the
    form's name only when it is an everyday one ("Mẫu báo cáo số 13-NT", "mẫu quyết định"), and
    "Phụ lục Quy định 366", "biểu mẫu Nghị định 130" name the document the forms belong to."""
    start = max(0, pos - 24)
    if not pos or not rx.FORM_WORD.search(low, start, pos):
        return False
    if not rx.TEMPLATE_BEFORE.search(low, start, pos):
        return False
    if low[pos].isdigit() or low[pos + 1 : pos + 2].isdigit() or low[pos + 2 : pos + 3].isdigit():
        return True  # "Mẫu số 01/...", "(mẫu TT02)"
    word = rx.ANCHOR_TYPES.match(low, pos)
    key = " ".join(word.group().split()) if word else ""
    return key in COMMON_WORD_TYPES and bool(rx.FORM_BEFORE.search(low, max(0, pos - 12), pos))


def _template_end(s: str, pos: int) -> int:
    """Where the number of a form or appendix ends ("01/TB-TNĐT, 02/TB-TNĐT"): none is cited."""
    end = pos
    while True:
        m = rx.CODE.match(s, end)
        if not m:
            return max(end, pos + 1)
        end = m.end()
        gap = rx.MORE_CODES.match(s, end)
        if not gap:
            return end
        end = gap.end()


@lru_cache(maxsize=256)
def _type_kind(type_text: str) -> tuple[str, Kind]:
    """The key of a type word as written ("Nghị  quyết" -> "nghị quyết") and its kind."""
    key = " ".join(type_text.lower().split())
    return key, TYPE_WORDS[key]


def _typed_if_possible(s: str, low: str, pos: int) -> list[_Core] | None:
    """`_typed`, once MAY_START says that a citation may start at `pos` (None otherwise)."""
    return _typed(s, low, pos) if rx.MAY_START.match(s, pos) else None


def _typed(s: str, low: str, pos: int) -> list[_Core] | None:
    m = rx.TYPED_NUMBER.match(s, pos)
    if m:
        key, kind = _type_kind(m["type"])
        if m["slip"] and kind is _THONG_TU:
            kind = Kind.THONG_TU_LIEN_TICH  # "Thông tư số liên tịch 08/2007/TTLT-BYT-BNV"
        if key == "luật" and _common_noun_luat(low, pos):
            return None  # "pháp luật\n3.", "kỷ luật 1.": a numbered item after the noun
        code_match = rx.CODE.match(s, m.end())
        code = _parse_code(code_match, typed=True) if code_match else None
        if code_match and code:
            head = _core_from_code(pos, code_match, code, kind_hint=kind)
            _name_after_code(s, head)
            return [head, *_more_codes(s, head)]
        return _short(s, m, key, kind)
    return _unnumbered(s, pos) or _named(s, low, pos)


def _short(s: str, m: re.Match[str], key: str, kind: Kind) -> list[_Core] | None:
    has_so = bool(m["gap"].strip())
    if key in COMMON_WORD_TYPES and not has_so and not m["type"][0].isupper():
        return None
    gap = m["gap"]
    heading = "\n" in gap and rx.HEADING_BEFORE.search(s, max(0, m.start() - 40), m.start())
    if gap.count("\n") > 1 or heading:
        return None  # "NGHỊ ĐỊNH\n1.", "Báo cáo\n\n1.": a heading, then the first item of its text
    n = rx.BARE_NUMBER.match(s, m.end())
    if not n or not _ends_as_document_number(s, n.end(), bool(n["year"])):
        return None
    if not has_so and not n["year"] and _numbers_an_item(s, m, n):
        return None
    if not has_so and kind in _NAMED_BY_YEAR and _is_year(n["num"]):
        return None  # "Chương trình 2018", "Kế hoạch 2025": a programme or plan of a year
    head = _Core(
        m.start(),
        n.end(),
        kind,
        Form.SHORT,
        number=str(int(n["num"])),
        year=int(n["year"]) if n["year"] else None,
    )
    cores = [head]
    end = n.end()
    while True:
        more = rx.MORE_NUMBERS.match(s, end)
        if not more or not _ends_as_document_number(s, more.end(), False):
            break
        if len(more[1]) == 4 and more[1][:2] in ("19", "20"):
            last = cores[-1]
            if last.year is None:  # "Thông tư 63 2024": the year of the one before, no member
                last.year, last.end = int(more[1]), more.end(1)
            break
        cores.append(
            _Core(
                more.start(1), more.end(1), kind, Form.SHORT, number=str(int(more[1])), joined=True
            )
        )
        end = more.end()
    return cores


_NAMED_BY_YEAR = {Kind.CHUONG_TRINH, Kind.KE_HOACH, Kind.DE_AN, Kind.PHUONG_AN}


def _is_year(number: str) -> bool:
    return len(number) == 4 and "1945" <= number <= "2035"


def _numbers_an_item(s: str, m: re.Match[str], n: re.Match[str]) -> bool:
    """True when the number after a type word numbers an item or a label, not a document:
    "Báo cáo 1. Báo cáo định kỳ" (an article titled "Báo cáo", then its item 1), "Phương án 1:"."""
    if len(n["num"]) == 1 and rx.LABEL_AFTER.match(s, n.end()):
        return True
    if not rx.LIST_ITEM_AFTER.match(s, n.end()):
        return False
    return (
        "\n" in m["gap"]
        or n["num"] == "1"
        or bool(rx.HEADING_LINE.search(s, max(0, m.start() - 200), m.start()))
    )


def _ends_as_document_number(s: str, end: int, has_year: bool) -> bool:
    """False when the number counts things ("06 tháng", "05 nhóm") or starts a date."""
    rest = s[end : end + 3]
    if rest[:1] in "/-." and rest[1:2].isdigit():
        return False
    if has_year:
        return True
    nxt = rx.NEXT_WORD.match(s, end)
    if not nxt:
        return True
    word = nxt[1]
    if word.isupper() and len(word) > 1:
        word = word.lower()  # "KẾ HOẠCH 3 NĂM" in a heading counts years
    if not word[:1].islower():
        return True  # "Nghị quyết 59 71 72 Bộ Chính trị": a name follows, not a counted noun
    if word in ("năm", "ngày") and rx.FOLLOWED_BY_YEAR.match(s, nxt.end()):
        return True
    return word not in COUNT_NOUNS


def _abbreviated(s: str, pos: int) -> list[_Core] | None:
    if pos > 0 and (s[pos - 1].isalnum() or s[pos - 1] in "-/"):
        return None
    m = rx.ABBREVIATED_NUMBER.match(s, pos)
    if not m or not _ends_as_document_number(s, m.end(), bool(m["year"])):
        return None
    abbr = m["abbr"].upper()
    kind = TYPE_ABBREVIATIONS.get(abbr)
    if kind is None:
        return None
    if abbr in ("CT", "CTR", "KH") and _is_year(m["num"]):
        return None  # "CT 2018": the 2018 curriculum, not a directive numbered 2018
    glued = not m["space"] and abbr not in ("NQ", "KL")
    if glued and not rx.CITING_BEFORE.search(s, max(0, pos - 24), pos):
        return None  # "TB1", "CT3", "HD170": survey points, buildings, models; "theo CT05" cites
    return [
        _Core(
            pos,
            m.end(),
            kind,
            Form.SHORT,
            number=str(int(m["num"])),
            year=int(m["year"]) if m["year"] else None,
        )
    ]


def _bare_code(s: str, pos: int, cores: list[_Core]) -> list[_Core] | None:
    if pos > 0 and (s[pos - 1].isalpha() or s[pos - 1] in "/-.,"):
        return None
    m = rx.CODE.match(s, pos)
    near = max(0, pos - 20)
    letter = rx.LETTER_BEFORE.search(s, near, pos) if m and s.find("ăn", near, pos) >= 0 else None
    # the text's own number in its letterhead ("Số: 5120/BNV-CQĐP") is a code whatever it holds
    in_header = pos < HEADER_CHARS and rx.SELF_NUMBER.search(s, max(0, pos - 40), pos)
    own = bool(in_header) and not any(c.self for c in cores)
    code = _parse_code(m, typed=bool(letter) or own) if m else None
    if m is None or code is None:
        return None
    if letter and not code.party:  # "văn bản số 1520/BNV-CQĐP": an official letter
        core = _core_from_code(letter.start(), m, code, kind_hint=None)
        if code.kind is None:
            core.kind = Kind.CONG_VAN
        return [core, *_more_codes(s, core)]
    core = _core_from_code(pos, m, code, kind_hint=None)
    prev = cores[-1] if cores else None
    if prev and prev.form is Form.FULL and _is_list_gap(s[prev.end : pos]):
        core.joined = True
        core.kind = _inherit_kind(prev.kind, code)
    if own:
        core.self = True
    return [core, *_more_codes(s, core)]


_LIST_GAP = re.compile(r"\s{0,3}(?:,\s{0,3}(?:và\s+)?|(?:và|hoặc)\s+)(?:số\s*)?", re.I)


def _is_list_gap(gap: str) -> bool:
    return bool(_LIST_GAP.fullmatch(gap))


def _inherit_kind(head: Kind, code: _Code) -> Kind:
    if code.kind in (None, head) or code.type_abbr == "QĐ":
        return head
    return code.kind


def _more_codes(s: str, head: _Core) -> list[_Core]:
    """Codes that share the head's type word: "Quy định số 57-QĐ/TW và 58-QĐ/TW"."""
    more: list[_Core] = []
    end = head.end
    while True:
        gap = rx.MORE_CODES.match(s, end)
        if not gap:
            break
        m = rx.CODE.match(s, gap.end())
        code = _parse_code(m, typed=True) if m else None
        if m is None or code is None:
            break
        core = _core_from_code(gap.end(), m, code, kind_hint=None)
        core.kind = _inherit_kind(head.kind, code)
        core.joined = True
        more.append(core)
        end = core.end
    return more


def _core_from_code(start: int, m: re.Match[str], code: _Code, kind_hint: Kind | None) -> _Core:
    """The core of the code `code` that `_parse_code` read from the CODE match `m`, from
    `start` (the type word's, or the code's own) to the code's end."""
    kind = kind_hint or code.kind or _CONG_VAN
    if kind_hint is _LUAT and code.kind is None:
        kind = _LUAT
    # positional, in the order of _Core's fields: ten keywords cost twice as much
    end = m.start() + code.length
    plain, year, symbol, full, issuer = code.plain, code.year, code.symbol, code.full, code.issuer
    return _Core(
        start, end, kind, _FULL, plain, year, symbol, full, issuer,
        None, None, None, None, None, False, False, flags=list(code.flags),
    )  # fmt: skip


def _plain_number(number: str) -> str:
    """ "05" -> "5", "66.22" and "30a" as written (leading zeros dropped)."""
    if number.isdigit():
        return str(int(number))
    head = number.lstrip("0")
    return head if head[:1].isdigit() else "0" + head


# ---------------------------------------------------------------------------------------------
# Symbols

_KNOWN_MIXED = re.compile(r"TTg|QĐi|CTr|TTr|QyĐ|ThU|QĐ|[A-ZĐ0-9]+")


def _fix_part(raw: str) -> tuple[str, int] | None:
    """Canonical token and how many characters of `raw` it uses ("TTgcủa" -> "TTg", 3)."""
    if raw.islower() or raw.isupper() or raw.isdigit():
        used = len(raw)
        token = raw.upper()
    else:
        m = _KNOWN_MIXED.match(raw)
        if not m:
            return None
        used = m.end()
        token = raw[:used].upper()
        if used < len(raw) and raw[used].islower() and used < 2:
            return None
    token = PLAIN_D_TOKENS.get(token, token)
    return MIXED_CASE_TOKENS.get(token, token), used


# "QĐTTg", "27/CTTg": the hyphen (and in CTTg one T) dropped from QĐ-TTg, CT-TTg
_GLUED_TTG = re.compile(r"^(?:([A-ZĐ]{1,3})TTg|([A-ZĐ]{0,2}T)Tg)$")


def _unglue(parts: str) -> str:
    m = _GLUED_TTG.match(parts)
    if not m:
        return parts
    head = m[1] or m[2]
    if head not in TYPE_ABBREVIATIONS and parts[:-2] in TYPE_ABBREVIATIONS:
        head = parts[:-2]  # "CTTg" is CT-TTg with one T dropped, not C-TTg
    return f"{head}-TTg"


def _parse_code(m: re.Match[str], typed: bool) -> _Code | None:
    """The code that the CODE match `m` holds, or None when it holds none (`typed`: a type word
    or a letterhead says that a code follows, so a code may say less about itself).

    A pure function of what `_read_code` reads from `m` (its groups and where "parts" starts
    in it): memoised on exactly that, since a text cites a few codes many times. The cache is
    bounded: it is emptied when full."""
    key = (typed, m.group("num", "sep1", "year", "parts"), m.start("parts") - m.start())
    try:
        return _CODES[key]
    except KeyError:
        pass
    code = _read_code(m, typed)
    if len(_CODES) >= _CODES_MOST:
        _CODES.clear()
    _CODES[key] = code
    return code


_CODES: dict[tuple[bool, tuple[Any, ...], int], _Code | None] = {}
_CODES_MOST = 4096


def _read_code(m: re.Match[str], typed: bool) -> _Code | None:
    flags: list[str] = []
    unglued = _unglue(m["parts"])
    pieces = rx.SPLIT_PARTS.split(unglued)
    parts_raw, seps = pieces[0::2], pieces[1::2]
    parts: list[str] = []
    end = m.start("parts")
    for i, raw in enumerate(parts_raw):
        ocr = rx.OCR_TOKEN.fullmatch(raw) if "l" in raw or "I" in raw else None
        if ocr and not ocr[2].isdigit():  # "QHl5", "QHI5": the I or l is a 1
            raw = ocr[1] + ocr[2].replace("I", "1").replace("l", "1")
            flags.append("ocr")
        fixed = _fix_part(raw)
        if fixed is None:
            break
        token, used = fixed
        parts.append(token)
        end = m.start("parts") + len("".join(pieces[: 2 * i])) + used
        # full separators between pieces are kept in `pieces`, so the offset above is exact
        if used < len(raw):
            break
    if not parts:
        return None
    if unglued != m["parts"]:
        end = m.end("parts")  # offsets above count the hyphen put back into "QĐTTg"
    seps = [x.strip() for x in seps[: len(parts) - 1]]
    sep1 = m["sep1"].strip()
    number = m["num"]
    if number[0] in "Il":  # "I5/2020/NĐ-CP": OCR read the 1 as a letter
        number = "1" + number[1:]
        flags.append("ocr")
    year = int(m["year"]) if m["year"] else None
    if sep1 == "-" and year is not None:  # "05-2016/NQ-CP" is 05/2016/NQ-CP
        sep1 = "/"
        flags.append("written-hyphen-year")
    if not number.isdigit() and (sep1 == "-" or year is None):
        return None  # "66.22", "30a" are numbers of state documents with a year only
    type_abbr: str | None  # the state form below may have none
    if sep1 == "-" and year is None:
        # Party form: number-TYPE/ISSUER[-ISSUER]: 18-NQ/TW, 05-QC/BTCTU-BDVTU
        type_abbr = parts[0]
        if len(parts) == 1:
            if not typed or type_abbr.upper() not in TYPE_ABBREVIATIONS:
                return None
            symbol = type_abbr
        else:
            if seps[0] != "/" or "/" in seps[1:]:
                return None
            symbol = f"{type_abbr}/{'-'.join(parts[1:])}"
        key = type_abbr.upper()  # (the keys are upper case: "CTr" is CTR, a Chương trình)
        kind = PARTY_TYPE_OVERRIDES.get(key) or TYPE_ABBREVIATIONS.get(key)
        if kind is None and not typed:
            return None
        issuer = PARTY_ISSUER_CODES.get(parts[-1]) if len(parts) > 1 else None
        if not all(p.isalpha() for p in parts[:1]):
            return None
        return _Code(
            number, None, symbol, type_abbr, kind, issuer, True, end - m.start(), (*flags,)
        )
    if sep1 != "/":
        return None
    # State form: number/[year/]TYPE-ISSUER..., number/year/QH14, number/ISSUER-UNIT (công văn)
    if "/" in seps:
        if not (year and seps[0] == "/" and "/" not in seps[1:] and parts[0] in TYPE_ABBREVIATIONS):
            return None
        seps[0] = "-"  # "162/2004/TTLT/BQP-BTC" is 162/2004/TTLT-BQP-BTC
        flags.append("written-slash-symbol")
    symbol = "".join(p + (seps[i] if i < len(seps) else "") for i, p in enumerate(parts))
    first = parts[0]
    type_abbr = first if first.upper() in TYPE_ABBREVIATIONS else None
    kind = TYPE_ABBREVIATIONS.get(first.upper()) if type_abbr else None
    if kind is Kind.THONG_TU and year is None and len(parts) > 1 and _is_party_suffix(parts[-1]):
        kind = Kind.THONG_TRI
    issuer = None
    if _QH.fullmatch(first):
        kind, issuer = Kind.LUAT, "Quốc hội"
    elif _UBTVQH.fullmatch(first):
        kind, issuer = Kind.NGHI_QUYET, "Ủy ban Thường vụ Quốc hội"
    elif type_abbr is None:  # an official letter: 1520/BNV-CQĐP, the issuer first
        issuer = STATE_ISSUER_CODES.get(first.upper())
    elif len(parts) > 1:
        # TTLT-BYT-BNV: every issuer of a joint document, joined with "; " (names hold commas)
        issuers = [STATE_ISSUER_CODES.get(p.upper()) for p in parts[1:]]
        known = [i for i in issuers if i]
        issuer = "; ".join(known) if len(known) == len(issuers) else issuers[-1]
    if year is None and len(parts) == 2 and kind and parts[1] in ("TW", "TU", "HU", "QU", "ĐU"):
        # "27/NQ- TW": a Party symbol typed with the state separators
        issuer = PARTY_ISSUER_CODES.get(parts[1])
        symbol = f"{parts[0]}/{parts[1]}"
        return _Code(
            number, None, symbol, type_abbr, kind, issuer, True, end - m.start(), (*flags,)
        )
    # A code on its own must say what it is: a known type and an issuer, or a QH law.
    if not typed and (kind is None or (len(parts) < 2 and issuer is None)):
        return None
    if not first[0].isalpha():
        return None
    return _Code(number, year, symbol, type_abbr, kind, issuer, False, end - m.start(), (*flags,))


_QH = re.compile(r"QH\d{1,2}")  # a law of the National Assembly of that term: 31/2024/QH15
_UBTVQH = re.compile(r"UBTVQH\d{1,2}")  # a resolution of its Standing Committee


def _is_party_suffix(token: str) -> bool:
    return token.endswith(("TW", "TU", "HU", "QU", "ĐU"))


# ---------------------------------------------------------------------------------------------
# Unnumbered plenum and congress documents, named laws


def _unnumbered(s: str, pos: int) -> list[_Core] | None:
    m = rx.UNNUMBERED_TYPES.match(s, pos)
    if not m:
        return None
    type_key = " ".join(m["type"].lower().split())
    kind = TYPE_WORDS.get(type_key, Kind.NGHI_QUYET)
    plenum = rx.PLENUM.match(s, m.end())
    if plenum and rx.plenum_of(plenum) and ordinal(rx.plenum_of(plenum)):
        return _plenum_cores(s, pos, kind, plenum)
    congress = rx.CONGRESS.match(s, m.end())
    if congress and roman(congress["congress"]):
        if congress["local"]:
            issuer = "Đại hội Đảng bộ " + " ".join(congress["local"].split())
        else:
            issuer = "Đại hội đại biểu toàn quốc"
        return [
            _Core(
                pos,
                congress.end(),
                kind,
                Form.UNNUMBERED,
                congress=roman(congress["congress"]),
                symbol_issuer=issuer,
            )
        ]
    return None


def _plenum_cores(s: str, pos: int, kind: Kind, plenum: re.Match[str]) -> list[_Core]:
    """ "Nghị quyết Trung ương 5 khóa XIII", "Nghị quyết Hội nghị lần thứ 4", and the lists
    "Nghị quyết Hội nghị Trung ương 6, 7 khóa XII" (plenums) and "khóa XI, XII" (terms)."""
    term = roman(plenum["term"])
    number_end = rx.plenum_end(plenum)
    head = _Core(
        pos,
        plenum.end() if term or plenum["body"] else number_end,
        kind,
        Form.UNNUMBERED,
        plenum=ordinal(rx.plenum_of(plenum)),
        term=term,
        symbol_issuer=CENTRAL_COMMITTEE,
    )
    cores = [head]
    end = head.end
    if not term and not plenum["body"]:
        while len(cores) < 12:
            more = rx.MORE_PLENUMS.match(s, end)
            number = ordinal(more["n"]) if more else None
            if not number:
                break
            assert more is not None  # a number is only read from a match
            cores.append(
                _Core(
                    more.start("n"),
                    more.end("n"),
                    kind,
                    Form.UNNUMBERED,
                    plenum=number,
                    symbol_issuer=CENTRAL_COMMITTEE,
                    joined=True,
                )
            )
            end = more.end()
        if len(cores) > 1:
            tail = rx.PLENUM_TAIL.match(s, end)
            term = roman(tail["term"]) if tail else None
            if tail and (term or tail["body"]):
                cores[-1].end = tail.end()
            for core in cores:
                core.term = term
            return cores
    while term and len(cores) < 12:
        more = rx.MORE_TERMS.match(s, end)
        if not more or not roman(more[1]):
            break
        cores.append(
            _Core(
                more.start(1),
                more.end(1),
                kind,
                Form.UNNUMBERED,
                plenum=head.plenum,
                term=roman(more[1]),
                symbol_issuer=CENTRAL_COMMITTEE,
                joined=True,
            )
        )
        end = more.end()
    return cores


_NAMED_KINDS = {
    "luật": Kind.LUAT,
    "bộ luật": Kind.BO_LUAT,
    "hiến pháp": Kind.HIEN_PHAP,
    "pháp lệnh": Kind.PHAP_LENH,
    "điều lệ": Kind.DIEU_LE,
}
_NAME_TAIL_YEAR = re.compile(r"\s+(?i:năm\s+)?((?:19|20)\d\d)(?!\d|/)")
_NAME_CODE = re.compile(r"\s+(?i:số)\s*[:.]?\s*(?=\d)")
_BRACKETED_CODE = rx._compile(
    r"\s*\(\s*(?i:(?:bộ\s+luật|luật|pháp\s+lệnh)\s+)?(?i:số\s*[:.]?\s*)?(?=\d)"
)
_CLOSING = re.compile(r"\s*\)")
_KIND_WORD = {Kind.LUAT: "Luật", Kind.BO_LUAT: "Bộ luật", Kind.PHAP_LENH: "Pháp lệnh"}
_CONSTITUTION_NAME = rx._compile(
    r"\s+(?i:nước\s+cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|việt\s+nam)(?![^\W\d_])"
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _named(s: str, low: str, pos: int) -> list[_Core] | None:
    m = rx.NAMED_TYPES.match(s, pos)
    if not m:
        return None
    key = " ".join(m["type"].lower().split())
    kind = _NAMED_KINDS[key]
    if key == "luật" and _common_noun_luat(low, pos):
        return None  # "pháp luật" (legislation), "kỷ luật" (discipline); "bộ luật" starts itself
    capital = s[pos].isupper()
    head = rx.NAME_WORD.match(s, m.end())
    if head and _not_a_name(head["word"], kind, capital):
        return None  # decided by the first word: "luật luật luật ..." costs one look, not 14
    words = _Words(s, m.end())
    if kind is not _HIEN_PHAP and not _may_be_named(words):
        return None  # what _name_words would find at once: no name ("Luật Nghị định", "Luật Luật")
    if kind is _HIEN_PHAP:
        name = _CONSTITUTION_NAME.match(s, m.end())
        n_words, end = (1, name.end()) if name else (0, m.end())
    else:
        n_words, end = _name_words(s, m.end(), kind, words)
    if not n_words and (kind is not _HIEN_PHAP or not capital):
        return None
    title = " ".join(s[m.start() : end].split())
    core = _Core(pos, end, kind, _NAMED, title=title)
    year = _NAME_TAIL_YEAR.match(s, end)
    if year:
        core.year = int(year[1])
        core.end = year.end()  # "Luật Công nghệ cao 2008 được Quốc hội ban hành ngày ..."
    for gap in (_NAME_CODE.match(s, end), _BRACKETED_CODE.match(s, core.end)):
        cm = rx.CODE.match(s, gap.end()) if gap else None
        code = _parse_code(cm, typed=True) if cm else None
        if cm is None or code is None:
            continue
        assert gap is not None  # a code is only read after a gap
        full = _core_from_code(pos, cm, code, kind_hint=kind)
        full.title = title
        if gap.group().lstrip().startswith("("):  # "Luật Đất đai (Luật số 31/2024/QH15)"
            close = _CLOSING.match(s, full.end)
            if not close:
                continue
            full.end = close.end()
        return [full]
    return [core]


def _name_after_code(s: str, core: _Core) -> None:
    """ "Luật 10/2012/QH13 Lao động", "Luật 08/2017/QH14 Luật Thủy lợi": the name after a law's
    number is its title, and what the sentence says after it (its date) is its context."""
    if core.kind not in _LAW_KINDS:
        return
    again = rx.NAMED_TYPES.match(s, core.end + 1) if s[core.end : core.end + 1] == " " else None
    if again and _NAMED_KINDS[" ".join(again["type"].lower().split())] is core.kind:
        start, words_from = again.start(), again.end()
    else:
        start = words_from = core.end
    head = rx.NAME_WORD.match(s, words_from)
    if not head or "\n" in head["sep"] or not (again or head["word"][0].isupper()):
        return
    n, end = _name_words(s, words_from, core.kind)
    if not n:
        return
    name = " ".join(s[start:end].split())
    if not again:
        name = _KIND_WORD[core.kind] + " " + name
    year = _NAME_TAIL_YEAR.match(s, end)
    if year and int(year[1]) == core.year:
        end = year.end()  # "Luật 28/2023/QH15 Luật Tài nguyên nước 2023 ban hành ngày ..."
    core.title, core.end = name, end


def _common_noun_luat(low: str, pos: int) -> bool:
    """True for "luật" inside "pháp luật", "kỷ luật", "công ty luật"; and for "luật pháp"."""
    return _ends_with_noun_word(low[max(0, pos - 12) : pos])


@lru_cache(maxsize=4096)
def _ends_with_noun_word(before: str) -> bool:
    """True when the last word of `before` (spaces after it) is one of NOT_A_LAW_BEFORE. What
    _WORD_BEFORE finds depends on these characters only ("theo quy định của pháp luật" is
    written again and again: each such run of twelve is searched once)."""
    word = _WORD_BEFORE.search(before)
    return bool(word and word[1] in rx.NOT_A_LAW_BEFORE)


def _not_a_name(first: str, kind: Kind, capital: bool) -> bool:
    """True when the word after the type word shows no name follows ("luật sư", "điều lệ số")."""
    # "luật sư", "LUẬT SƯ" in a heading, "luật Sư" in a form: lawyers (a capital "Luật" may
    # name the Law on Lawyers: "Luật Luật sư")
    plain = not capital or first[0].islower() or (first.isupper() and len(first) > 1)
    if kind is _LUAT and plain and fold_tone_placement(first.lower()) in rx.NOT_A_LAW:
        return True  # "hoá" is "hóa"
    if not capital and not first[0].isupper():
        return True
    return kind is Kind.DIEU_LE and not first[0].isupper()


def _may_be_named(words: _Words) -> bool:
    """False when `_name_words` at once finds no name in `words` (those after the type word):
    no first word (in the same paragraph), or a first word that starts the next citation. The
    words read here are the ones `_name_words` then goes on with."""
    first = words.get(0)
    if first is None:
        return False
    key, next_key = first[2], words.key(1)
    if key == "sửa" and next_key == "đổi":
        return True  # an amending law: _amending_name reads it
    return not _starts_citation(key, next_key)


@lru_cache(maxsize=8192)
def _word_key(word: str) -> str:
    """A word's key: lower case, the older tone placement ("hoá" is "hóa")."""
    key = word.lower()
    if "ó" in key or "ò" in key or "ọ" in key or "ỏ" in key or "õ" in key or "ý" in key:
        key = fold_tone_placement(key)
    return key


class _Words:
    """The words after a type word, read one at a time as the name reader asks for them."""

    __slots__ = ("_end", "_s", "done", "items")

    def __init__(self, s: str, pos: int) -> None:
        self._s = s
        self._end = pos
        self.items: list[tuple[str, str, str, int, int]] = []  # sep, word, key, start, end
        self.done = False

    def get(self, i: int) -> tuple[str, str, str, int, int] | None:
        if i < len(self.items):
            return self.items[i]
        while len(self.items) <= i and not self.done:
            m = rx.NAME_WORD.match(self._s, self._end)
            if not m or m["sep"].count("\n") > 1:  # punctuation, a digit or a blank line
                self.done = True
                break
            word = m["word"]
            self.items.append((m["sep"], word, _word_key(word), m.start("word"), m.end()))
            self._end = m.end()
        return self.items[i] if i < len(self.items) else None

    def read(self, i: int) -> tuple[str, str, str, int, int]:
        """Word i, known to be there (`get` has returned it before)."""
        w = self.get(i)
        assert w is not None
        return w

    def key(self, i: int, same_clause: bool = True) -> str:
        """The key of word i, or "" (past the end, or after a comma when `same_clause`)."""
        w = self.get(i)
        if w is None or (same_clause and "," in w[0]):
            return ""
        return w[2]


_NAME_LIMIT = 14
_STRUCTURE = {"điều", "khoản", "điểm", "chương", "mục", "phần", "tiết"}
_AMENDING_LIMIT = 70


def _name_words(s: str, pos: int, kind: Kind, words: _Words | None = None) -> tuple[int, int]:
    """How many words of a law's name follow `pos`, and where the name ends (`words`: the
    words after `pos` as far as they have been read already, if they have).

    The name ends where the sentence takes over again: at a clause word (NAME_STOP, unless a
    phrase of NAME_PHRASES holds it), at a comma or "và" whose next part is no part of a name
    ("Luật Lưu trữ, các quy định", "Luật Lâm nghiệp và các văn bản"), or at the next citation.
    """
    if words is None:
        words = _Words(s, pos)
    first = words.get(0)
    if first is None:
        return 0, pos
    if first[2] == "sửa" and words.key(1) == "đổi":
        return _amending_name(s, words, pos, kind)
    if _starts_citation(first[2], words.key(1)):
        return 0, pos  # "Luật Nghị định ...", "luật luật luật": no name between two type words
    i, end = 0, pos
    opening = rx.NAME_OPENING_PHRASES.match(s, first[3])
    if opening:
        while (w := words.get(i)) and w[4] <= opening.end():
            i += 1
        end = opening.end()
    elif kind is Kind.PHAP_LENH and first[2] == "về":
        i, end = 1, first[4]  # "Pháp lệnh về lực lượng Dự bị động viên"
    first_part = None  # words before the first comma
    capital_inside = False
    while i < _NAME_LIMIT:
        w = words.get(i)
        if w is None:
            break
        sep, word, key = w[0], w[1], w[2]
        if "," in sep:
            if kind is Kind.DIEU_LE or "\n" in sep or word[0].isupper():
                break
            first_part = i if first_part is None else first_part
            if first_part > rx.NAME_PART_WORDS:
                break  # "Luật Kinh doanh bảo hiểm, ...": a list of things, not "Cán bộ, công chức"
            start = i + 1 if key == "và" else i
            n = _name_part(words, start, None)
            if not n:
                break
            i = start + n
            end = words.read(i - 1)[4]
            continue
        if key == "và":
            last, after = words.get(i - 1), words.get(i + 1)
            if not i or after is None or "," in after[0]:
                break
            n = _name_part(words, i + 1, last[2] if capital_inside and last else None)
            if not n:
                break
            i += 1 + n
            end = words.read(i - 1)[4]
            continue
        nxt = words.key(i + 1)
        if key in ("số", "năm", "ngày") and (not nxt or not nxt[:1].isalpha()):
            break
        if key in _STRUCTURE and s[w[4] : w[4] + 2].strip()[:1].isdigit():
            break  # "Luật X khoản 2 Điều 66": a part of a text, not of a name
        opens = i == 0 and word[0].isupper() and not word.isupper()  # "Luật Các tổ chức tín dụng"
        if (key, nxt) in rx.NAME_STOP_PAIRS or (key in rx.NAME_STOP and not opens):
            phrase = rx.NAME_PHRASES.match(s, w[3])
            if not phrase:
                break
            while (p := words.get(i)) and p[4] <= phrase.end():
                i += 1
            end = phrase.end()
            continue
        if i and word[0].isupper():
            if _starts_citation(key, nxt):
                break
            capital_inside = True
        elif i and f"{key} {nxt}" in TYPE_WORDS:
            break  # "Luật Cư trú thông báo": a type word as a verb or noun of the clause
        i += 1
        end = w[4]
    return i, end


def _starts_citation(key: str, nxt: str) -> bool:
    """A capitalised word that starts the next citation or a part of a text, not a name word."""
    return (
        (key == "luật" and nxt not in rx.NOT_A_LAW)  # "Liên đoàn Luật sư" goes on
        or key in ("điều", "khoản", "điểm", "chương", "mục", "căn", "phụ")
        or f"{key} {nxt}" in TYPE_WORDS
        or (key == "bộ" and nxt in ("luật", ""))
    )


def _name_part(words: _Words, i: int, parallel: str | None) -> int:
    """The words of one more part of a name at word i, after a comma or "và" (0: no part).

    A part is short (NAME_PART_WORDS), starts like a name ("công chức", "chữa bệnh", "gia
    đình"), and ends where a name may end; after "và" a capitalised part is taken only when it
    ends like the part before it ("Hội đồng nhân dân và Ủy ban nhân dân": `parallel` is "dân").
    """
    w = words.get(i)
    if w is None:
        return 0
    key, nxt = w[2], words.key(i + 1)
    if key in rx.NAME_STOP or (key, nxt) in rx.NAME_STOP_PAIRS:
        return 0
    if key in rx.NOT_A_NAME_PART and w[1][0].islower():
        return 0
    if w[1][0].isupper() and (parallel is None or _starts_citation(key, nxt)):
        return 0
    n = 1
    while True:
        w = words.get(i + n)
        if w is None or "," in w[0] or w[2] == "và" or "\n" in w[0]:
            break  # punctuation, a digit, the next part or a line break: a clean end
        key, nxt = w[2], words.key(i + n + 1)
        if key in ("số", "năm", "ngày") and not nxt[:1].isalpha():
            break  # "Luật Cán bộ, công chức năm 2008"
        if key in rx.NAME_STOP or (key, nxt) in rx.NAME_STOP_PAIRS:
            if key in rx.NAME_NOT_FOLLOWED_BY:
                return 0  # "Bộ luật Dân sự, người chưa đủ 14 tuổi"
            break
        if w[1][0].isupper():
            if _starts_citation(key, nxt):
                break
            if parallel is None:
                return 0  # "Luật Giám định tư pháp, trình Lãnh đạo Bộ"
        n += 1
        if n > rx.NAME_PART_WORDS:
            return 0
    capitalised = words.read(i)[1][0].isupper()
    if parallel is not None and capitalised and words.read(i + n - 1)[2] != parallel:
        return 0
    return n


_FIRST_AMENDED = rx._compile(r"\s+(?=(?i:bộ\s+luật|luật|pháp\s+lệnh)\s)")
_NEXT_AMENDED = rx._compile(
    r"(?:\s*,\s*(?i:và\s+)?|\s+(?i:và)\s+)(?=(?i:bộ\s+luật|luật|pháp\s+lệnh)\s)"
)
_AMENDING_WORDS = ("sửa", "đổi", "bổ", "sung", "một", "số", "điều")


def _amending_name(s: str, words: _Words, pos: int, kind: Kind) -> tuple[int, int]:
    """ "sửa đổi, bổ sung một số điều của Luật A, Luật B và Luật C": the name ends with the last
    amended law's name; with none named, after "sửa đổi, bổ sung" (and "một số điều")."""
    i, prefix_end = 0, pos
    while i < len(_AMENDING_WORDS) and (w := words.get(i)) and w[2] in _AMENDING_WORDS:
        if w[2] == "số" and words.key(i + 1) != "điều":
            break  # "Luật sửa đổi, bổ sung số 90/2025/QH15": the number follows
        i += 1
        prefix_end = w[4]
    starts = [prefix_end]  # "sửa đổi, bổ sung Luật Kinh doanh bảo hiểm"
    j = i
    while j < 25 and (w := words.get(j)) and w[2] != "của":
        j += 1
    if w is not None and w[2] == "của":
        starts.insert(0, w[4])
    for at in starts:
        end = None
        gap = _FIRST_AMENDED.match(s, at)
        while gap:
            target = rx.NAMED_TYPES.match(s, gap.end())
            if not target:
                break
            inner = _NAMED_KINDS[" ".join(target["type"].lower().split())]
            n, stop = _name_words(s, target.end(), inner)
            if not n:
                break
            end = stop
            gap = _NEXT_AMENDED.match(s, stop)
        if end is not None:
            return 1, end
    if i < 3:
        return 0, pos  # "Luật sửa đổi" alone names no law
    return i, prefix_end


# ---------------------------------------------------------------------------------------------
# Context


def _read_contexts(s: str, cores: list[_Core]) -> None:
    claims: list[tuple[int, int, str]] = []  # dates that close a title, with its span
    for i, core in enumerate(cores):
        limit = cores[i + 1].start if i + 1 < len(cores) else len(s)
        previous_end = cores[i - 1].context.end if i else 0
        try:
            _read_context(s, core, limit, previous_end, claims)
        except Exception:
            if STRICT:
                raise
            _log.exception("context of the citation at offset %d skipped", core.start)
            core.context = Context(end=core.end)
    # A date that closes a document's title belongs to it, not to a law the title names.
    for start, end, iso in claims:
        for core in cores:
            ctx = core.context
            if start <= core.start < end and ctx.issued_on == iso:
                ctx.issued_on = None
                if core.year is None and ctx.year == int(iso[:4]):
                    ctx.year = None
    # Dated members of two kinds, one issuer: "Chỉ thị số 31-CT/TU ngày 06/6/2023, Kế hoạch số
    # 134-KH/TU ngày 29/12/2023 của Ban Thường vụ Tỉnh ủy" (both numbered "/TU")
    for i in range(len(cores) - 2, -1, -1):
        a, b = cores[i], cores[i + 1]
        if (
            not a.context.issuer_text
            and b.context.issuer_text
            and _one_issuer(a, b)
            and _ISSUER_GAP.fullmatch(s, a.context.end, b.start)
        ):
            _share_issuer(b.context, a)
    # A list shares what follows its last member: "Quy định số 57-QĐ/TW và 58-QĐ/TW ngày ...",
    # but only between members of one kind and one numbering system: in "Nghị quyết số
    # 18-NQ/TW và Luật Đất đai năm 2024" the year is the law's.
    group_end = len(cores) - 1
    for i in range(len(cores) - 1, -1, -1):
        if i < len(cores) - 1 and cores[i + 1].joined:
            if _one_system(cores[i], cores[group_end]):
                _share(cores[group_end].context, cores[i])
            elif _one_issuer(cores[i], cores[group_end]):
                _share_issuer(cores[group_end].context, cores[i])
        else:
            group_end = i


def _read_context(
    s: str, core: _Core, limit: int, previous_end: int, claims: list[tuple[int, int, str]]
) -> None:
    core.context = read_context(s, core.end, limit, dated_subject=core.form is not _NAMED)
    ctx = core.context
    if core.form is _NAMED and not ctx.issued_on:
        later = rx.LATER_DATE.match(s, core.end, limit)
        gap = later.group() if later else ""
        if later and not rx.DEADLINE_BEFORE.search(gap) and not rx.NESTED_TITLE.search(gap):
            found = match_date(s, later.end())
            if found and found[0]:
                ctx.issued_on, ctx.year = found[0], int(found[0][:4])
    if core.form is _FULL and not ctx.issued_on:
        claimed = _titled_date(s, core)
        if claimed:
            claims.append(claimed)
    if core.self and not ctx.issued_on:
        _letterhead(s, core)
    if not ctx.issued_on and not core.joined and core.form is not _UNNUMBERED:
        _date_before(s, core, previous_end)


def _titled_date(s: str, core: _Core) -> tuple[int, int, str] | None:
    """ "Thông tư 02/2015/TT-BTP Quy định một số mẫu giấy tờ ... ban hành ngày 16/01/2015": a
    title without "về" after the code, then its date, in the same clause. The title may name a
    law ("... một số điều của Luật Dầu khí ban hành ngày"), never another numbered document."""
    if s[core.end + 1 : core.end + 2].isupper():
        m = rx.TITLE_THEN_DATE.match(s, core.end, min(len(s), core.end + 320))
    elif core.kind is _LUAT:  # "Luật số 57/2024/QH15 sửa đổi, bổ sung ... Luật Đấu thầu ngày"
        m = rx.AMENDING_TITLE_THEN_DATE.match(s, core.end, min(len(s), core.end + 320))
    else:
        return None
    title = m["title"] or m["verb_title"] if m else None
    if not title or rx.A_CODE.search(title):
        return None
    assert m is not None  # a title is only read from a match
    tail = title[-32:]
    if m["verb_title"] and (rx.DEADLINE_BEFORE.search(tail + " ") or rx.IN_FORCE.search(tail)):
        return None  # "... Quy chế ... chính thức có hiệu lực từ ngày 10/12/2025"
    found = date_at(s, m.end())  # (TITLE_THEN_DATE ends where the date or "ngày" begins)
    if found and found[0] and core.year in (None, int(found[0][:4])):
        core.context.issued_on = found[0]
        core.context.year = core.context.year or int(found[0][:4])
        core.context.subject = core.context.subject or " ".join(title.split())
        return core.end, m.end(), found[0]
    return None


_VERB_ENDINGS = set("hHýÝaAốỐóÓ")  # the last letters of the verbs of ISSUING_VERB_BEFORE


def _date_before(s: str, core: _Core, previous_end: int) -> None:
    """The date a sentence gives before its verb of issuing: "Ngày 05/7/2024, Ban Tổ chức Trung
    ương ban hành Hướng dẫn số 08-HD/BTCTW", "ngày 28 tháng 12 năm 1989, Quốc hội ... đã thông
    qua Luật Báo chí". Only within the sentence, and only when nothing else is cited between."""
    if s[core.start - 2 : core.start - 1] not in _VERB_ENDINGS:
        return  # the word before is no "ban hành", "ký", "thông qua", "công bố", "có"
    start = max(previous_end, core.start - 240)
    word_before = s[max(start, core.start - 6) : core.start].rsplit(None, 1)[-1:]
    if not word_before or word_before[0].lower() not in ("hành", "ký", "qua", "bố", "có"):
        return
    verb = rx.ISSUING_VERB_BEFORE.search(s, max(start, core.start - 24), core.start)
    if not verb:
        return
    sentence = rx.SENTENCE_START.search(s, start, verb.start())
    if not sentence:
        return
    best = None
    for day in rx.DATE_BEFORE.finditer(s, sentence.start(), verb.start()):
        found = match_date(s, day.end()) or match_date(s, day.start("at"))
        if found and found[0] and found[1] <= verb.start():
            best = found[0]
            break  # the first date of the sentence is the one it opens with
    if best and core.year in (None, int(best[:4])):
        core.context.issued_on = best
        core.context.year = core.context.year or int(best[:4])


_LETTERHEAD_DATE = re.compile(r"[^\n]{0,60}?(?i:ngày)\s+\d", re.S)


_PLACE_DATE = re.compile(r"(?m:^[^\S\n]*[^\W\d_][^\n,]{1,40},[^\S\n]*(?=(?i:ngày)\s+\d|\d))")


def _letterhead(s: str, core: _Core) -> None:
    """The self-citation's date: "Bắc Ninh, ngày 20 tháng 11 năm 2025" right after "Số: ...",
    past a letter's "V/v ..." line (and the date of what that line cites)."""
    window_end = min(len(s), core.end + 250)
    place = _PLACE_DATE.search(s, core.end, min(len(s), core.end + 600))
    if place is not None:
        found = date_at(s, place.end())  # "Hà Nội, ngày 04/4/2025"
        if found and found[0]:
            core.context.issued_on = found[0]
            core.context.year = int(found[0][:4])
            return
    m = re.compile(r"(?i:ngày)\s+\d").search(s, core.end, window_end)
    if m:
        found = match_date(s, m.start())
        if found and found[0]:
            core.context.issued_on = found[0]
            core.context.year = int(found[0][:4])


def _numbering(core: _Core) -> str:
    """The numbering system of a citation: Party codes, state codes, bare numbers, names."""
    if core.form is _FULL:
        return "party" if core.symbol and "/" in core.symbol else "state"
    return str(core.form)


def _one_system(a: _Core, b: _Core) -> bool:
    return a.kind is b.kind and _numbering(a) == _numbering(b)


_ISSUER_GAP = re.compile(r"[\s,;]*(?:và\s+)?")


def _share_issuer(source: Context, target: _Core) -> None:
    if not target.context.issuer_text:
        target.context.issuer_text = source.issuer_text
        target.context.issuer_parts = source.issuer_parts


def _one_issuer(a: _Core, b: _Core) -> bool:
    """Whether two numbers name one issuer: "31-CT/TU" and "134-KH/TU", "03/CT-UBND" and
    "728/PA-UBND" (the part of the symbol after the type)."""
    x, y = _issuer_code(a.symbol), _issuer_code(b.symbol)
    return x is not None and x == y and a.form in _NUMBERED_FORMS and b.form in _NUMBERED_FORMS


def _issuer_code(symbol: str | None) -> str | None:
    if not symbol:
        return None
    cut = symbol.find("/") if "/" in symbol else symbol.find("-")
    return symbol[cut + 1 :].upper() or None if cut > 0 else None


def _share(source: Context, target: _Core) -> None:
    if target.form not in _NUMBERED_FORMS:
        return  # a plenum or congress document, or a law by name, is identified by itself
    ctx = target.context
    same_year = source.issued_on and target.year in (None, int(source.issued_on[:4]))
    if not ctx.issued_on and same_year:
        ctx.issued_on = source.issued_on
    if not ctx.year and source.year and target.year is None:
        ctx.year = source.year
    _share_issuer(source, target)
    ctx.term = ctx.term or source.term
    ctx.plenum = ctx.plenum or source.plenum


def _tidy(value: str | None) -> str | None:
    """Kept strings use one tone placement, like the rest of the graph's keys."""
    return fold_tone_placement(value) if value else value


# issuers and law names repeat through a text: each is folded once
_tidy_name = lru_cache(maxsize=4096)(_tidy)


def _citation(core: _Core, surface: str, start: int, end: int) -> Citation:
    ctx = core.context
    issuer_text = _tidy_name(core.issuer_text or ctx.issuer_text)
    issuer: str | None
    if ctx.issuer_parts and not core.issuer_text:  # "của Bộ Y tế, Bộ Nội vụ": both issued it
        names = (canonical_body(_tidy_name(p)) for p in ctx.issuer_parts)
        # canonical_body is None only for an empty name, and the parts are BODY matches
        issuer = "; ".join(dict.fromkeys(names))  # type: ignore[arg-type]
    else:
        issuer = canonical_body(issuer_text) if issuer_text else None
    if issuer is None:
        issuer = core.symbol_issuer
    plenum = core.plenum or ctx.plenum
    if issuer is None and plenum:
        issuer = CENTRAL_COMMITTEE
    year = core.year or ctx.year
    # positional, in the order of _CITATION_FIELDS: 22 keywords cost several times as much
    return Citation(
        surface,
        start,
        end,
        core.kind,
        core.form,
        core.number,
        year,
        core.symbol,
        core.code,
        ctx.issued_on,
        issuer,
        issuer_text,
        core.term or ctx.term,
        plenum,
        core.congress,
        _tidy_name(core.title),
        _tidy(ctx.subject),
        core.self,
        core.flags,
        (core.start, core.end),
        max(core.end, ctx.end),
        -1,  # _list_head: set by _citations
        ctx.subject_start,
    )


# The fields of Citation in the order `_citation` passes them.
_CITATION_FIELDS = (
    "text", "start", "end", "kind", "form", "number", "year", "symbol", "code", "issued_on",
    "issuer", "issuer_text", "term", "plenum", "congress", "title", "subject", "self", "flags",
    "_norm_span", "_context_end", "_list_head", "_subject_start",
)  # fmt: skip
if tuple(f.name for f in fields(Citation)) != _CITATION_FIELDS:  # pragma: no cover
    raise RuntimeError("Citation's fields changed: _citation passes them in the old order")
