"""Files -> text for the extractor: plain text and Markdown exactly, HTML, Word and PDF rebuilt.

Plain text and Markdown keep file offsets (no newline translation), so a citation's span points
into the file. HTML, .docx and PDF have no such offsets: their text is rebuilt one block per line
and handed over in NFC (Windows-1258 pages store tone marks as combining characters); a PDF's
`pages` say where each page starts in that text (`page_of`). The standard library reads HTML
(`html.parser`) and .docx (`zipfile`, ElementTree); pdfminer.six reads PDFs, page by page.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree as ET

from directive_graph.graph.errors import DocumentError
from directive_graph.loaders.reading import (
    DecodeError,
    decode_bytes,
    open_file,
    read_file_bytes,
    read_text,
)
from directive_graph.loaders.regexes import UPPER

SUPPORTED = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
_FORMATS = {
    ".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
}  # fmt: skip
_CONVERT = {  # how to turn a format we refuse into one we read
    ".doc": "convert it to .docx (LibreOffice: `soffice --headless --convert-to docx FILE`)",
    ".rtf": "save it as .docx with Word or LibreOffice (`soffice --convert-to docx`)",
    ".odt": "save it as .docx with LibreOffice (`soffice --convert-to docx`)",
}
TITLE_LIMIT = 200
LETTERHEAD_SPAN = 3000  # the place and date sit in the letterhead, well inside this


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One file as the extractor sees it, plus what identifies it on reload."""

    path: str  # as given
    format: str  # "txt" | "md" | "html" | "docx" | "pdf"
    text: str  # txt/md: the decoded file, offsets = file offsets; html/docx/pdf: rebuilt, NFC
    title: str | None
    sha256: str  # of the file's bytes, so the same file is recognised when loaded again
    issued_on: str | None  # ISO date from the letterhead ("Hà Nội, ngày 05/3/2024")
    # PDF: where each page starts in `text` (pages[0] == 0), for `page_of`; empty for the others
    pages: tuple[int, ...] = ()
    # PDF: the pages (1-based) that are an image with next to no text (scans without OCR)
    scanned_pages: tuple[int, ...] = ()


def page_of(pages: Sequence[int], offset: int) -> int | None:
    """The page (1-based) holding `offset` of a text whose pages start at `pages`; None when the
    text has no pages (not a PDF) or the offset is negative.

    >>> pages = (0, 120, 245)  # SourceDocument.pages of a three-page PDF
    >>> [page_of(pages, offset) for offset in (0, 119, 120, 300)]
    [1, 1, 2, 3]
    >>> page_of((), 42) is None
    True
    """
    if not pages or offset < 0:
        return None
    return max(1, bisect_right(pages, offset))


def read_document(path: str | Path) -> SourceDocument:
    """Read a .txt, .md, .html/.htm, .docx or .pdf file; anything else is refused with a way out."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        how = _CONVERT.get(suffix, "convert it to UTF-8 text or .docx")
        raise DocumentError(
            f"{path}: unsupported format {suffix or '(no suffix)'!r}; "
            f"supported are {', '.join(SUPPORTED)}. To load it, {how}."
        )
    fmt = _FORMATS[suffix]
    if fmt == "pdf":
        return _read_pdf(path)
    data = _read_bytes(path)
    if fmt == "html":
        text, title = _html_text(_decode_html(data, str(path)))
    elif fmt == "docx":
        text, title = _docx_text(data, str(path))
    else:
        text = _decode(data, str(path))
        title = _plain_title(text)
    return SourceDocument(
        path=str(path),
        format=fmt,
        text=text,
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        issued_on=letterhead_date(text),
    )


def document_text(source: str | Path) -> str:
    """The text of a file in any format `read_document` reads, or of standard input for "-"
    (UTF-8 text). A format `load` refuses (.doc, .rtf, .odt) is refused the same way, with the
    conversion to make; a file with another suffix is read as UTF-8 text, as
    `reading.read_text` does (which names what the file is when it is not text)."""
    suffix = Path(source).suffix.lower()
    if str(source) == "-" or (suffix not in _FORMATS and suffix not in _CONVERT):
        return read_text(source)
    return read_document(source).text


def iter_documents(
    paths: Iterable[str | Path], extra_suffixes: tuple[str, ...] = ()
) -> Iterator[Path]:
    """Expand folders (sorted, hidden entries skipped) into readable files; given files pass as is.

    A file named explicitly is yielded whatever its suffix, so `read_document` can say why it
    is refused instead of the file vanishing silently.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, SUPPORTED + extra_suffixes)
        else:
            yield path


