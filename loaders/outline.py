"""The outline of a text: its paragraphs, headings and items, and what kind of text it is.

A hard-wrapped line joins its paragraph (PDF and web copies wrap at ~80 characters); headings are
Roman sections ("II. NHIỆM VỤ"), "Điều N." articles, "Chương"/"Phần"/"Mục", markdown and bold
headings and lines in capitals; items are "1.", "(2)", "a)", "1.2.", "-", "+", "•", nesting in
the order their markers first appear. Recipients and signature blocks are left out, and so is what
follows them unless it is a part attached to the text ("KẾ HOẠCH ... (Ban hành kèm theo Quyết
định ...)"); forms to fill in are left out.

The later stages read the outline: `tasks` finds the task lists in it, `relations` the title
and preamble, where what a text says of itself (the document as a whole) is stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directive_graph.graph.text import CleanText
from directive_graph.loaders import regexes as rx

_EDGE_MARKUP = " \t*|#>_`"
# Item markers at the start of a paragraph. Roman numerals take "." or "-" ("I- MỤC TIÊU").
MARKER = re.compile(
    r"(?:\((?P<paren>\d{1,2})\)"
    r"|(?P<dec>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=\s)"
    r"|(?P<num>\d{1,2})\s?[.)/](?!\d)"
    r"|\(?(?P<let>[a-zđ])\)"
    r"|(?P<rom>[IVX]{1,5})\s?[.\-/:](?![\w.])"
    r"|(?P<bul>[-+•–▪◦●○✓]|\*(?!\*)))\s*"
)
ARTICLE = re.compile(r"(?i:điều)\s+(?P<art>\d{1,3})\s*[.:]?\s*")
CHAPTER = re.compile(
    r"(?P<head>Chương|CHƯƠNG|Phần|PHẦN|Mục|MỤC)\s+(?:(?i:thứ)\s+)?"
    r"(?P<no>[IVXLC]{1,6}|\d{1,2}|(?i:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười))\b"
)
ITEM_KINDS = ("paren", "dec", "num", "let", "rom", "bul")

# The end of a document's body: recipients and signature blocks.
BODY_END = re.compile(
    r"^(?i:nơi\s+nhận|(?:tm|kt|tl|q)\.\s*[^\W\d_]|t/m\b|k/t\b|thừa\s+lệnh|thay\s+mặt\b)(?=.{0,70}$)",
    re.S,
)
_SEPARATOR = re.compile(r"[-_=~.*–—·•]{3,}|[-–—]")
# The Official Gazette's furniture: its page headers ("CÔNG BÁO/Số 215 + 216/Ngày 20-02-2025
# 3") and its sections ("PHẦN I. VĂN BẢN QUY PHẠM PHÁP LUẬT"), no part of any text it prints
_GAZETTE = re.compile(
    r"(?i:(?:\d{1,4}\s+)?công\s+báo\s*/\s*số\s+[\d\s+]+/\s*ngày\s+[\d/.-]+(?:\s+\d{1,4})?"
    r"|phần\s+[ivx]+\s*[.:]?\s*văn\s+bản\s+(?:quy\s+phạm\s+pháp\s+luật|pháp\s+luật|khác))"
)
TOC = re.compile(r"\.{4,}\s*\d{1,4}\s*$|…{2,}\s*\d{1,4}\s*$")
QUOTES = "\"'“”‘’«»"

# A paragraph that closes a list rather than continuing its last item.
# ---------------------------------------------------------------------------------------------
# Blocks: paragraphs and headings


@dataclass(slots=True)
class Line:
    start: int
    end: int
    raw: str
    plain: str


@dataclass(slots=True)
class Block:
    start: int  # offsets into the cleaned text, from the first character after the markup
    end: int
    text: str  # plain and single-spaced, marker included
    kind: str | None = None  # marker kind: paren dec num let rom bul art chap
    label: str = ""
    body: str = ""  # the text after the marker
    heading: bool = False
    bold: bool = False
    level: int = 0  # for headings: 0 part, 1 chapter, 2 section, 3 Roman/unnumbered, 4 article
    part: bool = False  # starts a part attached to the text (a plan after its decision)
    quoted: bool = False  # inside a quotation that runs over paragraphs (an article quoted)


def _lines(text: str) -> list[Line]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        plain = " ".join(body.strip(_EDGE_MARKUP).split())
        if _SEPARATOR.fullmatch(plain) or _GAZETTE.fullmatch(plain):
            plain = ""  # "-----", "___": a rule drawn between parts; a gazette's page header
        out.append(Line(pos, pos + len(body), body, plain))
        pos += len(raw)
    return out


def _wrapped(lines: list[Line]) -> bool:
    """Hard-wrapped text (PDF or web copies): a single newline does not end a paragraph."""
    nonempty = [ln for ln in lines if ln.plain]
    if len(nonempty) < 4:
        return False
    short = sum(1 for ln in nonempty if len(ln.raw) < 110)
    return short / len(nonempty) > 0.7


def _wrap_width(lines: list[Line]) -> int:
    """The width a hard-wrapped text is wrapped at (the 90th percentile of its line lengths)."""
    sizes = sorted(len(ln.raw) for ln in lines if ln.plain)
    return sizes[int(len(sizes) * 0.9)] if sizes else 80


def marker(plain: str) -> tuple[str, str, int] | None:
    """(kind, label, length) of the marker that starts a paragraph, or None."""
    m = ARTICLE.match(plain)
    if m and plain[:4].lower() == "điều" and (m.end() < len(plain) or plain.rstrip().endswith(".")):
        return "art", m["art"], m.end()
    m = MARKER.match(plain)
    if not m:
        return None
    kind = next(k for k in ITEM_KINDS if m[k])
    rest = plain[m.end() :]
    if kind == "bul" and (not rest or (rest[:1].isdigit() and m[kind] in "-–")):
        return None  # "- 2030 phấn đấu": a year range cut by a line break, not a bullet
    if kind == "rom" and not rest:
        return None
    return kind, m[kind], m.end()


def is_caps(plain: str) -> bool:
    """A line in capitals: at least six letters, every one upper case, under 200 characters."""
    if len(plain) >= 200 or not plain.isupper():  # (quick: a lower-case letter says no)
        return False
    letters = [c for c in plain if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and len(plain) < 200


def _continues(prev: Line, line: Line, width: int, wrapped: bool) -> bool:
    """A wrapped line that starts like a marker but continues the line before it ("... tại
    khoản 3\nĐiều 1.", "Tập đoàn Công\nnghiệp - Viễn thông")."""
    if not prev.plain or prev.raw.rstrip().endswith((".", ":", ";", "**", "!", "?", ",*", ".*")):
        return False
    last = prev.plain.split()[-1].lower().strip("*")
    if last in _GOES_ON and (line.plain[:1].isdigit() or line.plain[:4].lower() == "điều"):
        return True  # "... tại khoản\n2 Điều 5", "Nghị định số\n15/2020" (not "số\na) ...")
    hyphen = line.plain[:1] in "-–" and line.plain[1:2] == " "
    return hyphen and wrapped and len(prev.raw) >= 0.75 * width and not is_caps(prev.plain)


_GOES_ON = {
    "điều", "khoản", "điểm", "số", "ngày", "tháng", "năm", "lần", "thứ", "quý", "khóa", "khoá",
    "mục", "chương", "phần", "và", "từ", "đến", "giai", "đoạn", "tại", "của", "theo",
}  # fmt: skip


def _blocks(text: str, lines: list[Line]) -> list[Block]:
    wrapped = _wrapped(lines)
    width = _wrap_width(lines)
    blocks: list[Block] = []
    current: list[Line] = []
    bold_open = False

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(_make_block(text, current))
        current = []

    for i, line in enumerate(lines):
        if not line.plain:
            close()
            bold_open = False
            continue
        starts_bold = line.raw.lstrip(" |>#").startswith("**")
        marked = marker(line.plain) is not None or CHAPTER.match(line.plain) is not None
        if marked and current and _continues(current[-1], line, width, wrapped):
            marked = False
        heading_line = line.raw.lstrip().startswith("#") or is_caps(line.plain)
        caps_goes_on = (
            heading_line
            and current
            and wrapped
            and is_caps(current[-1].plain)
            and not current[-1].plain.endswith((".", ":", ";"))
            and _TITLES.get(" ".join(current[-1].plain.lower().strip(" .:*").split())) is None
        )  # a title in capitals wrapped over lines (the type word "NGHỊ QUYẾT" stands alone)
        if (bold_open and not marked) or (caps_goes_on and not marked):
            pass
        elif (
            (current and (marked or heading_line or BODY_END.match(line.plain)))
            or (current and not bold_open and (starts_bold and _is_bold_line(line)))
            or (current and not wrapped and not bold_open)
            or (
                current
                and wrapped
                and not bold_open
                and _paragraph_ends(current[-1], line, lines, i)
            )
        ):
            close()
        current.append(line)
        if line.raw.count("**") % 2 == 1:
            bold_open = not bold_open
        if (
            heading_line
            and not bold_open
            and not (
                wrapped
                and i + 1 < len(lines)
                and is_caps(lines[i + 1].plain)
                and not line.plain.endswith((".", ":"))
            )
        ):
            close()
    close()
    return _mark_quotations(_join_bare_markers(text, blocks))


_OPEN_QUOTE = re.compile(r'^\W{0,3}"')


def _mark_quotations(blocks: list[Block]) -> list[Block]:
    """Paragraphs inside a quotation that runs over several ("“Điều 32. ...", "1. ...", ...
    "...”"): quoted content of another document, no structure of this text's own."""
    open_at = None
    for i, b in enumerate(blocks):
        if open_at is not None:
            b.quoted = True
            if b.text.count('"') % 2 == 1 or i - open_at > 200:
                open_at = None
            continue
        if _OPEN_QUOTE.match(b.text) and b.text.count('"') % 2 == 1:
            b.quoted = True
            open_at = i
    return blocks


def _join_bare_markers(text: str, blocks: list[Block]) -> list[Block]:
    """ "1 ." alone on its line, its heading on the next: one item."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            b.kind in ITEM_KINDS
            and b.kind != "bul"
            and not b.body
            and nxt is not None
            and nxt.kind is None
            and not BODY_END.match(nxt.text)
        ):
            joined = Block(b.start, nxt.end, f"{b.text} {nxt.text}", b.kind, b.label, nxt.text)
            joined.bold = b.bold or nxt.bold
            out.append(joined)
            i += 2
            continue
        out.append(b)
        i += 1
    return out


def _is_bold_line(line: Line) -> bool:
    stripped = line.raw.strip(" |>")
    return stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4


def _paragraph_ends(prev: Line, line: Line, lines: list[Line], i: int) -> bool:
    """In wrapped text without blank lines (PDF copies), a paragraph ends on a short line that
    closes a sentence, or on a line that is itself a bold heading."""
    if _is_bold_line(prev) and not prev.raw.rstrip().endswith(","):
        return True
    if not prev.plain.endswith((".", ";", ":", "!", "?", "./.")):
        return False
    width = max(len(ln.raw) for ln in lines[max(0, i - 8) : i + 8])
    return len(prev.raw) < 0.8 * width and line.plain[:1].isupper()


def _make_block(text: str, lines: list[Line]) -> Block:
    first = lines[0]
    lead = len(first.raw) - len(first.raw.lstrip(_EDGE_MARKUP))
    start = first.start + lead
    last = lines[-1]
    end = last.start + len(last.raw.rstrip(_EDGE_MARKUP))
    end = max(end, start)
    plain = " ".join(" ".join(ln.plain for ln in lines).replace("**", " ").split())
    plain = plain.strip(_EDGE_MARKUP)
    block = Block(start, end, plain)
    block.bold = first.raw.lstrip(" |>#").startswith("**") or first.raw.lstrip().startswith("#")
    chapter = CHAPTER.match(plain)
    found = marker(plain)
    if chapter and (chapter["head"].lower() != "mục" or is_caps(plain) or block.bold):
        block.kind, block.label = "chap", chapter["no"]
        block.body = plain[chapter.end() :].strip(" .:-")
        block.heading = True
        block.level = {"phần": 0, "chương": 1, "mục": 2}[chapter["head"].lower()]
        return block
    if found:
        kind, label, length = found
        block.kind, block.label, block.body = kind, label, plain[length:].strip()
        if kind == "rom":
            block.heading, block.level = True, 3
        elif kind == "art":
            block.heading, block.level = True, 4
        return block
    block.body = plain
    hashes = first.raw.lstrip(" |>").startswith("#")
    if (hashes or is_caps(plain)) and len(plain) < 200:
        block.heading, block.level = True, 3
    return block


# ---------------------------------------------------------------------------------------------
# The outline


@dataclass(slots=True)
class Node:
    block: Block
    children: list[Node] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # ordinal path of items (headings excluded)
    heading_path: str = ""  # the Roman/article label it sits under


def _outline(blocks: list[Block], wrapped: bool = True) -> list[Node]:
    """Blocks -> a tree: headings own what follows them; items nest by first appearance.

    A paragraph that announces a list ("... như sau:") holds the items that follow it, unless
    they go on with a list that was open before it; other paragraphs continue the open item,
    except one that closes the list ("Với các nhiệm vụ trên, ...")."""
    roots: list[Node] = []
    headings: list[Node] = []  # open headings, outermost first
    items: list[tuple[str, Node]] = []  # open items and lead-ins: (marker kind, node)
    bullets: dict[tuple, int] = {}
    pseudo: Node | None = None  # an item whose lines below lost their bullets
    for k, block in enumerate(blocks):
        if block.part:
            headings, items = [], []
        if block.kind is not None or block.heading:
            pseudo = None
        elif not wrapped and items and items[-1][0] in ITEM_KINDS:
            top = items[-1][1]
            following = blocks[k + 1] if k + 1 < len(blocks) else None
            if (
                pseudo is None
                and _headline(top.block)
                and following is not None
                and (
                    following.kind is None
                    and not following.heading
                    and not CLOSING.match(block.text)
                    and not block.text.rstrip(" *").endswith(":")
                )
            ):
                pseudo = top
            if pseudo is not None and not CLOSING.match(block.text):
                block.kind, block.label, block.body = "bul", "-", block.text
                while items and items[-1][1] is not pseudo:
                    items.pop()
        node = Node(block)
        if block.heading and block.kind in (None, "rom", "art", "chap"):
            while headings and headings[-1].block.level >= block.level:
                headings.pop()
            (headings[-1].children if headings else roots).append(node)
            headings.append(node)
            items = []
            label = block.label if block.kind in ("rom", "chap") else ""
            if block.kind == "art":
                label = f"d{block.label}"
            parent_label = headings[-2].heading_path if len(headings) > 1 else ""
            node.heading_path = ".".join(p for p in (parent_label, label) if p)
            continue
        parent_heading = headings[-1] if headings else None
        node.heading_path = parent_heading.heading_path if parent_heading else ""
        if block.kind in ITEM_KINDS:
            kind = block.kind
            kinds = [k for k, _ in items]
            if kind in kinds:
                at = kinds.index(kind)
                lead = next((i for i in range(at + 1, len(items)) if kinds[i] == "lead"), None)
                if lead is not None and _restarts(block):
                    del items[lead + 1 :]  # a new list under the lead-in
                else:
                    del items[at:]
            elif kind != "bul":
                # a numbered item is no bullet's child ("- ...", then "1.1. Tiểu ban ...", then
                # its own bullets), unless the bullet announces it ("- ... như sau:")
                while items and items[-1][0] == "bul" and not _announces(items[-1][1].block):
                    items.pop()
            parent = items[-1][1] if items else parent_heading
            path = [*(items[-1][1].path if items else [])]
            if kind == "bul":
                key = (id(parent), tuple(path))
                bullets[key] = bullets.get(key, 0) + 1
                label = f"-{bullets[key]}"
            else:
                label = block.label.lower() if kind == "let" else block.label
            if kind == "dec" and path and label.startswith(path[-1] + "."):
                label = label[len(path[-1]) + 1 :]  # "2.1" under "2." is its item 1
            node.path = [*path, label]
            (parent.children if parent else roots).append(node)
            items.append((kind, node))
            continue
        if CLOSING.match(block.text):
            items = []
        elif _announces(block):  # a lead-in after bullets that announced nothing closes them
            while items and items[-1][0] == "bul" and not _announces(items[-1][1].block):
                items.pop()
        if not CLOSING.match(block.text) and _announces(block) and "lead" in [k for k, _ in items]:
            # a new lead-in after the list of an earlier one ("Kính gửi: - ... - ..." then
            # "... đề nghị thực hiện một số nội dung sau:"): the earlier list is over
            last = max(i for i, (k, _) in enumerate(items) if k == "lead")
            if last == len(items) - 1 or items[-1][0] == "bul" or _recipients(items[last][1]):
                del items[last:]
        parent = items[-1][1] if items else parent_heading
        (parent.children if parent else roots).append(node)
        if block.text.rstrip(" *").endswith(":"):
            node.path = [*(items[-1][1].path if items else [])]
            items.append(("lead", node))
    return roots


_FIRST_LABELS = {"1", "a", "i", "01"}
CLOSING = re.compile(
    r"(?i:^(?:với\s+(?:các|những)\s+(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung)|trên\s+đây"
    r"|quá\s+trình\s+(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)|trong\s+quá\s+trình"
    r"|(?:kế\s+hoạch|chỉ\s+thị|nghị\s+quyết|quyết\s+định|công\s+văn|văn\s+bản|thông\s+báo"
    r"|kết\s+luận|hướng\s+dẫn)\s+này\b))"
)


def _announces(b: Block) -> bool:
    return b.text.rstrip(" *").endswith(":")


def _recipients(node: Node) -> bool:
    return bool(re.match(r"(?i:kính\s+gửi|đồng\s+kính\s+gửi|nơi\s+nhận)", node.block.text))


def _headline(b: Block) -> bool:
    """An item whose own text is a heading ("2 . Nâng cao chất lượng ...") or a lead-in."""
    body = b.body.rstrip(" *")
    return bool(body) and (
        body.endswith(":") or (len(body) < 160 and not body.endswith((".", ";")))
    )


def _restarts(block: Block) -> bool:
    return block.kind == "bul" or block.label.lower() in _FIRST_LABELS


# Kinds of text whose sections are the work they assign, unless a heading says otherwise.
ASSIGNING_KINDS = {
    "ke_hoach", "huong_dan", "chi_thi", "ket_luan", "thong_bao", "chuong_trinh", "de_an",
    "phuong_an", "cong_van", "cong_dien",
}  # fmt: skip
_TITLES = {
    "kế hoạch": "ke_hoach", "hướng dẫn": "huong_dan", "chỉ thị": "chi_thi",
    "kết luận": "ket_luan", "thông báo": "thong_bao", "thông báo kết luận": "thong_bao",
    "chương trình": "chuong_trinh", "chương trình hành động": "chuong_trinh", "đề án": "de_an",
    "phương án": "phuong_an", "công văn": "cong_van", "công điện": "cong_dien",
    "quyết định": "quyet_dinh", "nghị quyết": "nghi_quyet", "báo cáo": "bao_cao",
    "tờ trình": "to_trinh", "quy định": "quy_dinh", "quy chế": "quy_che",
    "nghị định": "nghi_dinh", "thông tư": "thong_tu", "luật": "luat",
}  # fmt: skip


_VV = re.compile(r"(?:^|\s)(?i:v/v)\s")  # "V/v triển khai ...": an official letter's subject
_INLINE_TITLE = re.compile(
    r"(?i:(?P<type>"
    + "|".join(
        sorted((re.escape(k).replace("\\ ", r"\s+") for k in _TITLES), key=len, reverse=True)
    )
    + r")\s+(?:về|v/v|quy\s+định|ban\s+hành|thực\s+hiện|triển\s+khai|sửa\s+đổi)\b)"
)


def _document_kind(blocks: list[Block]) -> str | None:
    """The kind a text's title block gives ("KẾ HOẠCH", "V/v ..." for an official letter, or a
    first line in sentence case: "Chỉ thị về thực hiện nhiệm vụ ...")."""
    for i, b in enumerate(blocks[:60]):
        key = " ".join(b.text.lower().strip(" .:*").split())
        if key in _TITLES and (b.heading or b.bold or b.text.isupper()):
            return _TITLES[key]
        inline = _INLINE_TITLE.match(b.text) if i < 3 else None
        if inline:
            return _TITLES[" ".join(inline["type"].lower().split())]
        if (
            _VV.search(b.text)
            and len(b.text) < 300
            and any(re.match(r"(?i:số\s*:?\s*\d)", x.text) for x in blocks[:60])
        ):
            return "cong_van"
    return None


_PLACEHOLDER = re.compile(
    r"\.{3,}\s*/\s*\.{3,}|…\s*/\s*…|\[[^\]]{2,40}\]|\(\*+\)|\.{6,}|…{3,}"
    r"|(?i:\((?:nêu|ghi)\s+(?:rõ|tên)|\(tên\s+(?:cơ\s+quan|đơn\s+vị)|\(\d\)\s*$)"
)


# A form or an annex after the text ("Mẫu số 01", "Biểu mẫu 02", "PHỤ LỤC I"): no work in it.
_FORM = re.compile(
    r"(?i:^(?:mẫu|biểu\s+mẫu|biểu)\s+(?:số\s+)?\d{1,3}\b|^phụ\s+lục\b(?=.{0,60}$))", re.S
)


def _template(blocks: list[Block]) -> bool:
    """A form to fill in ("Số: .../QĐ-...", "ngày .../.../...", "[tên đơn vị]"): no work."""
    return sum(1 for b in blocks if _PLACEHOLDER.search(b.text)) >= 2


def _body(blocks: list[Block]) -> list[Block]:
    """The blocks of the text's body: recipients and signature blocks are left out, and so is
    what follows them, except a part attached to the text ("KẾ HOẠCH ... (Ban hành kèm theo
    Quyết định ...)")."""
    out: list[Block] = []
    tail = False
    for i, b in enumerate(blocks):
        if not tail and i > 3 and (BODY_END.match(b.text) or _FORM.match(b.text)):
            tail = True
            continue
        if tail:
            key = " ".join(b.text.lower().strip(" .:*").split())
            if key in _TITLES and b.text.isupper() and not _template(blocks[i : i + 6]):
                tail = False
                b.part = True
            else:
                continue
        out.append(b)
    return out


