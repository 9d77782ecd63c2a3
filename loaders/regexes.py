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

from directive_graph.loaders.vocab import ORDINALS, SHORT_ABBREVIATIONS, TYPE_WORDS

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
# The number may be OCR'd with an I or l for a leading 1 ("I5/2020/NĐ-CP"), hold a decimal part
# before a year ("66.22/2026/NQ-CP", the Government's numbering in 2025-2026) or a letter
# ("30a/2008/NQ-CP").
CODE = _compile(
    r"(?P<num>(?:[Il](?=\d))?\d{1,5}(?:\.\d{1,3}(?=\s{0,2}/\s{0,2}" + YEAR + r"))?[a-e]?)"
    r"(?P<sep1>" + SEPARATOR + r")(?:(?P<year>" + YEAR + r")" + SEPARATOR + r")?"
    r"(?P<parts>" + SYMBOL_PART + r"(?:" + SEPARATOR + SYMBOL_PART + r"){0,8})"
    r"(?![A-Za-zĐđ0-9])"
)
SPLIT_PARTS = _compile(r"(\s{0,2}[-/]\s{0,2})")

# --- full and short forms --------------------------------------------------------------------

# "Nghị quyết số 18", "Quyết định số:123", "Nghị quyết 18", "Thông tư liên tịch số 08/2007/..."
# "Thông tư số liên tịch 08/...": the type word's qualifier slipped after "số".
TYPED_NUMBER = _compile(
    r"(?i:(?P<type>" + TYPE_WORD + r"))"
    r"(?P<gap>\s*(?i:số|so)\s*[:.]?\s*(?P<slip>(?i:liên\s+(?:tịch|bộ|ngành))\s*)?|\s+)"
    r"(?=\d|[Il]\d)"
)
# "văn bản số 1520/BNV-CQĐP": a generic word for an official letter before its code
LETTER_BEFORE = _compile(r"(?i:văn\s+bản|công\s+văn)\s*(?i:số)?\s*[:.]?\s*$")
# Symbol tokens whose digits OCR reads as I or l: "QHl5", "QHI5", "UBTVQHl4"
OCR_TOKEN = _compile(r"(QH|UBTVQH|HĐNN)([\dIl]{1,2})")
# "NQ 18", "KL21", "NĐ 15/2020" (upper case only: "kh 3" in a lower-cased title is no citation)
ABBREVIATED_NUMBER = _compile(
    r"(?P<abbr>" + "|".join(SHORT_ABBREVIATIONS) + r")(?P<space>\s?)(?P<num>\d{1,5})"
    r"(?:/(?P<year>" + YEAR + r"))?(?![\d/-]|[^\W\d_])"
)
BARE_NUMBER = _compile(
    r"(?P<num>\d{1,5})(?!\d)(?:\s{0,2}/\s{0,2}(?P<year>" + YEAR + r"))?(?![\d,.]\d)"
)
# "59 70 71 72", "18, 19 và 20": more numbers sharing the type word of a short form
MORE_NUMBERS = _compile(
    r"(?:\s{0,3}[,;]\s{0,3}|\s{1,3}(?i:và|hoặc)\s{1,3}|\s{1,3})(\d{1,4})(?!\d|[/.,-]\d|\s*%)"
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


def plenum_end(m: re.Match[str]) -> int:
    """Where the plenum number ends, whichever alternative of PLENUM matched."""
    for name in ("p1", "p2", "p3", "p4", "p5"):
        if m[name]:
            return m.end(name)
    return m.end()


# "Hội nghị Trung ương 6, 7 khóa XII", "Trung ương 6 và 7": more plenums of one list, then the
# body and term they share.
MORE_PLENUMS = _compile(
    r"(?:\s{0,3},\s{0,3}(?i:và\s+)?|\s{1,3}(?i:và)\s{1,3})" + _plenum_number("n") + r"(?![\d/])"
)
PLENUM_TAIL = _compile(
    r"(?P<body>(?i:\s*,?\s*(?:ban\s+chấp\s+hành|bch)\s+(?:trung\s+ương|tw|t\.\s?ư)(?:\s+đảng)?))?"
    r"(?P<term_part>\s*,?\s*\(?\s*(?i:khóa)\s+(?P<term>" + ROMAN_NUMERAL + r")\b(?:\s*\))?)?"
)


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
NAME_WORD = _compile(r"(?P<sep>\s*,\s*|\s+)(?P<word>[^\W\d_]+)")


def _unnamed(pattern: re.Pattern[str]) -> str:
    """A pattern's text with its groups unnamed, to be a part of a larger pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)


# One more "luật" as the name reader reads its words (NAME_WORD): after a run of spaces with at
# most one line break and no comma, the whole word.
_LAW_AGAIN = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)(?i:luật)(?![^\W\d_])"
# What a type word must be followed by to start a citation at all: a number ("Nghị quyết số
# 18"), a plenum or congress ("Nghị quyết Trung ương 5", "Nghị quyết Đại hội XIII"), or be a
# law's type word. A superset of what the readers accept (TYPED_NUMBER, UNNUMBERED_TYPES then
# PLENUM or CONGRESS, NAMED_TYPES), tried once, so that the many type words used as plain words
# ("theo quy định của", "báo cáo kết quả") cost one match instead of a reader each.
MAY_START = re.compile(
    "(?:" + _unnamed(TYPED_NUMBER) + ")"
    "|(?:"
    + _unnamed(UNNUMBERED_TYPES)
    + ")(?:"
    + _unnamed(PLENUM)
    + "|"
    + _unnamed(CONGRESS)
    + ")"
    # a law's type word, but not one of a run of them ("Luật Luật Luật"): the name reader
    # would stop at once, the next word starting a citation (`citations._starts_citation`)
    + "|(?!(?i:bộ\\s+luật|luật|pháp\\s+lệnh|điều\\s+lệ)"
    + _LAW_AGAIN
    + _LAW_AGAIN
    + ")"
    "(?:" + _unnamed(NAMED_TYPES) + ")"
)
# Words after "luật" that make it a common noun: lawyer, jurist, legislation, regulations ...
NOT_A_LAW = {
    "sư", "gia", "pháp", "lệ", "định", "hóa", "chơi", "này", "nói", "trên", "đó", "đã", "sẽ",
    "có", "hiện", "mới", "và", "của", "các", "những", "được", "là", "thì", "học", "khoa",
    "nào", "cũ", "riêng", "chung", "nhân", "tục", "rừng", "sự", "kinh", "khác",
    "doanh", "lao", "trong",
}  # fmt: skip
# Words before "luật" that make it a common noun: "kỷ luật" (discipline), "pháp luật" (legislation),
# "công ty luật" (law firm), "dự luật" (a bill), "đạo luật", "định luật", "giới luật", "sắc luật".
NOT_A_LAW_BEFORE = {"pháp", "kỷ", "ty", "dự", "đạo", "định", "giới", "bộ", "sắc"}

# A law's name ends where the sentence takes over again. These words end it (a name never holds
# them, except inside the phrases of NAME_PHRASES) ...
NAME_STOP = {
    "của", "được", "đã", "có", "thì", "là", "theo", "tại", "để", "nhằm", "khi", "này", "đó",
    "và", "hoặc", "hay", "với", "từ", "đến", "về", "do", "trên", "dưới", "sẽ", "đang", "nay",
    "mà", "như", "cùng", "đều", "qua", "phải", "không", "các", "những", "gồm", "nếu", "trong",
    "nhưng", "chưa", "bị", "cho", "sau", "trước", "trừ", "kèm", "vì", "bởi", "còn", "cũng",
    "vẫn", "rằng", "tuy", "mỗi", "mọi", "giữa", "bằng", "nên", "thuộc", "kể", "đây", "hết",
    "tùy",
}  # fmt: skip
# ... and so do these pairs, whose first word alone may belong to a name ("Luật Quy hoạch",
# "Luật Thực hiện dân chủ ở cơ sở" start with them; "Luật Thủy sản ban hành ngày" does not).
NAME_STOP_PAIRS = {
    ("quy", "định"), ("hướng", "dẫn"), ("ban", "hành"), ("đối", "với"), ("bao", "gồm"),
    ("cụ", "thể"), ("áp", "dụng"), ("tuân", "thủ"), ("đáp", "ứng"), ("liên", "quan"),
    ("sửa", "đổi"), ("hiện", "hành"), ("hiện", "nay"), ("thực", "hiện"), ("hiệu", "lực"),
    ("đảm", "bảo"), ("bảo", "đảm"), ("đồng", "thời"),
}  # fmt: skip
# Phrases that do hold those words inside real names: "Luật Ban hành văn bản quy phạm pháp luật",
# "Pháp lệnh Ưu đãi người có công với cách mạng", "Luật Đầu tư theo phương thức đối tác công tư",
# "Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam" ...
NAME_PHRASES = _compile(
    r"(?i:có\s+công\s+với\s+cách\s+mạng"
    r"|(?<=dự\s)bị(?:\s+động\s+viên)?"  # "Pháp lệnh về lực lượng dự bị động viên"
    r"|liên\s+quan\s+đến\s+an\s+ninh\s+quốc\s+gia"
    r"|của\s+người\s+nước\s+ngoài(?:\s+tại\s+việt\s+nam)?"
    r"|của\s+công\s+dân\s+việt\s+nam"
    r"|của\s+nhà\s+nước"
    r"|của\s+(?:rượu,\s+bia|thuốc\s+lá)"
    r"|của\s+quốc\s+hội\s+và\s+hội\s+đồng\s+nhân\s+dân"
    r"|theo\s+hợp\s+đồng"
    r"|tại\s+việt\s+nam"
    r"|theo\s+phương\s+thức\s+đối\s+tác\s+công\s+tư"
    r"|trong\s+tố\s+tụng"
    r"|nhỏ\s+và\s+vừa"
    r"|đối\s+tác\s+công\s+tư)"
    r"(?![^\W\d_])"
)
# The first words of a name that would otherwise stop it: "Luật Ban hành văn bản ...".
NAME_OPENING_PHRASES = _compile(r"(?i:ban\s+hành\s+văn\s+bản|thực\s+hiện\s+dân\s+chủ)(?![^\W\d_])")
# Words that cannot start the part of a name after "và" or a comma ("Luật Dầu khí và luật khác",
# "Luật Đấu giá tài sản và pháp luật về", "Luật Xử lý vi phạm hành chính và điểm a khoản 3").
NOT_A_NAME_PART = {
    "luật", "pháp", "văn", "điều", "khoản", "điểm", "chương", "mục", "phần", "phụ", "tiết",
    "một", "thực", "đáp", "đảm", "tuân", "chịu", "trình", "gửi", "nộp", "việc", "người",
    "cơ", "trường", "tổ", "quyền", "nghĩa", "yêu", "hồ", "giấy", "đề", "cấp", "doanh", "đơn",
    "ủy", "bộ", "sở", "chủ", "nhà", "nội", "bãi", "trả", "số", "năm", "ngày",
}  # fmt: skip
# What may not follow the last part of a name: the words that go on with a clause whose subject
# was the part ("Bộ luật Dân sự, người chưa đủ 14 tuổi", "Luật X và các văn bản").
NAME_NOT_FOLLOWED_BY = {"các", "những", "một", "mọi", "chưa", "bị", "phải", "không", "đủ", "cần"}
NAME_PART_WORDS = 6  # a comma or "và" part of a name has at most this many syllables

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
# A clause that says when the document was issued: "được Quốc hội khóa XV thông qua ngày",
# "do Chính phủ ban hành ngày", "đã được ký ban hành vào ngày".
ISSUED_CLAUSE = _compile(
    r"[\s,)]*(?i:(?:đã\s+)?(?:được|do)\s+(?:[^\W\d_]+\s+){0,8}?|đã\s+)?"
    r"(?i:ban\s+hành|thông\s+qua|ký(?:\s+ban\s+hành)?|công\s+bố)\s+(?i:vào\s+)?"
    r"(?=(?i:ngày)\s*:?\s*\d)"
)
# A capitalised title straight after a code, then its date: "... Quy định một số mẫu giấy tờ
# về luật sư ban hành ngày 16/01/2015" (the Pháp điển's notes); within one clause.
TITLE_THEN_DATE = _compile(
    r"\s+(?P<title>[" + UPPER + r"][^;\n()\[\]]{3,300}?)\s(?i:(?:đã\s+)?được\s+)?"
    r"(?i:ban\s+hành)\s+(?i:vào\s+)?(?=(?i:ngày)\s*:?\s*\d)"
    # a title that opens with its verb needs no "ban hành": "... Về biện pháp ... ngày 18/05/2011"
    r"|\s+(?P<verb_title>(?:Về|Quy\s+định|Hướng\s+dẫn|Ban\s+hành|Sửa\s+đổi|Bãi\s+bỏ|Phê\s+duyệt"
    r"|Thành\s+lập|Quy\s+chế)\s[^;\n()\[\]]{3,300}?),?\s(?=(?i:ngày)\s*:?\s*\d)"
)
# ... and an amending law's, in lower case: "Luật số 57/2024/QH15 sửa đổi, bổ sung một số điều
# của Luật Quy hoạch, ... và Luật Đấu thầu ngày 29/11/2024" (the date is the amending law's)
AMENDING_TITLE_THEN_DATE = _compile(
    r"\s+(?P<title>)(?P<verb_title>sửa\s+đổi\s*,?\s*(?:bổ\s+sung\s+)?[^;\n()\[\]]{3,300}?),?\s"
    r"(?=(?i:ngày)\s*:?\s*\d)"
)
A_CODE = _compile(r"\d\s{0,2}[-/]\s{0,2}(?:\d{4}\s{0,2}/\s{0,2})?[A-Za-zĐđ]")
# Words between a law's name and a date that show the date is another document's, whose title
# names the law: "Nghị định ... một số điều của Luật X về kiểm dịch y tế ngày ..."
NESTED_TITLE = _compile(r"(?i:\bvề\b|\bcủa\b|hướng\s+dẫn|quy\s+định)")
# Words right before a date that make it a deadline or an in-force date, not an issue date.
DEADLINE_BEFORE = _compile(
    r"(?i:chậm\s+nhất|trước|đến(?:\s+hết)?|từ|kể\s+từ|hết|hạn|trong|hoàn\s+thành|tính|sau|"
    r"hiệu\s+lực(?:\s+thi\s+hành)?)\s+$"
)
IN_FORCE = _compile(r"(?i:hiệu\s+lực|hết\s+hạn)(?:\s+[^\W\d_]+){0,4}\s*$")  # "... có hiệu lực từ"
# A paragraph break or a heading: the context of a citation never reads past one.
CONTEXT_BREAK = _compile(r"\n[ \t]*\n|\n[ \t*>|]*(?:#|(?i:điều|chương|mục|phần)\s+[\dIVXL]+\b)")
# A date before the citation, at the start of its sentence or clause: "Ngày 05/7/2024, Ban Tổ
# chức Trung ương ban hành Hướng dẫn số 08-HD/BTCTW"; the verb right before the citation.
ISSUING_VERB_BEFORE = _compile(r"(?i:ban\s+hành|ký(?:\s+ban\s+hành)?|thông\s+qua|công\s+bố|có)\s+$")
DATE_BEFORE = _compile(r"(?:^|(?<=[\n.;:,(*]))\s*(?i:vào\s+)?(?P<at>(?i:ngày))\s*:?\s*(?=\d)")
SENTENCE_START = _compile(r"[^.;:!?\n]*$")
DAY_WORD = _compile(r"(?i:ngày)\s*:?\s*(?=\d)")
TAIL_YEAR = _compile(r"[\s,]*(?i:năm)\s+(?P<y>(?:19|20)\d\d)(?!\d)")
TAIL_TERM = _compile(r"[\s,]*\(?\s*(?i:khóa)\s+(?P<term>" + ROMAN_NUMERAL + r")\b\s*\)?")
TAIL_NOISE = _compile(  # "[3]", "(2)", "**", "](url)" of a markdown link, "(X15)" a unit's code
    r"\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\*+|\]\([^()\s]{1,400}\)|\([A-ZĐ]{1,4}\d{1,3}\))"
)
# "về quản lý dự án ban hành ngày 18/06/2015": the date closes the subject clause
SUBJECT_DATE = _compile(
    r",?\s+(?i:(?:đã\s+)?được\s+)?(?i:ban\s+hành|thông\s+qua|ký)\s+(?i:vào\s+)?(?=(?i:ngày)\s*\d)"
)
TAIL_OF = _compile(r"[\s,]*(?i:của|do|giữa)\s+")
TAIL_ABOUT = _compile(r"[\s,:]*(?i:về|v/v|về\s+việc)\s+")
TAIL_QUOTED = _compile(r'[\s,:*]*(?i:về\s+)?[*]*"(?P<title>[^"\n]{3,300}?)"')
SUBJECT_END = _compile(
    r";|\.\s|\.$|\.(?=[" + UPPER + r"])|:|\(|\n\s*\n|\n\s*[-+•*]|\n\s*\d{1,2}[.)]\s"
    r"|\n\s*[IVX]+\.\s|\*\*|\|"
    # "... về lựa chọn nhà thầu hết hiệu lực kể từ ngày ...": the subject ends before its force
    r"|\s(?=(?i:(?:(?:đều|sẽ|chính\s+thức)\s+)?hết\s+hiệu\s+lực"
    r"|có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ)\b)"
)

# A local Party committee: "Tỉnh ủy", "Huyện ủy", "Đảng ủy" (case-insensitive where used)
LOCAL_COMMITTEE = r"(?:tỉnh|thành|huyện|quận|thị|đảng)\s+ủy"
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
    r"|ban\s+chấp\s+hành\s+đảng\s+bộ(?:\s+" + _LEVEL + r")?"  # a province's Party committee
    # a unit of a local Party committee: "Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Huyện ủy"
    r"|ban\s+(?!thường\s+vụ)[^\W\d_]+(?:\s+[^\W\d_]+){0,4}?\s+(?:tỉnh|thành|huyện|quận|thị)\s+ủy"
    r"|(?:ban\s+thường\s+vụ\s+|thường\s+trực\s+|btv\s+)?"
    + LOCAL_COMMITTEE
    + r")(?:"
    + _PLACE
    + r")?"
    r"|(?i:(?:ủy\s+ban\s+nhân\s+dân|ubnd|hội\s+đồng\s+nhân\s+dân|hđnd)(?:\s+" + _LEVEL + r")?)"
    r"(?:" + _PLACE + r")?"
    # ministries whose names hold a comma or a hyphen, then any other by its words
    r"|(?i:(?:bộ\s+trưởng\s+)?bộ\s+(?:văn\s+hóa\s*,\s*thể\s+thao\s+và\s+du\s+lịch"
    r"|lao\s+động\s*-\s*thương\s+binh\s+và\s+xã\s+hội|văn\s+hóa\s*-\s*thông\s+tin"
    # ... and whose names hold "và" (the generic form below stops before it)
    r"|kế\s+hoạch\s+và\s+đầu\s+tư|tài\s+nguyên\s+và\s+môi\s+trường|thông\s+tin\s+và\s+truyền"
    r"\s+thông|khoa\s+học\s+và\s+công\s+nghệ|giáo\s+dục\s+và\s+đào\s+tạo|nông\s+nghiệp\s+và"
    r"\s+(?:phát\s+triển\s+nông\s+thôn|môi\s+trường)|dân\s+tộc\s+và\s+tôn\s+giáo"
    r"|giao\s+thông\s+vận\s+tải|lao\s+động\s*-?\s*thương\s+binh\s+và\s+xã\s+hội)(?![^\W\d_]))"
    r"|(?i:(?:bộ\s+trưởng\s+)?bộ)\s+[" + UPPER + r"][^\W\d_]*(?:\s*,?\s+(?:và\s+)?[^\W\d_]+){0,5}?"
    r"(?=\s*(?:[,;.)(\n-]|$|\s(?i:về|ngày|quy|hướng|ban|tại|năm|khóa|thực|sửa|và|hết|có|được|đã"
    r"|đều|sẽ|bị|là|theo|nay)\b))"
)
# One more issuer of a joint document: "của Bộ Y tế, Bộ Nội vụ", "liên Bộ Y tế - Bộ Nội vụ".
MORE_BODIES = _compile(
    r"\s*(?:,|-|và|,\s*và)\s*(?=(?i:bộ|ban|ủy\s+ban|văn\s+phòng|thanh\s+tra|ngân\s+hàng"
    r"|kiểm\s+toán|tòa\s+án|viện\s+kiểm\s+sát|tổng\s+liên\s+đoàn|trung\s+ương)\s)"
)
JOINT = _compile(r"(?i:liên\s+(?=bộ\s|ngành\s))")

# A form's or an appendix's own number: "Mẫu số 01/TB-TNĐT", "Biểu số 02/BC", "mẫu 03/BC",
# "Phụ lục số 01/PL", "(mẫu TT02)", "Mẫu báo cáo số 13-NT" (on the lower-cased text).
TEMPLATE_BEFORE = _compile(
    r"(?<![^\W\d_])(?:mẫu|biểu|phụ\s+lục)(?:\s+(?:mẫu|biểu|số))*\s*[:.]?[\s*]*$"
)
FORM_WORD = re.compile("mẫu|biểu|lục")  # a cheap test before TEMPLATE_BEFORE
FORM_BEFORE = _compile(r"(?<![^\W\d_])mẫu\s+$")

# A type word alone on its line, a heading ("NGHỊ ĐỊNH", "Báo cáo"): what follows is its text.
HEADING_BEFORE = _compile(r"(?:^|\n)[\s*#>|-]*$")
HEADING_AFTER = _compile(r"[\s*]*:?[ \t*]*\n")
# The start of a line that makes it an article or section heading: "Điều 3.", "Chương II", "## "
HEADING_LINE = _compile(r"(?:^|\n)[\s*>|]*(?:#|(?i:điều|chương|mục)\s+[\dIVXLivxl])[^\n]*$")
LIST_ITEM_AFTER = _compile(r"[.)][ \t]*(?:\n|\*|[^\W\d_])|[.)]$")
LABEL_AFTER = _compile(r"[*\s]*:")
# Words before a glued short form that make it a citation: "thực hiện NQ18", "theo KL21".
CITING_BEFORE = _compile(
    r"(?i:theo|thực\s+hiện|triển\s+khai|quán\s+triệt|của|tại|về|căn\s+cứ|với|cụ\s+thể\s+hóa"
    r"|sửa\s+đổi|thay\s+thế|gọi\s+tắt\s+là)[\s,]*$"
)

# The document's own number in its letterhead: "Số: 141/KH-UBND", "Số 07-KL/VPTW".
SELF_NUMBER = _compile(r"(?:^|\n)[\s|*#>]*(?i:số)\s*[:.]?\s*$")

# The national motto and the Party's heading on a letterhead ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
# "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM"): no body, no title
MOTTO = _compile(r"(?i:cộng\s+hòa|cộng\s+hoà|độc\s+lập|đảng\s+cộng\s+sản)")