def _walk(folder: Path, suffixes: tuple[str, ...] = SUPPORTED) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as e:
        raise DocumentError(f"{folder}: cannot list the folder ({e.strerror}).") from e
    for entry in entries:
        if entry.name.startswith((".", "~$")):  # hidden, or Word's lock file beside an open .docx
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # a linked folder may loop back on itself
                yield from _walk(entry, suffixes)
        elif entry.suffix.lower() in suffixes and (
            entry.is_file()
            or entry.is_symlink()  # a dangling link: reported by the reader, not dropped
            or entry.suffix.lower() in SUPPORTED  # a pipe or device: read_document refuses it
        ):
            yield entry


def _read_bytes(path: Path) -> bytes:
    try:
        return read_file_bytes(path)
    except DecodeError as e:
        raise DocumentError(str(e)) from e


def _decode(data: bytes, name: str) -> str:
    try:
        return decode_bytes(data, name)
    except DecodeError as e:  # one error type for callers; the message already names the file
        raise DocumentError(str(e)) from e


# --- letterhead date ---------------------------------------------------------------------------

_GAP = r"[\s*_]+"  # a space, a line break, or markdown emphasis cutting through the date
_LETTERHEAD = re.compile(
    # at a line start, after a table cell ("|" in Markdown, tab in rebuilt HTML) or after the
    # wide spaces of a two-column letterhead copied from a PDF
    r"(?:^|[|\t]|[ ]{2,})[ \t*_>]*"
    # the place: "Hà Nội", "Bắc Ninh", "Tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh"
    r"[" + UPPER + r"][^\W\d_]*\.?(?:[ \t]+[^\W\d_]+\.?){0,4}[ \t*_]*,[\s*_]*"
    r"(?i:ngày)" + _GAP + r"(?:"
    r"(?P<d>\d{1,2})" + _GAP + r"(?i:tháng)" + _GAP + r"(?P<m>\d{1,2})" + _GAP + r"(?i:năm)"
    r"" + _GAP + r"(?P<y>\d{4})"  # "ngày 20 tháng 11 năm 2025"
    r"|(?P<nd>\d{1,2})(?P<s>[/.-])(?P<nm>\d{1,2})(?P=s)(?P<ny>\d{4})"  # "ngày 05/3/2024"
    r")(?!\d)",
    re.MULTILINE,
)


def letterhead_date(text: str) -> str | None:
    """The date a document gives itself beside its place name; None if absent or impossible."""
    m = _LETTERHEAD.search(unicodedata.normalize("NFC", text[:LETTERHEAD_SPAN]))
    if not m:
        return None
    d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["nd"], m["nm"], m["ny"])
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:  # "ngày 31/02/2024": a typo we do not guess a fix for
        return None


# --- titles ------------------------------------------------------------------------------------

# Only the head of a line can become a title (TITLE_LIMIT characters once spaces are collapsed):
# the patterns capture at most _TITLE_SCAN characters, so a 100 MB single-line file is not copied.
_TITLE_SCAN = 20 * TITLE_LIMIT
_MD_HEADING = re.compile(rf"^#[ \t]+(.{{1,{_TITLE_SCAN}}})", re.MULTILINE)
_RULE_ROW = re.compile(r"[\s|:\-=*_#]*")  # a table rule "|---|:--|" or a "***" line
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines splits
_LINE_HEAD = re.compile(rf"([^{_BREAKS}]{{0,{_TITLE_SCAN}}})[^{_BREAKS}]*(?:\r\n|[{_BREAKS}])?")


def _clip(title: str) -> str | None:
    title = " ".join(title.split())[:TITLE_LIMIT].rstrip()
    return title or None


def _unmark(line: str) -> str:
    """'| **KẾ HOẠCH** | x |' -> 'KẾ HOẠCH x': markdown markers are not part of a title."""
    line = line.replace("**", "").replace("__", "").strip().lstrip("#").rstrip("#")
    return " ".join(cell.strip(" \t*_") for cell in line.split("|") if cell.strip(" \t*_"))


def _plain_title(text: str) -> str | None:
    if m := _MD_HEADING.search(text):
        return _clip(_unmark(m[1]))
    for head in _LINE_HEAD.finditer(text):  # lazily: not text.splitlines() of a huge file
        line = head[1]
        if line.strip() and not _RULE_ROW.fullmatch(line):
            return _clip(_unmark(line))
    return None


