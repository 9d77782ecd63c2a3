"""Issuing and responsible bodies: canonical names, aliases and the facts of who belongs to whom.

`canonical_body("BCH TW khóa XII")` -> "Ban Chấp hành Trung ương". Unknown bodies keep their
written name, tidied (expanded abbreviations, single spaces), so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from directive_graph.graph.text import clean


@dataclass(frozen=True, slots=True)
class BodyInfo:
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    sphere: str = "party"  # party | state


CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"

# Several issuers of one document are joined with "; ": a body's name may hold a comma
# ("Bộ Văn hóa, Thể thao và Du lịch").
ISSUER_SEPARATOR = "; "


def split_issuers(issuer: str | None) -> list[str]:
    """The issuers of a directive's `issuer` field: "Bộ Y tế; Bộ Nội vụ" -> both."""
    return [p.strip() for p in (issuer or "").split(";") if p.strip()]


POLITBURO = "Bộ Chính trị"
SECRETARIAT = "Ban Bí thư"

BODIES: tuple[BodyInfo, ...] = (
    BodyInfo(
        CENTRAL_COMMITTEE,
        ("BCH TW", "BCHTW", "BCH Trung ương", "Ban Chấp hành Trung ương Đảng", "Trung ương Đảng"),
    ),
    BodyInfo(POLITBURO, ("BCT", "Bộ Chính trị Trung ương"), part_of=CENTRAL_COMMITTEE),
    BodyInfo(
        SECRETARIAT,
        ("BBT", "Ban Bí thư Trung ương", "Ban Bí thư Trung ương Đảng"),
        part_of=CENTRAL_COMMITTEE,
    ),
    BodyInfo("Ban Tổ chức Trung ương", ("BTCTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Tuyên giáo Trung ương", ("BTGTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Tuyên giáo và Dân vận Trung ương", ("BTGDVTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Dân vận Trung ương", ("BDVTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Nội chính Trung ương", ("BNCTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Kinh tế Trung ương", ("BKTTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Ban Đối ngoại Trung ương", ("BĐNTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo(
        "Văn phòng Trung ương Đảng", ("VPTW", "Văn phòng Trung ương"), part_of=CENTRAL_COMMITTEE
    ),
    BodyInfo("Ủy ban Kiểm tra Trung ương", ("UBKTTW",), part_of=CENTRAL_COMMITTEE),
    BodyInfo("Quân ủy Trung ương", ("QUTW", "Đảng ủy Quân sự Trung ương")),
    BodyInfo("Quốc hội", ("QH",), sphere="state"),
    BodyInfo("Ủy ban Thường vụ Quốc hội", ("UBTVQH",), part_of="Quốc hội", sphere="state"),
    BodyInfo("Chính phủ", ("CP",), sphere="state"),
    BodyInfo("Thủ tướng Chính phủ", ("TTg", "Thủ tướng"), part_of="Chính phủ", sphere="state"),
    BodyInfo("Văn phòng Chính phủ", ("VPCP",), part_of="Chính phủ", sphere="state"),
)

# Words that expand to their full form before matching ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh").
_EXPANSIONS = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
    (re.compile(r"\bbtv\b"), "ban thường vụ"),
    (re.compile(r"(?<!thứ )\b(?:t\.ư|tư|tw)\b"), "trung ương"),  # not "lần thứ tư"
    (re.compile(r"\bbch\b"), "ban chấp hành"),
    (re.compile(r"\bđcsvn\b"), "đảng cộng sản việt nam"),
)
_TRAILING = re.compile(
    r"(?:\s*[,(]?\s*(?:khóa|nhiệm kỳ)\s+[ivxlc\d]+[)]?"  # "(khóa XII)"
    r"|\s+đảng cộng sản việt nam|\s+đảng\b|\s+nước cộng hòa xã hội chủ nghĩa việt nam)+$"
)
_ALIAS_INDEX: dict[str, str] = {}
for _b in BODIES:
    for _name in (_b.name, *_b.aliases):
        _ALIAS_INDEX[_name.lower()] = _b.name


def _key(text: str) -> str:
    key = " ".join(clean(text).text.lower().split()).strip(" ,.;:")
    for pattern, full in _EXPANSIONS:
        key = pattern.sub(full, key)
    return key


_HEAD_OF_MINISTRY = re.compile(r"^(?:bộ trưởng|thứ trưởng)\s+(?=bộ\s)")
_PLENUM = re.compile(r"^(?:hội nghị\b.*?\s)?(?=ban chấp hành trung ương)")
# A plenum named without its body ("Hội nghị Trung ương 4", "Hội nghị lần thứ tư Trung ương"):
# the Central Committee met.
_CENTRAL_PLENUM = re.compile(
    r"^hội nghị(?: lần thứ \w+)?(?: ban chấp hành)? trung ương(?: đảng)?(?: (?:lần thứ )?\w+)?$"
)
_LOCAL = re.compile(
    r"^(?P<role>ban thường vụ\s+|thường trực\s+|ban chấp hành\s+)?"
    r"(?P<org>tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|đảng ủy|ủy ban nhân dân|hội đồng nhân dân)"
    r"(?P<rest>.*)$"
)


# A province's (city's, district's) Party committee by its long name, with its place named
_PARTY_COMMITTEE = re.compile(
    r"^ban chấp hành đảng bộ (?P<level>tỉnh|thành phố|huyện|quận|thị xã)(?P<rest> \S.*)$"
)
_COMMITTEE_OF = {
    "tỉnh": "tỉnh ủy", "thành phố": "thành ủy", "huyện": "huyện ủy", "quận": "quận ủy",
    "thị xã": "thị ủy",
}  # fmt: skip


@lru_cache(maxsize=4096)
def canonical_body(text: str | None) -> str | None:
    """The canonical name of a body as written in a citation, or None for an empty input."""
    if not text or not text.strip():
        return None
    key = _key(text)
    key = _TRAILING.sub("", key).strip(" ,.;:")
    key = _HEAD_OF_MINISTRY.sub("", key)
    if _CENTRAL_PLENUM.match(key):
        return CENTRAL_COMMITTEE
    if "ban chấp hành trung ương" in key and not key.startswith(("ban thường vụ", "tỉnh", "thành")):
        key = _PLENUM.sub("", key)
    parts = [p.strip() for p in re.split(r",\s*|\s+và\s+", key) if p.strip()]
    if len(parts) > 1 and all(p in _ALIAS_INDEX for p in parts):
        return ISSUER_SEPARATOR.join(_ALIAS_INDEX[p] for p in parts)
    if key in _ALIAS_INDEX:
        return _ALIAS_INDEX[key]
    party = _PARTY_COMMITTEE.match(key)
    if party:  # "Ban Chấp hành Đảng bộ tỉnh Sóc Trăng" is the Tỉnh ủy Sóc Trăng
        key = f"{_COMMITTEE_OF[party['level']]}{party['rest']}"
    local = _LOCAL.match(key)
    if local:
        role = (local.group("role") or "").strip()
        org = local.group("org")
        rest = _title_place(local.group("rest").strip())
        words = [w for w in (role.capitalize(), _capitalise_org(org, bool(role)), rest) if w]
        return " ".join(words)
    return _tidy(text)


def _capitalise_org(org: str, after_role: bool) -> str:
    name = {"ủy ban nhân dân": "Ủy ban nhân dân", "hội đồng nhân dân": "Hội đồng nhân dân"}.get(org)
    if name:
        return name
    return org.capitalize()


_LEVELS = ("thành phố", "thị xã", "tỉnh", "huyện", "quận", "xã", "phường")


def _title_place(rest: str) -> str:
    """'thành phố cần thơ' -> 'thành phố Cần Thơ'; the level word stays lower case."""
    level = next((lv for lv in _LEVELS if rest == lv or rest.startswith(lv + " ")), "")
    name = rest[len(level) :].split()
    return " ".join([level] * bool(level) + [w[:1].upper() + w[1:] for w in name])


def _tidy(text: str) -> str:
    return " ".join(clean(text).text.split()).strip(" ,.;:")


def body_info(name: str) -> BodyInfo | None:
    for b in BODIES:
        if b.name == name:
            return b
    return None


_PLACE_IN_TEXT = re.compile(
    r"(?i:\b(?:(?:tỉnh|thành|huyện|quận)\s+(?:ủy|uỷ)|tỉnh|thành\s+phố|tp\.?)\s+)"
    r"(?P<name>(?:[A-ZĐ][^\W\d_]*)(?:[ \t]+[A-ZĐ][^\W\d_]*){0,3})"
)
_NOT_PLACES = {"Ủy", "Uỷ", "Thường", "Ban", "Hội", "Đảng", "Về", "Trung", "Kế", "Số", "Ngày"}


def place_of(text: str | None) -> str | None:
    """The province or city a text names ("UBND tỉnh Sóc Trăng" -> "Sóc Trăng"), if any."""
    if not text:
        return None
    for m in _PLACE_IN_TEXT.finditer(clean(text).text):
        words = m["name"].split()
        while words and words[-1].capitalize() in _NOT_PLACES:
            words.pop()
        if words and words[0].capitalize() not in _NOT_PLACES:
            return " ".join(w.capitalize() if w.isupper() else w for w in words)
    return None


_ISSUING_BODY = re.compile(
    r"(?i:(?:ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|hội\s+đồng\s+nhân\s+dân|ubnd|hđnd"
    r"|tỉnh\s+ủy|tỉnh\s+uỷ|thành\s+ủy|thành\s+uỷ|đảng\s+bộ)\s+(?:tỉnh|thành\s+phố|tp\.?)?\s*)"
    r"(?P<name>[^\W\d_]+(?:[ \t-]+[^\W\d_]+){0,3})"
)


def letterhead_place(text: str) -> str | None:
    """The province of a document's issuing body from its letterhead or title block ("UBND TỈNH
    BẮC NINH", "HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HUẾ", "Hội_đồng_nhân_dân tỉnh bạc liêu"): the
    first body followed by a name on the list of provinces."""
    from directive_graph.graph.places import province

    head = clean(text[:3000]).text
    lines = [ln.strip(" *|#\t") for ln in head.splitlines()[:40]]
    for line in lines:
        if line and line.upper() == line:
            found = place_of(line)
            if found and province(found):
                return province(found)
    joined = " ".join(ln for ln in lines if ln)
    for m in _ISSUING_BODY.finditer(joined):
        words = m["name"].split()
        for n in range(len(words), 0, -1):  # "Bắc Ninh ban hành" -> "Bắc Ninh"
            known = province(" ".join(words[:n]))
            if known:
                return known
    # a page with no letterhead: the province its headline names ("Trường Chính trị tỉnh Cà
    # Mau tổ chức Hội nghị ...": the province's own news)
    first = [ln for ln in lines if ln and not ln.startswith(("source:", "# source"))][:2]
    for m in _PROVINCE_NAMED.finditer(" ".join(first)[:400]):
        words = m["name"].split()
        for n in range(len(words), 0, -1):
            known = province(" ".join(words[:n]))
            if known:
                return known
    return None  # (a district's or a commune's text is scoped to itself: see graph/ids.py)


_PROVINCE_NAMED = re.compile(
    r"(?i:\b(?:tỉnh|thành\s+phố)\s+)(?P<name>[A-ZĐÂĂÊÔƠƯ][^\W\d_]*(?:[ \t]+[A-ZĐ][^\W\d_]*){0,3})"
)
