"""A loaded document's caption, as a reader would write it (the Document node's `title`).

Official texts have a title block under their letterhead ("KẾ HOẠCH" / "Thực hiện Kết luận số
21-KL/TW ..."), often in capitals; letters a "V/v ..." line; news and reports none, and their
first line is often a source note or a photo's caption. `document_title` reads the outline's
title block (loaders/outline.py) where there is one, and otherwise looks for the first line a
reader would take for a title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from directive_graph.graph.bodies import canonical_body
from directive_graph.graph.model import KIND_LABELS
from directive_graph.loaders import regexes as rx
from directive_graph.loaders.documents import TITLE_LIMIT
from directive_graph.loaders.outline import Outline

# A first line that is no title: a source note, an address, a photo's caption ("Toàn cảnh Hội
# nghị", "Đồng chí ... phát biểu"), a date line, data ("slug": ...).
_NOT_A_TITLE = re.compile(
    r"^(?:(?:source|nguồn)\s*:|https?://|www\.|[\"{\[]|\(?ảnh\b|toàn cảnh|quang cảnh"
    r"|các đại biểu|đại biểu\b|phát biểu\b|đồng chí\b.{0,80}\b(?:phát biểu|trao|chủ trì)"
    r"|đại diện\b.{0,60}\bphát biểu|[^\n]{0,40}ngày \d{1,2} tháng \d{1,2} năm \d{4}$)",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"(?i)\b(?:v/v|về việc)\b\s*(?P<subject>.+)")
_DATELINE = re.compile(r"\s+[A-ZĐ][^\s,]*(?:\s+[A-ZĐ][^\s,]*){0,3},\s+ngày\b.*$")
_DANGLING = ("về", "v/v", "của", "và", "thực hiện")
_JOINING = ("của", "và", "với", "cho", "tại", "thuộc", "giữa", "đối với")
# The enacting body under a resolution's title, in capitals too: the block ends before it.
_ENACTING = re.compile(
    r"^(?:HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BAN CHẤP HÀNH|BAN THƯỜNG VỤ"
    r"|BỘ CHÍNH TRỊ|BAN BÍ THƯ|CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|KHÓA [IVXLC]+|KHOÁ [IVXLC]+)\b"
)
TITLE_WORDS = 30  # a title from a text's first sentence keeps at most this many words


_ROMAN = re.compile(r"^[IVXLC]+[,.;:)]*$")
_CITED_KIND = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted({re.escape(k.lower()) for k in KIND_LABELS.values() if k},
                                     key=len, reverse=True))
    + r")(?=\s+(?:số\b|\d))"
)  # fmt: skip
_TTG = re.compile(r"(?<=[-/])TTG\b")
_BEFORE_ROMAN = {"khóa", "khoá", "hội", "chương", "phần", "mục", "lần", "thứ", "(khóa"}


@lru_cache(maxsize=1)
def _proper_names() -> list[tuple[re.Pattern, str]]:
    """Names a title in capitals loses its capitals in: bodies, provinces, the Party."""
    from directive_graph.graph.bodies import BODIES
    from directive_graph.graph.places import _names

    names = {b.name for b in BODIES} | set(_names().values())
    names |= {"Đảng", "Nhà nước", "Việt Nam", "Hồ Chí Minh", "Mặt trận Tổ quốc"}
    return [(re.compile(rf"(?<!\w){re.escape(n.lower())}(?!\w)"), n)
            for n in sorted(names, key=len, reverse=True)]  # fmt: skip


def _sentence_case(text: str) -> str:
    """'THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ KHÓA XIII' -> 'thực hiện Chỉ thị
    số 27/CT-TTg của Thủ tướng Chính phủ khóa XIII': words in capitals are lowered, codes (with
    digits or a slash) and Roman numerals kept, known names given their capitals back, and a
    kind cited by its number written as a name ("Chỉ thị số 27", "Nghị quyết 57-NQ/TW").

    >>> _sentence_case("THỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ")
    'thực hiện Chỉ thị số 27/CT-TTg của Thủ tướng Chính phủ'
    >>> _sentence_case("TỔNG KẾT 10 NĂM THỰC HIỆN NGHỊ QUYẾT 35-NQ/TW")
    'tổng kết 10 năm thực hiện Nghị quyết 35-NQ/TW'
    """
    words: list[str] = []
    lowered = False
    for w in text.split():
        letters = [c for c in w if c.isalpha()]
        caps = bool(letters) and all(c.isupper() for c in letters)
        roman = _ROMAN.match(w) and words and words[-1].lower() in _BEFORE_ROMAN  # "KHÓA XIII"
        if caps and not roman and not any(c.isdigit() or c == "/" for c in w):
            w, lowered = w.lower(), True
        words.append(w)
    out = " ".join(words)
    if lowered:
        for pattern, name in _proper_names():
            out = pattern.sub(name, out)
        out = _CITED_KIND.sub(lambda m: m[0][:1].upper() + m[0][1:], out)  # "Chỉ thị số 27"
        out = _TTG.sub("TTg", out)  # the one symbol written in mixed case
    if out[:1].isupper() and out[1:2].islower():  # "Thực hiện ..." under "KẾ HOẠCH"
        out = out[:1].lower() + out[1:]
    return out


def _flat(line: str) -> str:
    return " ".join(line.replace("*", " ").split()).strip(" #|")


def _in_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _title_block(text: str, start: int, end: int) -> str:
    """The outline's title block as one line: without the enacting body that follows a
    resolution's title in capitals too ("HỘI ĐỒNG NHÂN DÂN TỈNH ..."), and, when it ends on a
    word that needs more ("VỀ" alone on its line), with the lines in capitals that follow."""
    lines: list[str] = []
    for raw in text[start:end].splitlines():
        line = _flat(raw)
        if not line:
            continue
        if lines and _ENACTING.match(line) and not lines[-1].lower().endswith(_JOINING):
            break
        lines.append(line)
    block = " ".join(lines)
    if block.lower().endswith(_DANGLING):  # the subject follows, over one line or several
        for raw in text[end:].splitlines()[:8]:
            line = _flat(raw)
            if not line:
                if block.lower().endswith(_DANGLING):
                    continue
                break
            if not block.lower().endswith(_DANGLING) and not _in_capitals(line):
                break
            if _ENACTING.match(line):
                break
            block = f"{block} {line}"
    return block


def _cut(title: str) -> str:
    """A caption of at most TITLE_LIMIT characters, cut between words with an ellipsis."""
    if len(title) <= TITLE_LIMIT:
        return title
    head = title[: TITLE_LIMIT - 2].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return f"{head} …"


_OF_BODY = re.compile(r"(?i:\s*(?:số\s+\S+\s+)?của\s+)")


def title_issuer(text: str, structure: Outline) -> str | None:
    r"""The body a title block names after its kind ("KẾT LUẬN / CỦA BỘ CHÍNH TRỊ" -> "Bộ Chính
    trị"): the issuer of a Party document whose letterhead names only "BAN CHẤP HÀNH TRUNG
    ƯƠNG"; None when the title names none.

    >>> from directive_graph.loaders.outline import outline
    >>> from directive_graph.graph.text import clean
    >>> t = clean("Số 15-KL/TW\n\nKẾT LUẬN\nCỦA BỘ CHÍNH TRỊ\nvề công tác cán bộ\n\n1. Tiếp tục.")
    >>> title_issuer(t.text, outline(t, "ket_luan"))
    'Bộ Chính trị'
    """
    if structure.title is None:
        return None
    block = _title_block(text, *structure.title)
    kind = KIND_LABELS.get(structure.kind or "")
    if not kind or not block.lower().startswith(kind.lower()):
        return None
    of = _OF_BODY.match(block, len(kind))
    body = rx.BODY.match(block, of.end()) if of else None
    return canonical_body(body.group()) if body else None


_NUMBER_LINE = re.compile(r"(?i:số\b)")


def letterhead_issuer(text: str) -> str | None:
    r"""The issuing body a letterhead names above the number ("HỘI ĐỒNG NHÂN DÂN / THÀNH PHỐ HÀ
    NỘI" over "Số: 12/2025/NQ-HĐND"): its lines in capitals, the national motto left out; None
    when they name no body.

    >>> letterhead_issuer("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n-------\nSố: 12/2025/NQ-HĐND\n")
    'Hội đồng nhân dân thành phố Hà Nội'
    >>> letterhead_issuer("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/KH\n") is None
    True
    >>> letterhead_issuer("ĐẢNG BỘ TỈNH NGHỆ AN\nTỈNH ỦY\n*\nSố 25-CTr/TU\n")
    'Tỉnh ủy Nghệ An'
    """
    group: list[str] = []
    for raw in text[:2000].splitlines()[:15]:
        line = " ".join(raw.strip(" *|#\t-_=").split())
        if _NUMBER_LINE.match(line):
            break
        if not line and raw.strip():
            continue  # "**", "|": markup between the lines of one name
        if not line or rx.MOTTO.match(line) or not line.isupper():
            if group:
                break
            continue
        group.append(line)
    head = " ".join(group)
    party = _PARTY_LETTERHEAD.fullmatch(head) if len(group) > 1 else None
    if party and party["committee"]:  # "ĐẢNG BỘ TỈNH NGHỆ AN / TỈNH ỦY": Tỉnh ủy Nghệ An
        head = f"{party['committee']} {party['place']}"
    elif party:  # "TỈNH ỦY NGHỆ AN / BAN TUYÊN GIÁO": Ban Tuyên giáo Tỉnh ủy Nghệ An
        words = party["unit"].lower().split()  # "BAN TUYÊN GIÁO VÀ DÂN VẬN"
        unit = " ".join(
            w.capitalize() if i < 2 or words[i - 1] == "và" else w for i, w in enumerate(words)
        )
        place = " ".join(w.capitalize() for w in party["place2"].lower().split())
        return f"{unit} {party['committee2'].capitalize()} {place}"
    body = rx.BODY.fullmatch(head) if head else None
    if body is None and len(group) > 1 and rx.BODY.fullmatch(group[-1]):
        head = group[-1]  # "ĐẢNG BỘ TỈNH HÀ TĨNH / HUYỆN ỦY CAN LỘC": the lowest line issues
        body = rx.BODY.fullmatch(head)
    return canonical_body(head) if body else None


# A Party letterhead: the organisation, then its committee ("ĐẢNG BỘ TỈNH NGHỆ AN / TỈNH ỦY"),
# or the committee with its place, then its unit ("TỈNH ỦY NGHỆ AN / BAN TUYÊN GIÁO")
_COMMITTEE = r"(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ) ỦY"
_PARTY_LETTERHEAD = re.compile(
    r"ĐẢNG BỘ (?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ) (?P<place>[^\W\d_][^\d]*?) (?P<committee>"
    + _COMMITTEE
    + r")"
    r"|(?P<committee2>" + _COMMITTEE + r") (?P<place2>[^\W\d_][^\d]*?) (?P<unit>BAN [^\d]+)"
)


# Words that belong to a kind's heading: "Chương trình hành động", "Kế hoạch liên tịch"
_QUALIFIER = re.compile(r"(?i:hành\s+động|liên\s+tịch|phối\s+hợp)(?![^\W\d_])")


def document_title(first_line: str | None, text: str, structure: Outline, own) -> str | None:
    r"""A document's caption as a reader would write it: its title block ("Kế hoạch số
    12-KH/TU thực hiện Kết luận số 21-KL/TW ...", "Công văn: V/v ..."), out of capitals; for
    a text with none (news, reports), its first line unless that is a source note or a photo's
    caption, then the first sentence of its first paragraph.

    >>> from directive_graph.loaders.outline import outline
    >>> from directive_graph.graph.text import clean
    >>> t = clean("TỈNH ỦY X\nSố 12\n\nKẾ HOẠCH\nTHỰC HIỆN KẾT LUẬN CỦA BỘ CHÍNH TRỊ KHÓA XIII\n")
    >>> document_title("TỈNH ỦY X", t.text, outline(t, "ke_hoach"), None)
    'Kế hoạch thực hiện kết luận của Bộ Chính trị khóa XIII'
    >>> news = "Toàn cảnh Hội nghị\nNgày 5/7, tỉnh họp bàn việc sáp nhập. Sau đó"
    >>> document_title("Toàn cảnh Hội nghị", news, outline(clean("x"), None), None)
    'Ngày 5/7, tỉnh họp bàn việc sáp nhập.'
    """
    if structure.title is not None:
        start, end = structure.title
        block = _title_block(text, start, end)
        kind = KIND_LABELS.get(structure.kind or "")
        if kind and block.lower().startswith(kind.lower()):
            rest = block[len(kind) :].strip()
            qualifier = _QUALIFIER.match(rest)  # "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình hành
            head = f"{kind} {qualifier.group().lower()}" if qualifier else kind  # động số ..."
            rest = _sentence_case(rest[qualifier.end() :].strip() if qualifier else rest)
            code = f" số {own.code}" if own is not None and own.code else ""
            return _cut(f"{head}{code} {rest}".strip())
        subject = _SUBJECT_LINE.search(block)
        if subject and (subject.start() == 0 or block.lower().startswith("số")):
            line = _DATELINE.sub("", subject["subject"])
            return _cut(f"Công văn: V/v {_sentence_case(line)}")
        if block:
            return _cut(_sentence_case(block))
    head = text[:3000]
    subject = _SUBJECT_LINE.search(head)
    if subject and head.lstrip().lower().startswith(("số:", "số ")):  # "Số: ... V/v ..."
        line = _DATELINE.sub("", subject["subject"].split("\n")[0])
        return _cut(f"Công văn: V/v {line.strip()}")
    if first_line and not _NOT_A_TITLE.match(first_line.strip()):
        return first_line
    for raw in text.splitlines()[:40]:
        heading = raw.startswith("# ")  # a Markdown heading names the text, however short
        line = " ".join(raw.split()).strip(" *#|")
        if (len(line) < 25 and not (heading and line)) or _NOT_A_TITLE.match(line):
            continue
        if "|" in line:  # a row of a table
            continue
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        words = sentence.split()
        return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
    return first_line