# --- HTML --------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BLOCK = frozenset(
    {
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
        "blockquote", "ul", "ol", "dl", "dt", "dd", "header", "footer", "main", "nav", "aside",
        "figure", "figcaption", "address", "pre", "hr", "center", "form", "caption",
    }
)  # fmt: skip
_CELL = frozenset(("td", "th"))
_HIDDEN = frozenset(("script", "style", "noscript", "template"))


def _decode_html(data: bytes, name: str) -> str:
    """Honour a declared charset: explicit metadata, not a guess. Undeclared means UTF-8."""
    m = _META_CHARSET.search(data[:8192])
    charset = m[1].decode("ascii").lower() if m else "utf-8"
    if charset in ("utf-8", "utf8") or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, name)
    try:
        return data.decode(charset)
    except LookupError as e:
        raise DocumentError(
            f"{name}: declares charset {charset!r}, which Python cannot decode; "
            f"re-save the page as UTF-8."
        ) from e
    except UnicodeDecodeError as e:
        raise DocumentError(
            f"{name}: declares charset {charset!r} but byte 0x{data[e.start]:02x} at offset "
            f"{e.start} is not valid in it; fix the <meta charset> or re-save the page as UTF-8."
        ) from e


class _HtmlText(HTMLParser):
    """Collects readable text: one line per block, table cells split by tabs, no scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] | None = None  # the first <h1>, kept for pages without a <title>
        self._hidden = 0
        self._in_head = self._in_title = self._in_h1 = False
        self._pre = 0
        self._line_start = True

    def _break(self) -> None:
        if not self._line_start:
            self.out.append("\n")
            self._line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "head":
            self._in_head = True
        elif tag == "body":  # a page may never close its <head>
            self._in_head = False
        elif tag == "title" and not self.title:  # not an <svg> <title> further down
            self._in_title = True
        elif tag == "h1" and self.h1 is None:
            self.h1, self._in_h1 = [], True
        if tag == "br":
            self.out.append("\n")
            self._line_start = True
        elif tag in _BLOCK:
            self._break()
            if tag == "pre":
                self._pre += 1
        elif tag in _CELL:
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag == "head":
            self._in_head = False
        elif tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK:
            self._break()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if self._hidden or self._in_head or self._in_title:
            return
        if self._pre:
            self.out.append(data)
            self._line_start = data.endswith("\n")
            return
        text = re.sub(r"\s+", " ", data)  # source line breaks are layout, not text
        if text == " " and self._line_start:
            return
        self.out.append(text)
        self._line_start = False
        if self._in_h1 and self.h1 is not None:
            self.h1.append(text)


def _html_text(markup: str) -> tuple[str, str | None]:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines: list[str] = []
    for raw in "".join(parser.out).split("\n"):
        line = re.sub(r" *\t[ \t]*", "\t", re.sub(r" {2,}", " ", raw)).strip(" \t")
        if line or (lines and lines[-1]):  # at most one blank line in a row
            lines.append(line)
    text = unicodedata.normalize("NFC", "\n".join(lines).strip("\n"))
    title = _clip("".join(parser.title)) or _clip("".join(parser.h1 or ()))
    return text, title and unicodedata.normalize("NFC", title)


# --- Word .docx --------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_LIMIT = 256 * 1024 * 1024  # refuse a zip bomb rather than inflate it
# Run and paragraph properties (whose <w:tabs> define tab stops, not tab characters) hold no
# text; a drawing's Fallback repeats the text box already read from its Choice.
_SKIP_IN_PARAGRAPH = {_W + "pPr", _W + "rPr", _MC_FALLBACK}


def _not_docx(name: str, why: str) -> DocumentError:
    return DocumentError(
        f"{name}: not a Word .docx file ({why}); save it as .docx from Word or LibreOffice."
    )


def _docx_text(data: bytes, name: str) -> tuple[str, str | None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > _XML_LIMIT:
                raise _not_docx(name, f"word/document.xml inflates to {info.file_size} bytes")
            root = ET.fromstring(archive.read(info))
    except zipfile.BadZipFile as e:
        raise _not_docx(name, f"not a zip archive: {e}") from e
    except KeyError as e:
        raise _not_docx(name, "no word/document.xml inside") from e
    except ET.ParseError as e:
        raise _not_docx(name, f"word/document.xml is not valid XML: {e}") from e
    except (OSError, EOFError, RuntimeError, zlib.error) as e:
        raise _not_docx(name, f"the archive is damaged: {e}") from e
    body = root.find(_W + "body")
    paragraphs = [
        (style, unicodedata.normalize("NFC", text))
        for style, text in _paragraphs(body if body is not None else root)
    ]
    headings = (text for style, text in paragraphs if _is_heading(style) and text.strip())
    first = next((text for _, text in paragraphs if text.strip()), None)
    title = next(headings, first)
    return "\n".join(text for _, text in paragraphs), title and _clip(title)


def _is_heading(style: str) -> bool:
    style = style.replace(" ", "").lower()
    return style == "title" or style.startswith("heading")


def _paragraphs(element: ET.Element) -> Iterator[tuple[str, str]]:
    """(style, text) per paragraph in reading order; table cells give one paragraph each,
    except in a table of three columns or more (a list of tasks, not a letterhead's two
    columns), whose rows give one line each, cells split by tabs (as HTML tables are read)."""
    for child in element:
        if child.tag == _W + "tbl" and _columns(child) >= 3:
            for row in child.iter(_W + "tr"):
                cells = [
                    " ".join(" ".join(text.split()) for _, text in _paragraphs(cell))
                    for cell in row.findall(_W + "tc")
                ]
                yield "", "\t".join(cells)
        elif child.tag == _W + "p":
            style = child.find(f"{_W}pPr/{_W}pStyle")
            parts: list[str] = []
            _runs(child, parts)
            yield (style.get(_W + "val", "") if style is not None else ""), "".join(parts)
        elif child.tag != _W + "sectPr":  # tables, rows, cells, content controls
            yield from _paragraphs(child)


def _columns(table: ET.Element) -> int:
    """The cells of a table's widest row."""
    return max((len(row.findall(_W + "tc")) for row in table.iter(_W + "tr")), default=0)


