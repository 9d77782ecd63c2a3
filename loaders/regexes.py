"""Named patterns for every citation form, built from small helpers.

Two kinds of pattern:
- The ANCHOR_* patterns run once over the whole text and find anchors cheaply (type words,
  abbreviation-number pairs, code shapes). Everything else runs only at those anchors, with
  `pattern.match(text, pos)`, so the cost of the detailed patterns grows with the number of
  anchors, not with the length of the text.
- The detailed patterns run on the cleaned, case-preserving text, with `(?i:...)` where case does
  not matter and explicit upper-case classes where it does (place names, symbols).

Every pattern is bounded (`{0,n}`, no nested unbounded repeats), which keeps matching linear.
"""

from __future__ import annotations

import re

from loaders.vocab import ORDINALS, SHORT_ABBREVIATIONS, TYPE_WORDS

# Upper-case letters of Vietnamese (A-Z, Đ and every accented capital).
UPPER = "A-ZĐ" + "".join(
    chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isupper() and chr(c).isalpha() and c != 0xD0
)
LETTER = r"[^\W\d_]"
S = r"\s{1,8}"  # a space that may be a line break, or several spaces from a PDF copy


_TONE_VARIANTS = (
    ("ủy", "(?:ủy|uỷ)"),
    ("óa", "(?:óa|oá)"),
    ("òa", "(?:òa|oà)"),
    ("ọa", "(?:ọa|oạ)"),
)


def both_tones(pattern: str) -> str:
    """Let a pattern written with the older tone placement ("khóa", "ủy") match the newer one."""
    for old, new in _TONE_VARIANTS:
        pattern = pattern.replace(old, new)
    return pattern


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(both_tones(pattern), flags)


def words(phrase: str) -> str:
    """'nghị quyết' -> r'nghị\\s+quyết' (a hard wrap may fall between any two syllables)."""
    return S.join(re.escape(w) for w in phrase.split())