# ---------------------------------------------------------------------------------------------
# The whole outline


@dataclass(slots=True)
class Outline:
    """A text's structure. Offsets are into the cleaned text."""

    blocks: list[Block]
    roots: list[Node]
    kind: str | None  # the kind its title gives ("ke_hoach"), or None (news, reports ...)
    wrapped: bool
    title: tuple[int, int] | None = None  # the title block ("KẾ HOẠCH\nThực hiện ...")
    preamble: tuple[int, int] | None = None  # from the title to the first section or item
    purpose: list[tuple[int, int]] = field(default_factory=list)  # "I. MỤC ĐÍCH, YÊU CẦU"
    articles: list[tuple[int, int]] = field(default_factory=list)  # a normative text's "Điều"

    def zone(self, pos: int) -> str | None:
        """ "title", "preamble", "purpose" or "article" (an article of a normative text, which
        amends, replaces or repeals in the text's own name) for a position where the text
        speaks of itself."""
        for name, span in (("title", self.title), ("preamble", self.preamble)):
            if span and span[0] <= pos < span[1]:
                return name
        if any(a <= pos < b for a, b in self.purpose):
            return "purpose"
        if any(a <= pos < b for a, b in self.articles):
            return "article"
        return None


def outline(cleaned: CleanText, kind: str | None = None) -> Outline:
    """The outline of a cleaned text.

    >>> from directive_graph.graph.text import clean
    >>> text = "KẾ HOẠCH\\nThực hiện Kết luận số 21-KL/TW\\n\\nI. NHIỆM VỤ\\n1. Quán triệt."
    >>> o = outline(clean(text))
    >>> o.kind, [n.block.text for n in o.roots]
    ('ke_hoach', ['KẾ HOẠCH', 'I. NHIỆM VỤ'])
    >>> text[slice(*o.title)]
    'KẾ HOẠCH\\nThực hiện Kết luận số 21-KL/TW'

    """
    s = cleaned.text
    lines = _lines(s)
    blocks = _body(_blocks(s, lines))
    kind = kind or _document_kind(blocks)
    result = Outline(blocks, _outline(blocks, _wrapped(lines)), kind, _wrapped(lines))
    if kind:
        _zones(result)
    else:
        _opening(result)
    return result