def _runs(element: ET.Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "txbxContent":  # a text box (letterheads often sit in one): own lines
            parts.append("\n" + "\n".join(text for _, text in _paragraphs(child)) + "\n")
        elif tag not in _SKIP_IN_PARAGRAPH:
            _runs(child, parts)


# --- PDF ---------------------------------------------------------------------------------------

MAX_PDF_PAGES = 2000  # a longer PDF is refused (split it); pages are read one at a time
_PDF_TAIL = 4096  # a PDF ends in "%%EOF"; a file without it in its last bytes was cut short
_SCAN_LETTERS = 200  # a page mostly covered by an image, with fewer letters than this, is a scan
_OCR = "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then load out.pdf"
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
)
_SPACES = re.compile(r"[ \t]{2,}")  # justified lines come out with wide spaces
_CID = re.compile(r"\(cid:\d+\)")  # a glyph whose font maps it to no character
# A code broken at its hyphen at a line end: "số 18-\nNQ/TW", "33/2023/NĐ-\nCP" -> one piece.
_CODE_BREAK = re.compile(
    r"(\S \d{1,5}-|/[A-ZĐ]{1,8}-)\n(?=[A-ZĐ]{1,10}(?:[/-][A-ZĐ\d]{1,12})*(?![^\W_]))"
)
# A word hyphenated at a line end by the layout (a soft hyphen, or the U+2010 shown for one).
_SOFT_BREAK = re.compile(r"(?<=[^\W\d_]) ?[\u00ad\u2010]\n(?=[^\W\d_])")


def _pdf_error(name: str, why: str) -> DocumentError:
    why = " ".join(why.split())[:200]  # one line, whatever the library said
    return DocumentError(
        f"{name}: not a readable PDF ({why}); download it again, or repair it "
        f"(`qpdf in.pdf out.pdf`) and load out.pdf."
    )


def _read_pdf(path: Path) -> SourceDocument:
    name = str(path)
    try:
        file = open_file(path)
    except DecodeError as e:
        raise DocumentError(str(e)) from e
    with file:
        try:
            digest = hashlib.sha256()
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
            size = file.tell()
            file.seek(0)
            head = file.read(1024)
            file.seek(max(0, size - _PDF_TAIL))
            tail = file.read()
            file.seek(0)
        except OSError as e:
            raise DocumentError(f"{name}: cannot be read ({e.strerror}).") from e
        if b"%PDF-" not in head:
            raise _pdf_error(name, "it does not start with %PDF-, so it is no PDF or is damaged")
        if b"%%EOF" not in tail:
            raise _pdf_error(name, "cut short: it does not end in %%EOF")
        text, pages, scanned = _pdf_text(file, name)
    return SourceDocument(
        path=name,
        format="pdf",
        text=text,
        title=_plain_title(text),
        sha256=digest.hexdigest(),
        issued_on=letterhead_date(text),
        pages=pages,
        scanned_pages=scanned,
    )


