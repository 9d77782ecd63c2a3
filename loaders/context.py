"""What follows a citation: date, issuer, term, plenum, subject ("..., ngày 25/10/2017 của Ban
Chấp hành Trung ương khóa XII về ...").

The parser reads small pieces in any order until none fits; it never crosses into the next
citation except for the subject clause, which may name other directives.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from directive_graph.loaders import regexes as rx
from directive_graph.loaders.vocab import ORDINALS, ROMAN


@dataclass(slots=True)
class Context:
    issued_on: str | None = None
    year: int | None = None
    issuer_text: str | None = None
    issuer_parts: list[str] | None = None  # the issuers of a joint document, as written
    term: str | None = None
    plenum: int | None = None
    subject: str | None = None
    end: int = 0  # where the parsed context stops
    subject_start: int = -1  # where the subject begins (after "về"), when there is one


def parse_date(day: str, month: str, year: str) -> str | None:
    """ISO date, or None when the date does not exist (31/02 is rejected, not guessed)."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def match_date(text: str, pos: int) -> tuple[str | None, int] | None:
    """A date starting exactly at `pos`: (ISO date or None if impossible, end)."""
    m = rx.DATE_NUMERIC.match(text, pos) or rx.DATE_WORDS.match(text, pos)
    if not m:
        return None
    return parse_date(m["d"], m["m"], m["y"]), m.end()


def date_at(text: str, pos: int) -> tuple[str | None, int] | None:
    """`match_date`, "ngày" before the figures or not: "01/7/2025", "ngày 01/7/2025", "ngày 01
    tháng 7 năm 2025" at `pos`.

    >>> date_at("ngày 01/7/2025.", 0)
    ('2025-07-01', 14)
    """
    found = match_date(text, pos)
    if found is None:
        day = rx.DAY_WORD.match(text, pos)
        found = match_date(text, day.end()) if day else None
    return found


def roman(text: str | None) -> str | None:
    if not text:
        return None
    up = text.upper()
    return up if up in ROMAN else None