# Kinds whose articles act in the text's own name ("Điều 5. Bãi bỏ khoản 2 Điều 7 của ...").
NORMATIVE_KINDS = {"nghi_quyet", "quyet_dinh", "nghi_dinh", "thong_tu", "luat", "quy_dinh"}
_PURPOSE = re.compile(r"(?i:^(?:[IVX]{1,4}\s*[.\-/:]\s*|\d{1,2}\s*[.)]\s*)?mục\s+đích)")
_STRUCTURE = ("rom", "art", "chap", "num", "paren", "dec", "let")


def _zones(result: Outline) -> None:
    """Where a titled text speaks of itself: its title, its preamble, its purpose section."""
    blocks = result.blocks
    title_at = next((i for i, b in enumerate(blocks[:60]) if _title_kind(b) == result.kind), None)
    if title_at is None:
        v = next((i for i, b in enumerate(blocks[:60]) if _VV.search(b.text)), None)
        if v is None:
            return
        title_at = v
    end = title_at + 1
    while (
        end < len(blocks)
        and blocks[end].heading
        and blocks[end].kind is None
        and (is_caps(blocks[end].text) or blocks[end].bold)
        and not rx.MOTTO.match(blocks[end].text)  # a letter's V/v line, then the national motto
    ):
        end += 1
    # a title in sentence case right under the type word ("Thực hiện Kết luận số 21-KL/TW")
    if (
        end < len(blocks)
        and blocks[end].kind is None
        and not blocks[end].heading
        and (
            end == title_at + 1
            and len(blocks[end].text) < 300
            and not blocks[end].text.endswith((".", ":", ";"))
        )
    ):
        end += 1
    result.title = (blocks[title_at].start, blocks[end - 1].end)
    first = next(
        (i for i in range(end, len(blocks)) if blocks[i].kind in _STRUCTURE
         or (blocks[i].heading and re.match(r"(?i:quyết\s+(?:định|nghị)|nghị\s+quyết)\s*:?$",
                                            blocks[i].text) is None and blocks[i].kind)),
        len(blocks),
    )  # fmt: skip
    if first > end:
        result.preamble = (blocks[end].start, blocks[first - 1].end)
    for node in _walk_nodes(result.roots):
        b = node.block
        if (b.heading and _PURPOSE.match(b.text)) or (
            b.kind in _STRUCTURE and _PURPOSE.match(b.text)
        ):
            result.purpose.append((b.start, _subtree_end(node)))
        if b.kind == "art" and result.kind in NORMATIVE_KINDS:
            result.articles.append((b.start, _subtree_end(node)))