def alternation(phrases) -> str:
    """A trie-shaped alternation: "nghị quyết|nghị định" -> "nghị\\s{1,8}(?:quyết|định)".

    Python's `re` tries alternatives one by one at every position; sharing prefixes lets it
    reject a position after one character, which doubles the speed of the anchor scan.
    """
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in " ".join(phrase.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [
            (S if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch != ""
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        if ends:
            body = "(?:" + "|".join(alts) + ")?"
        return body

    return "(?:" + emit(tree) + ")"


TYPE_WORD = alternation(TYPE_WORDS)
ORDINAL = alternation(ORDINALS)
ROMAN_NUMERAL = r"[IVXLivxl]{1,6}"  # checked against the table afterwards
NUMBER = r"\d{1,5}"
YEAR = r"(?:19|20)\d\d"

# --- anchors ---------------------------------------------------------------------------------

# Three scans, merged by position. One alternation of all three is three times slower: `re` then
# loses its fast first-character skip. No look-behind: word starts are checked at the anchors.
ANCHOR_TYPES = re.compile(TYPE_WORD)  # on the lower-cased text
# "18-NQ/TW", "15/2020/NĐ-CP", "141/KH-UBND", "28-NQ / TW": a number, a separator, a letter
ANCHOR_CODES = re.compile(r"\d\s{0,2}[-/]\s{0,2}(?:\d{4}\s{0,2}/\s{0,2})?[a-zđ]")  # lower-cased
# "NQ 18", "KL21", "NĐ 15/2020": an upper-case abbreviation straight before a number
ANCHOR_ABBREVIATIONS = re.compile(alternation(SHORT_ABBREVIATIONS) + r"\s?\d")  # cleaned text

# --- symbols ---------------------------------------------------------------------------------

SEPARATOR = r"\s{0,2}[-/]\s{0,2}"
SYMBOL_PART = r"[A-Za-zĐđ][A-Za-zĐđ0-9]{0,11}"
# number, then: an optional year (state normative documents), then 1-5 parts of the symbol.
CODE = _compile(
    r"(?P<num>\d{1,5})(?P<sep1>" + SEPARATOR + r")(?:(?P<year>" + YEAR + r")" + SEPARATOR + r")?"
    r"(?P<parts>" + SYMBOL_PART + r"(?:" + SEPARATOR + SYMBOL_PART + r"){0,4})"
    r"(?![A-Za-zĐđ0-9])"
)
SPLIT_PARTS = _compile(r"(\s{0,2}[-/]\s{0,2})")

# --- full and short forms --------------------------------------------------------------------

# "Nghị quyết số 18", "Quyết định số:123", "Nghị quyết 18", "Thông tư liên tịch số 08/2007/..."
TYPED_NUMBER = _compile(
    r"(?i:(?P<type>" + TYPE_WORD + r"))(?P<gap>\s*(?i:số|so)\s*[:.]?\s*|\s+)(?=\d)"
)
# "NQ 18", "KL21", "NĐ 15/2020" (upper case only: "kh 3" in a lower-cased title is no citation)
ABBREVIATED_NUMBER = _compile(
    r"(?P<abbr>" + "|".join(SHORT_ABBREVIATIONS) + r")\s?(?P<num>\d{1,5})"
    r"(?:/(?P<year>" + YEAR + r"))?(?![\d/-])"
)
BARE_NUMBER = _compile(r"(?P<num>\d{1,5})(?:\s{0,2}/\s{0,2}(?P<year>" + YEAR + r"))?(?![\d,.]\d)")
# "59 70 71 72", "18, 19 và 20": more numbers sharing the type word of a short form
MORE_NUMBERS = _compile(
    r"(?:\s{0,3}[,;]\s{0,3}|\s{1,3}(?i:và|hoặc)\s{1,3}|\s{1,3})(\d{1,4})(?![\d/.,-]\d|\s*%)"
)
# ", 19-NQ/TW", " và 58-QĐ/TW", "; số 20/2021/NĐ-CP": more codes sharing the type word
MORE_CODES = _compile(
    r"(?:\s{0,3},\s{0,3}(?i:và\s{1,3})?|\s{1,3}(?i:và|hoặc)\s{1,3})(?i:số\s*)?(?=\d)"
)
NEXT_WORD = _compile(r"[\s)\]]*(" + LETTER + r"+|%)")
FOLLOWED_BY_YEAR = _compile(r"\s+\d{1,2}\s*[/.-]|\s+(?:19|20)\d\d\b|\s+\d{1,2}\s+tháng")

# --- unnumbered: plenum and congress documents -------------------------------------------------


def _plenum_number(name: str) -> str:
    return r"(?P<" + name + r">\d{1,2}|" + ORDINAL + r")"


_CENTRAL = r"(?:trung\s+ương|tw|t\.\s?ư|tư|t\.w)"
PLENUM = _compile(
    r"(?i:(?:của\s+|tại\s+)?(?:"
    # "Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng", "Hội nghị Trung ương 4", "HNTW 6"
    r"hội\s+nghị\s+(?:lần\s+thứ\s+"
    + _plenum_number("p1")
    + r"|"
    + _CENTRAL
    + r"\s+(?:lần\s+thứ\s+)?"
    + _plenum_number("p2")
    + r"|ban\s+chấp\s+hành\s+trung\s+ương(?:\s+đảng)?\s+lần\s+thứ\s+"
    + _plenum_number("p3")
    + r")|hntw\s*"
    + _plenum_number("p4")
    # "Nghị quyết Trung ương 5", "Nghị quyết TW 4"
    + r"|"
    + _CENTRAL
    + r"\s+(?:lần\s+thứ\s+)?"
    + _plenum_number("p5")
    + r"(?![\d/])"
    + r"))"
    r"(?P<body>(?i:\s*,?\s*(?:ban\s+chấp\s+hành|bch)\s+(?:trung\s+ương|tw|t\.\s?ư)(?:\s+đảng)?))?"
    r"(?P<term_part>\s*,?\s*\(?\s*(?i:khóa)\s+(?P<term>" + ROMAN_NUMERAL + r")\b(?:\s*\))?)?"
)


def plenum_of(m: re.Match[str]) -> str | None:
    """The plenum number as written, whichever alternative of PLENUM matched."""
    return m["p1"] or m["p2"] or m["p3"] or m["p4"] or m["p5"]


CONGRESS = _compile(
    r"(?i:(?:của\s+)?đại\s+hội\s+(?:(?:đảng|đại\s+biểu|toàn\s+quốc|đảng\s+toàn\s+quốc)\s+){0,3}"
    r"(?:đảng\s+bộ\s+(?P<local>(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã)(?:\s+[^\W\d_]+){0,3}?)\s+)?"
    r"(?:lần\s+thứ\s+)?)(?P<congress>" + ROMAN_NUMERAL + r"|[IVXL]{1,6})\b"
    r"(?P<tail>(?i:\s+(?:của\s+)?đảng(?:\s+cộng\s+sản\s+việt\s+nam)?(?:\s+bộ\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,2})?))?"
)
UNNUMBERED_TYPES = _compile(
    r"(?i:(?:các\s+)?(?P<type>nghị\s+quyết(?:\s*,\s*kết\s+luận)?|kết\s+luận|chỉ\s+thị|quy\s+định))\s+"
)
MORE_TERMS = _compile(r"(?:\s*,\s*|\s+(?i:và)\s+)(" + ROMAN_NUMERAL + r")\b")

# --- named laws and codes ---------------------------------------------------------------------

NAMED_TYPES = _compile(r"(?i:(?P<type>bộ\s+luật|luật|hiến\s+pháp|pháp\s+lệnh|điều\s+lệ))(?=\s)")
NAME_WORD = _compile(r"(?P<sep>\s*,\s*|\s+)(?P<word>[^\W\d_]\w*(?:\.\w+)*)")
# Words after "luật" that make it a common noun: lawyer, jurist, legislation, regulations ...
NOT_A_LAW = {
    "sư", "gia", "pháp", "lệ", "định", "hóa", "chơi", "này", "nói", "trên", "đó", "đã", "sẽ",
    "có", "hiện", "mới", "và", "của", "các", "những", "được", "là", "thì", "học", "khoa",
    "nào", "cũ", "riêng", "chung", "pháp.", "nhân", "tục", "rừng", "sự", "kinh",
    "doanh", "lao", "trong",
}  # fmt: skip
NAME_STOP = {
    "của", "được", "đã", "có", "thì", "là", "theo", "tại", "để", "nhằm",
    "khi", "này", "đó", "và", "hoặc", "với", "từ", "đến", "về", "do", "trên", "sẽ", "đang",
    "nay", "mà", "như", "cùng", "đều", "thông", "qua", "hiện", "ban", "phải", "không",
}  # fmt: skip
# Words allowed after a stop word inside a law name ("Luật Ban hành văn bản", "Luật Cán bộ,
# công chức"): a stop word starts a name word only in these pairs.
NAME_PAIRS = {("ban", "hành"), ("thông", "tin"), ("hiện", "đại")}

# --- context after a citation ----------------------------------------------------------------

DATE_NUMERIC = _compile(
    r"(?P<d>\d{1,2})\s{0,2}(?P<s>[/.-])\s{0,2}(?P<m>\d{1,2})\s{0,2}(?P=s)\s{0,2}(?P<y>\d{4})(?!\d)"
)
DATE_WORDS = _compile(  # "ngày 14 tháng 7* *năm 2022": markdown emphasis may cut through it
    r"(?i:ngày)[\s*]+(?P<d>\d{1,2})[\s*]+(?i:tháng)[\s*]+(?P<m>\d{1,2})[\s*]+(?i:năm)[\s*]+"
    r"(?P<y>\d{4})(?!\d)"
)
# A named law's date may follow words the name parser left out ("Luật Tổ chức HĐND và UBND ngày")
LATER_DATE = _compile(r"[^;.:()\n]{0,80}?(?=(?i:ngày)\s+\d{1,2}\s+(?i:tháng))")
TAIL_DATE = _compile(r"[\s,(]*(?i:ban\s+hành\s+|ký\s+)?(?=\d|(?i:ngày)\s*:?\s*\d)")
DAY_WORD = _compile(r"(?i:ngày)\s*:?\s*(?=\d)")
TAIL_YEAR = _compile(r"[\s,]*(?i:năm)\s+(?P<y>(?:19|20)\d\d)(?!\d)")
TAIL_TERM = _compile(r"[\s,]*\(?\s*(?i:khóa)\s+(?P<term>" + ROMAN_NUMERAL + r")\b\s*\)?")
TAIL_NOISE = _compile(r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\*+)")
TAIL_OF = _compile(r"[\s,]*(?i:của|do|giữa)\s+")
TAIL_ABOUT = _compile(r"[\s,:]*(?i:về|v/v|về\s+việc)\s+")
TAIL_QUOTED = _compile(r'[\s,:*]*(?i:về\s+)?[*]*"(?P<title>[^"\n]{3,300}?)"')
SUBJECT_END = _compile(
    r";|\.\s|\.$|\.(?=[" + UPPER + r"])|:|\(|\n\s*\n|\n\s*[-+•*]|\n\s*\d{1,2}[.)]\s"
    r"|\n\s*[IVX]+\.\s|\*\*|\|"
)

_PLACE = r"(?:\s+[" + UPPER + r"][^\W\d_]*){1,4}"
_LEVEL = r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)"
BODY = _compile(
    r"(?i:"
    r"(?:hội\s+nghị\s+(?:lần\s+thứ\s+(?:\d{1,2}|" + ORDINAL + r")|" + _CENTRAL + r"\s+\d{1,2})"
    r"\s*,?\s*)?(?:ban\s+chấp\s+hành|bch)\s*(?:trung\s+ương|tw|t\.\s?ư)(?:\s+đảng)?"
    r"|bộ\s+chính\s+trị(?:\s*,\s*ban\s+bí\s+thư)?"
    r"|ban\s+bí\s+thư(?:\s+trung\s+ương)?(?:\s+đảng)?"
    r"|ủy\s+ban\s+thường\s+vụ\s+quốc\s+hội|quốc\s+hội"
    r"|thủ\s+tướng(?:\s+chính\s+phủ)?|chính\s+phủ"
    r"|văn\s+phòng\s+(?:trung\s+ương\s+đảng|chính\s+phủ|trung\s+ương)"
    r"|(?:ban|ủy\s+ban)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,4}?\s+(?:trung\s+ương|tw)(?:\s+đảng)?"
    r"|(?:ban\s+thường\s+vụ\s+|thường\s+trực\s+|btv\s+)?"
    r"(?:tỉnh|thành|huyện|quận|thị|đảng)\s+ủy)(?:" + _PLACE + r")?"
    r"|(?i:(?:ủy\s+ban\s+nhân\s+dân|ubnd|hội\s+đồng\s+nhân\s+dân|hđnd)(?:\s+" + _LEVEL + r")?)"
    r"(?:" + _PLACE + r")?"
    r"|(?i:(?:bộ\s+trưởng\s+)?bộ)\s+[" + UPPER + r"][^\W\d_]*(?:\s*,?\s+(?:và\s+)?[^\W\d_]+){0,5}?"
    r"(?=\s*(?:[,;.)(]|\s(?i:về|ngày|quy|hướng|ban|tại|năm|khóa|thực|sửa|và)\b))"
)

# The document's own number in its letterhead: "Số: 141/KH-UBND", "Số 07-KL/VPTW".
SELF_NUMBER = _compile(r"(?:^|\n)[\s|*#>]*(?i:số)\s*[:.]?\s*$")