def _pdf_text(file: BinaryIO, name: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The text of each page in reading order, joined by blank lines; where each page starts."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    quiet = logging.getLogger("pdfminer")
    if quiet.level == logging.NOTSET:  # its warnings on odd fonts are no news to a user
        quiet.setLevel(logging.ERROR)
    parts: list[str] = []
    starts: list[int] = []
    scanned: list[int] = []
    at = letters = cids = 0
    try:
        document = PDFDocument(PDFParser(file), password="")
        count = _pdf_page_count(document)
        if count is not None and count > MAX_PDF_PAGES:
            raise _too_long(name, f"{count:,} pages")
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if number > MAX_PDF_PAGES:
                raise _too_long(name, "more pages")
            interpreter.process_page(page)
            page_text, image_share = _pdf_page(device.get_result())
            cids += len(_CID.findall(page_text))
            page_text = _CID.sub("", page_text) if cids else page_text
            page_letters = sum(ch.isalpha() for ch in page_text)
            letters += page_letters
            if image_share >= 0.5 and page_letters < _SCAN_LETTERS:
                scanned.append(number)
            if parts and page_text:
                parts.append("\n\n")
                at += 2
            starts.append(at)
            parts.append(page_text)
            at += len(page_text)
    except DocumentError:
        raise
    except PDFPasswordIncorrect as e:
        raise DocumentError(
            f"{name}: the PDF is locked with a password; remove it "
            f"(`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and load out.pdf."
        ) from e
    except PDFEncryptionError as e:
        raise DocumentError(
            f"{name}: the PDF is encrypted in a way that cannot be read ({e}); remove the "
            f"encryption (`qpdf --decrypt in.pdf out.pdf`) and load out.pdf."
        ) from e
    except Exception as e:  # a damaged file can make the parser fail anywhere, in any way
        raise _pdf_error(name, f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) from e
    if not starts:
        raise _pdf_error(name, "it has no pages")
    if cids > letters:
        raise DocumentError(
            f"{name}: its fonts do not say which letters they draw, so the text cannot be read; "
            f"run OCR over it, e.g. `ocrmypdf --force-ocr in.pdf out.pdf`, then load out.pdf."
        )
    if letters == 0 or len(scanned) == len(starts):
        raise DocumentError(f"{name}: has no text layer (a scan): {_OCR}.")
    return "".join(parts), tuple(starts), tuple(scanned)


def _too_long(name: str, found: str) -> DocumentError:
    return DocumentError(
        f"{name}: a PDF of {found}, more than the {MAX_PDF_PAGES:,} read; split it "
        f"(`qpdf --split-pages=1000 in.pdf part.pdf`) and load the parts."
    )


def _pdf_page_count(document: object) -> int | None:
    """The page count the PDF states (its page tree's /Count), or None if it states none."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])  # type: ignore[attr-defined]
    except Exception:  # no page tree: create_pages finds the pages another way, or fails
        return None
    return count if isinstance(count, int) else None


def _pdf_page(layout: object) -> tuple[str, float]:
    """A page's text, one block of lines per text box, and the share of it covered by images."""
    from pdfminer.layout import LTContainer, LTImage, LTTextBox

    x0, y0, x1, y1 = layout.bbox  # type: ignore[attr-defined]
    area = max((x1 - x0) * (y1 - y0), 1.0)
    boxes: list[str] = []
    covered = 0.0

    def walk(container: object) -> None:
        nonlocal covered
        for item in container:  # type: ignore[attr-defined]
            if isinstance(item, LTTextBox):
                block = _pdf_block(item.get_text())
                if block:
                    boxes.append(block)
            elif isinstance(item, LTImage):
                w = min(item.x1, x1) - max(item.x0, x0)
                h = min(item.y1, y1) - max(item.y0, y0)
                covered += max(w, 0) * max(h, 0)
            elif isinstance(item, LTContainer):  # a figure: a form or an image's frame
                walk(item)

    walk(layout)
    text = "\n\n".join(boxes)
    text = _CODE_BREAK.sub(r"\1", _SOFT_BREAK.sub("", text)).replace("\u00ad", "")
    return text, covered / area


def _pdf_block(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw.translate(_LIGATURES))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


__all__ = [
    "MAX_PDF_PAGES",
    "SUPPORTED",
    "DocumentError",
    "SourceDocument",
    "document_text",
    "iter_documents",
    "letterhead_date",
    "page_of",
    "read_document",
]