# The sentence that opens a text's own instructions, its issuer speaking: "..., Bộ Chính trị,
# Ban Bí thư yêu cầu các cấp uỷ ... thực hiện tốt các nội dung sau:", "Ủy ban nhân dân tỉnh chỉ
# đạo như sau:" (a report's "Hội nghị thống nhất triển khai các nhiệm vụ sau:" is not one).
_OWN_VOICE = re.compile(
    r"(?:Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|Ban\s+Chấp\s+hành\s+Trung\s+ương|Ban\s+Thường\s+vụ"
    r"|Thường\s+trực|Ủy\s+ban\s+nhân\s+dân|UBND|Chính\s+phủ|Thủ\s+tướng|Tỉnh\s+ủy|Thành\s+ủy"
    r"|Huyện\s+ủy|Đảng\s+ủy|Hội\s+đồng\s+nhân\s+dân)(?:\s+[^\W\d_]+){0,3}?\s+"
    r"(?i:(?:yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|giao|kết\s+luận|có\s+ý\s+kiến|chỉ\s+thị)\b"
    r"[^.:;]{0,300}?(?:như\s+sau|(?:các|những)\s+(?:nội\s+dung|nhiệm\s+vụ|việc|vấn\s+đề"
    r"|giải\s+pháp|yêu\s+cầu)(?:\s+[^\W\d_]+){0,6}?\s+(?:sau\s+đây|sau))\s*:$)"
)