def ordinal(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    return ORDINALS.get(" ".join(text.lower().split()))


def read_context(text: str, pos: int, limit: int, dated_subject: bool = True) -> Context:
    """Parse the context after a citation that ends at `pos`; never read past `limit`.

    `dated_subject`: a date that closes the subject clause ("về ... ban hành ngày ...") dates the
    citation; off for laws read by name, which are often cited inside another document's title.
    """
    ctx = Context(end=pos)
    window_end = min(limit, pos + 400)
    line = text.find("\n", pos, window_end)
    stop = rx.CONTEXT_BREAK.search(text, line, window_end) if line >= 0 else None
    if stop:
        window_end = stop.start()  # never across a blank line or a heading
    for _ in range(12):
        lead = _lead(text, pos)
        if text[lead : lead + 1] in _NOISE_LEADS:
            pos = _skip_noise(text, pos)
            lead = _lead(text, pos)
        if pos >= window_end:
            break
        # each piece is tried only where its pattern can start (see _LEADS)
        ch = text[lead] if lead < window_end else ""
        first = ch.lower()
        step = (
            ((first in _DATE_LEADS or ch.isdecimal()) and _date(text, pos, window_end, ctx))
            or (first in _YEAR_LEADS and _year(text, pos, window_end, ctx))
            or (first in _ISSUER_LEADS and _issuer(text, pos, window_end, ctx))
            or (first in _TERM_LEADS and _term(text, pos, window_end, ctx))
            or (first in _PLENUM_LEADS and _plenum(text, pos, window_end, ctx))
        )
        if step:
            pos = ctx.end = step
            continue
        subject_end = _subject(text, pos, ctx, dated_subject)
        if subject_end:
            ctx.end = subject_end
        break
    return ctx


# _LEADS: the characters, lower-cased, that may come first after the gap [\s,]* where each
# piece's pattern matches (a piece whose set lacks it cannot match there, so is not tried):
# TAIL_NOISE "[", "(", "*", "]"; TAIL_DATE "(" (its gap is [\s,(]*), a digit, "ban hành", "ký",
# "ngày"; ISSUED_CLAUSE ")" (its gap is [\s,)]*), "đã", "được", "do", "ban", "thông", "ký",
# "công"; TAIL_YEAR "năm"; TAIL_OF "của", "do", "giữa"; TAIL_TERM "(", "khóa"; _plenum's
# openers "tại", "của". Lower-casing is what `(?i:...)` compares (KELVIN SIGN is a "k" to both).
_NOISE_LEADS = frozenset("[(*]")
_DATE_LEADS = frozenset("()bkndđtc")
_YEAR_LEADS = frozenset("n")
_ISSUER_LEADS = frozenset("cdg")
_TERM_LEADS = frozenset("(k")
_PLENUM_LEADS = frozenset("tc")


def _lead(text: str, pos: int) -> int:
    """Where the gap of spaces and commas at `pos` ends."""
    gap = _GAP.match(text, pos)
    assert gap is not None  # [\s,]* matches, if only the empty string
    return gap.end()


def _skip_noise(text: str, pos: int) -> int:
    m = rx.TAIL_NOISE.match(text, pos)
    return m.end() if m else pos


def _date(text: str, pos: int, end: int, ctx: Context) -> int | None:
    if ctx.issued_on:
        return None
    m = rx.TAIL_DATE.match(text, pos, end)
    if not m and text.find("ngày", pos, min(end, pos + 110)) >= 0:
        m = rx.ISSUED_CLAUSE.match(text, pos, end)  # "được Quốc hội thông qua ngày ..."
    if not m:
        return None
    found = date_at(text, m.end())
    if not found or found[1] > end:
        return None
    iso, stop = found
    ctx.issued_on = iso
    if iso:
        ctx.year = int(iso[:4])
    if stop < len(text) and text[stop] == ")":
        stop += 1
    return stop


def _year(text: str, pos: int, end: int, ctx: Context) -> int | None:
    if ctx.year:
        return None
    m = rx.TAIL_YEAR.match(text, pos, end)
    if not m:
        return None
    ctx.year = int(m["y"])
    return m.end()


# A local Party committee: never a co-issuer of a central body's document
_LOCAL_PARTY = re.compile("(?i:" + rx.LOCAL_COMMITTEE + ")")
# The verb of a sentence's own subject: a body before it is no co-issuer of the citation
_CLAUSE_VERB = re.compile(
    r"\s+(?i:(?:đã\s+)?(?:báo\s+cáo|xây\s+dựng|ban\s+hành|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo"
    r"|triển\s+khai|tổ\s+chức|thông\s+báo|giao|kết\s+luận|quyết\s+định)\b)"
)
_JOINERS = {",", "-", "v", "V"}  # what may start the gap to one more issuer ("và" starts with v)


def _issuer(text: str, pos: int, end: int, ctx: Context) -> int | None:
    if ctx.issuer_text:
        return None
    m = rx.TAIL_OF.match(text, pos, end)
    start = m.end() if m else None
    if start is None:
        return None
    plenum = rx.PLENUM.match(text, start, end)
    if plenum and rx.plenum_of(plenum):
        ctx.plenum = ordinal(rx.plenum_of(plenum))
        if plenum["term"]:
            ctx.term = roman(plenum["term"])
        body = rx.BODY.match(text, plenum.end(), end) if not plenum["body"] else None
        stop = body.end() if body else plenum.end()
        ctx.issuer_text = " ".join(text[start:stop].split())
        return stop
    joint = rx.JOINT.match(text, start, end) if text.startswith(("liên", "Liên"), start) else None
    if joint:
        start = joint.end()  # "của liên Bộ Y tế - Bộ Nội vụ"
    body = rx.BODY.match(text, start, end)
    if not body:
        return None
    stop = body.end()
    parts = None
    while text[stop : stop + 1] in _JOINERS or text[stop + 1 : stop + 2] in _JOINERS:
        more = rx.MORE_BODIES.match(text, stop, end)
        nxt = rx.BODY.match(text, more.end(), end) if more else None
        if not nxt or (parts and len(parts) >= 8):
            break
        if _LOCAL_PARTY.search(nxt.group()) and not _LOCAL_PARTY.search(body.group()):
            break  # "của Bộ Chính trị, Ban Thường vụ Tỉnh ủy xây dựng ...": the next subject
        if _CLAUSE_VERB.match(text, nxt.end(), end):
            break  # "của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo ...": likewise
        parts = parts or [" ".join(body.group().split())]
        parts.append(" ".join(nxt.group().split()))
        stop = nxt.end()
    ctx.issuer_text = " ".join(text[body.start() : stop].split())
    ctx.issuer_parts = parts
    return stop


def _term(text: str, pos: int, end: int, ctx: Context) -> int | None:
    if ctx.term:
        return None
    m = rx.TAIL_TERM.match(text, pos, end)
    if not m or not roman(m["term"]):
        return None
    ctx.term = roman(m["term"])
    return m.end()


_GAP = re.compile(r"[\s,]*")
_PLENUM_OPENERS = ("tại", "của", "Tại", "Của", "TẠI", "CỦA")


def _plenum(text: str, pos: int, end: int, ctx: Context) -> int | None:
    if ctx.plenum:
        return None
    gap = _GAP.match(text, pos)
    assert gap is not None  # [\s,]* matches, if only the empty string
    start = gap.end()
    if not text.startswith(_PLENUM_OPENERS, start):
        return None  # only "tại Hội nghị ...", "của Hội nghị ..." date or issue a document
    p = rx.PLENUM.match(text, start, end)
    if not p or not rx.plenum_of(p) or not p.group().lower().lstrip().startswith(("tại", "của")):
        return None
    ctx.plenum = ordinal(rx.plenum_of(p))
    if p["term"]:
        ctx.term = roman(p["term"])
    if p["body"] and not ctx.issuer_text:
        ctx.issuer_text = " ".join(p["body"].strip(" ,").split())
    return p.end()


def _subject(text: str, pos: int, ctx: Context, dated: bool = True) -> int | None:
    quoted = rx.TAIL_QUOTED.match(text, pos, pos + 320)
    if quoted:
        ctx.subject = " ".join(quoted["title"].split()).strip(" *")
        ctx.subject_start = quoted.start("title")
        return quoted.end()
    about = rx.TAIL_ABOUT.match(text, pos, pos + 20)
    if not about:
        return None
    start = about.end()
    window = text[start : start + 300]
    stop = rx.SUBJECT_END.search(window)
    clause = window[: stop.start()] if stop else window
    if not stop and len(window) == 300:
        cut = clause.rfind(" ")
        clause = clause[:cut] if cut > 0 else clause
    # SUBJECT_DATE ends before "ngày": a clause without the word is not searched (lower() maps
    # just the letters that (?i:ngày) takes to "ngày")
    dated = dated and not ctx.issued_on and "ngày" in clause.lower()
    date_cue = rx.SUBJECT_DATE.search(clause) if dated else None
    found = match_date(text, start + date_cue.end()) if date_cue else None
    if not found:
        day = rx.DAY_WORD.match(text, start + date_cue.end()) if date_cue else None
        found = match_date(text, day.end()) if day else None
    if found and found[0]:
        assert date_cue is not None  # a date is only read after the cue
        ctx.issued_on, ctx.year = found[0], ctx.year or int(found[0][:4])
        clause = clause[: date_cue.start()]
    subject = " ".join(clause.split()).strip(" ,*\"'")
    if len(subject) < 3:
        return None
    ctx.subject = subject
    ctx.subject_start = start
    return start + len(clause.rstrip())