def _opening(result: Outline) -> None:
    """The preamble of a text with no title of its kind (a conclusion copied without its
    heading, as news sites print it whole): the paragraph before its first section in which its
    issuer opens its own instructions ("Để bảo đảm thực hiện ... Kết luận số 121-KL/TW ..., Bộ
    Chính trị, Ban Bí thư yêu cầu ... các nội dung sau:"). A report or a page that introduces a
    list in its own words has no such sentence."""
    blocks = result.blocks
    for b in blocks[:12]:
        if b.kind is not None or b.heading:
            break
        if _OWN_VOICE.search(b.text):
            result.preamble = (b.start, b.end)  # (the last such paragraph)


def _title_kind(b: Block) -> str | None:
    key = " ".join(b.text.lower().strip(" .:*").split())
    if key in _TITLES and (b.heading or b.bold or b.text.isupper()):
        return _TITLES[key]
    inline = _INLINE_TITLE.match(b.text)
    return _TITLES[" ".join(inline["type"].lower().split())] if inline else None


# "(Kèm theo Quyết định số 842/QĐ-TTg ...)", "(Ban hành kèm theo Nghị quyết số ...)": the line
# under the title of a document issued with the text
_ATTACHED = re.compile(
    r"(?i:\(\s*(?:ban\s+hành\s+)?kèm\s+theo\s+(?:quyết\s+định|nghị\s+quyết|thông\s+tư"
    r"|nghị\s+định|chỉ\s+thị|công\s+văn|kế\s+hoạch)\b)"
)


def attached_kind(node: Node) -> str | None:
    """The kind of a document issued with the text, at its title: "ke_hoach" for "KẾ HOẠCH"
    over "(Kèm theo Quyết định số ...)"; "" for a title of another kind (a regulation, an
    annex: "PHỤ LỤC I"); None for a block that is no such title."""
    b = node.block
    if b.part:  # after the text's signature ("KẾ HOẠCH" over what it issues)
        return _title_kind(b) or ""
    if not b.heading or b.kind is not None:
        return None
    near = [b.text] + [c.block.text for c in node.children[:3] if c.block.kind is None]
    if not any(_ATTACHED.search(t) for t in near):
        return None
    return _title_kind(b) or ""


def _walk_nodes(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from _walk_nodes(n.children)


def _subtree_end(node: Node) -> int:
    end = node.block.end
    for child in node.children:
        end = max(end, _subtree_end(child))
    return end
