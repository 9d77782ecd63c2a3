"""Files -> text: txt/md keep file offsets, HTML and .docx are rebuilt readably, errors say what to do."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

from directive_graph.graph.errors import InputError
from directive_graph.loaders.documents import (
    SUPPORTED,
    DocumentError,
    SourceDocument,
    iter_documents,
    letterhead_date,
    read_document,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_docx(path, body: str, *, document: bool = True):
    """A minimal .docx: the content types and, unless told otherwise, word/document.xml."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        if document:
            archive.writestr(
                "word/document.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}">'
                f"<w:body>{body}</w:body></w:document>",
            )
    return path


def para(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


# --- plain text and Markdown -------------------------------------------------------------------


def test_txt_keeps_crlf_so_offsets_are_file_offsets(tmp_path):
    text = "Số: 141/KH-UBND\r\nBắc Ninh, ngày 20 tháng 11 năm 2025\r\n\r\nThực hiện Nghị quyết số 66-NQ/TW.\r\n"
    path = write(tmp_path / "ke-hoach.txt", text.encode("utf-8"))
    doc = read_document(path)
    assert isinstance(doc, SourceDocument)
    assert (doc.format, doc.text, doc.path) == ("txt", text, str(path))
    start = doc.text.index("Nghị quyết")
    # the character offset maps back onto the file's bytes unchanged
    assert path.read_bytes()[len(text[:start].encode()) :].startswith("Nghị quyết".encode())
    assert doc.title == "Số: 141/KH-UBND"
    assert doc.issued_on == "2025-11-20"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a "# " heading wins over the letterhead lines above it
        (
            "**ỦY BAN NHÂN DÂN**\n\n# Kế hoạch thực hiện Nghị quyết số 57-NQ/TW #\n",
            "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW",
        ),
        # no heading: the first non-empty line, bold markers dropped
        (
            "\n\n**ỦY BAN NHÂN DÂN TỈNH BẮC NINH**\nSố: 141/KH-UBND\n",
            "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
        ),
        # a Markdown table letterhead: pipes dropped, cells kept apart
        (
            "| **TỈNH ỦY BẮC NINH** | **ĐẢNG CỘNG SẢN VIỆT NAM** |\n|---|---|\n",
            "TỈNH ỦY BẮC NINH ĐẢNG CỘNG SẢN VIỆT NAM",
        ),
        # "## " is not a level-one heading: the first line is taken instead
        ("Thông báo kết luận\n## Phần I\n", "Thông báo kết luận"),
        # a very long first line is cut
        ("Về việc " + "triển khai " * 40, ("Về việc " + "triển khai " * 40)[:200].rstrip()),
        ("   \n\n", None),
    ],
)
def test_markdown_title(tmp_path, text, title):
    doc = read_document(write(tmp_path / "a.md", text.encode("utf-8")))
    assert doc.format == "md"
    assert doc.text == text
    assert doc.title == title
    assert doc.title is None or len(doc.title) <= 200


def test_empty_file_is_fine(tmp_path):
    doc = read_document(write(tmp_path / "empty.txt", b""))
    assert (doc.text, doc.title, doc.issued_on) == ("", None, None)
    assert doc.sha256 == hashlib.sha256(b"").hexdigest()


def test_non_utf8_text_names_the_file(tmp_path):
    path = write(tmp_path / "bao-cao.txt", b"Ngh\xdf quy\xd5t s\xe8 18-NQ/TW")  # TCVN3 bytes
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert isinstance(err.value, InputError)  # callers catch the project's input errors
    assert str(path) in str(err.value)
    assert "UTF-8" in str(err.value)


def test_sha256_is_of_the_bytes_and_stable(tmp_path):
    data = "Thực hiện Nghị quyết số 66-NQ/TW\r\n".encode()
    a = read_document(write(tmp_path / "a.txt", data))
    b = read_document(write(tmp_path / "sub" / "b.md", data))  # another name, same bytes
    c = read_document(write(tmp_path / "c.txt", data.replace(b"\r\n", b"\n")))
    assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
    assert read_document(tmp_path / "a.txt").sha256 == a.sha256  # same on reload
    assert c.sha256 != a.sha256  # only the newline differs


# --- HTML --------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head>
  <meta charset="utf-8">
  <title>Kế hoạch số 141/KH-UBND &ndash; Bắc Ninh</title>
  <style>p { color: red }</style>
  <script>var x = "<p>không phải văn bản</p>";</script>
</head>
<body>
  <h1>KẾ HOẠCH</h1>
  <table><tr><td>Số: 141/KH-UBND</td><td><i>Bắc Ninh, ngày 20 tháng 11 năm 2025</i></td></tr></table>
  <p>Thực hiện <b>Nghị quyết số 18-</b><span><b>NQ/TW</b></span>
     ngày 25/10/2017 &amp; Kết&nbsp;luận số 21-KL/TW;</p>
  <div><p>Mục tiêu:</p><ul><li>Tinh gọn bộ máy</li><li>Hiệu lực,<br>hiệu quả</li></ul></div>
  <br><br><br><br>
  <p>Nơi nhận: như trên.</p>
  <script>document.write("ẩn")</script>
</body></html>
"""


def test_html_reads_as_text(tmp_path):
    doc = read_document(write(tmp_path / "kh.html", HTML.encode("utf-8")))
    assert doc.format == "html"
    assert doc.title == "Kế hoạch số 141/KH-UBND – Bắc Ninh"  # &ndash; decoded
    lines = doc.text.split("\n")
    # inline tags do not break the citation; entities and &nbsp; are decoded
    assert "Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 & Kết luận số 21-KL/TW;" in lines
    assert lines[0] == "KẾ HOẠCH"
    assert "Số: 141/KH-UBND\tBắc Ninh, ngày 20 tháng 11 năm 2025" in lines  # one row, two cells
    assert lines[lines.index("Tinh gọn bộ máy") :][:3] == [
        "Tinh gọn bộ máy",
        "Hiệu lực,",
        "hiệu quả",
    ]
    for hidden in ("color", "không phải", "ẩn", "document.write"):
        assert hidden not in doc.text
    assert "\n\n\n" not in doc.text  # four <br> make at most one blank line
    assert doc.text.endswith("Nơi nhận: như trên.")
    assert doc.issued_on == "2025-11-20"


def test_html_title_falls_back_to_first_h1(tmp_path):
    page = "<html><body><h1>Chỉ thị <em>số 45-CT/TW</em></h1><h1>Phần II</h1></body></html>"
    doc = read_document(write(tmp_path / "ct.HTM", page.encode()))  # suffix case is ignored
    assert (doc.format, doc.title) == ("html", "Chỉ thị số 45-CT/TW")


# "Nghị quyết" in Windows-1258: base letters plus combining tone marks (0xF2 dot below, 0xEC acute).
CP1258_BODY = b"<p>Ngh\x69\xf2 quy\xea\xect s\xf4\xec 18-NQ/TW</p>"


@pytest.mark.parametrize(
    "meta",
    [
        b'<meta charset="windows-1258">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=Windows-1258">',
    ],
)
def test_html_declared_windows_1258_is_decoded(tmp_path, meta):
    path = write(tmp_path / "cu.html", b"<html><head>" + meta + b"</head><body>" + CP1258_BODY)
    doc = read_document(path)
    assert doc.text == "Nghị quyết số 18-NQ/TW"  # recomposed to NFC
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_html_unknown_charset_is_named(tmp_path):
    path = write(tmp_path / "x.html", b'<meta charset="x-vni-dos"><p>Ngh\xe1 quy\xe9t</p>')
    with pytest.raises(DocumentError, match=r"x\.html.*'x-vni-dos'.*UTF-8"):
        read_document(path)


def test_html_without_charset_must_be_utf8(tmp_path):
    path = write(tmp_path / "old.html", b"<p>Ngh\xdf quy\xd5t</p>")  # TCVN3, undeclared
    with pytest.raises(DocumentError, match=r"old\.html: not UTF-8"):
        read_document(path)


# --- Word .docx --------------------------------------------------------------------------------


def test_docx_paragraphs_table_and_title(tmp_path):
    body = (
        para("") + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>TỈNH ỦY BẮC NINH</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Số 141-KH/TU</w:t></w:r></w:p></w:tc>"
        "<w:tc>"
        + para("Bắc Ninh, ngày 20 tháng 11 năm 2025")
        + "</w:tc></w:tr></w:tbl>"
        + para("KẾ HOẠCH", style="Title")
        # a citation split over runs, a tab, a line break; the pPr tab stop is not a tab character
        + '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Thực hiện Nghị quyết số 66-</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>NQ/TW</w:t></w:r>"
        "<w:r><w:tab/><w:t>(2025)</w:t><w:br/><w:t>của Bộ Chính trị</w:t></w:r></w:p>"
        + para("I. Mục đích", style="Heading1")
        + "<w:sectPr/>"
    )
    doc = read_document(make_docx(tmp_path / "kh.docx", body))
    assert doc.format == "docx"
    assert doc.text.split("\n") == [
        "",
        "TỈNH ỦY BẮC NINH",
        "Số 141-KH/TU",
        "Bắc Ninh, ngày 20 tháng 11 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện Nghị quyết số 66-NQ/TW\t(2025)",
        "của Bộ Chính trị",
        "I. Mục đích",
    ]
    assert doc.title == "KẾ HOẠCH"
    assert doc.issued_on == "2025-11-20"


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (para("Mở đầu") + para("Tổ chức thực hiện", style="Heading 2"), "Tổ chức thực hiện"),
        (para("  ") + para("Báo cáo sơ kết") + para("Phần I"), "Báo cáo sơ kết"),  # no heading
        (para("", style="Title") + para("Thông báo"), "Thông báo"),  # an empty Title is skipped
        ("", None),
    ],
)
def test_docx_title_choice(tmp_path, body, title):
    assert read_document(make_docx(tmp_path / "t.docx", body)).title == title


def test_broken_docx_is_refused_with_a_fix(tmp_path):
    fake = write(tmp_path / "cu.docx", "Nghị quyết".encode())  # a renamed text file
    empty = make_docx(tmp_path / "rong.docx", "", document=False)
    for path, why in ((fake, "zip"), (empty, "word/document.xml")):
        with pytest.raises(DocumentError) as err:
            read_document(path)
        message = str(err.value)
        assert message.startswith(f"{path}: not a Word .docx file (")
        assert why in message
        assert "save it as .docx from Word or LibreOffice" in message


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "advice"),
    [("nq.odt", "LibreOffice"), ("cu.DOC", "LibreOffice"), ("bang.xlsx", "convert it")],
)
def test_unsupported_suffix_says_what_to_do(tmp_path, name, advice):
    path = write(tmp_path / name, b"%PDF-1.4")
    with pytest.raises(DocumentError) as err:
        read_document(path)
    message = str(err.value)
    assert message.startswith(f"{path}: unsupported format")
    assert advice in message
    assert all(suffix in message for suffix in SUPPORTED)


def test_unreadable_paths_name_the_reason(tmp_path):
    with pytest.raises(DocumentError, match=r"khong-co\.txt: no such file"):
        read_document(tmp_path / "khong-co.txt")
    (tmp_path / "thu-muc.md").mkdir()
    with pytest.raises(DocumentError, match=r"thu-muc\.md: is a directory"):
        read_document(tmp_path / "thu-muc.md")


# --- letterhead date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("TỈNH ỦY BẮC NINH\nBắc Ninh, ngày 20 tháng 11 năm 2025\n", "2025-11-20"),
        ("Hà Nội, ngày 05/3/2024\n", "2024-03-05"),
        # a hard wrap inside the date, as in text copied from a PDF
        ("Số: 141/KH-UBND\nBắc Ninh, ngày 20\ntháng 11 năm 2025\n", "2025-11-20"),
        # Markdown emphasis around and through it, in a table cell
        ("| Số 07-KL/TU | *Bắc Ninh, ngày 20* *tháng 11 năm 2025* |\n", "2025-11-20"),
        # two columns side by side after a PDF copy
        ("Số: 12/BC-UBND            Tp. Hồ Chí Minh, ngày 1 tháng 2 năm 2023\n", "2023-02-01"),
        ("Thành phố Hồ Chí Minh, ngày 09.01.2024\n", "2024-01-09"),
        # an impossible date is not guessed at
        ("Hà Nội, ngày 31/02/2024\n", None),
        ("Bắc Ninh, ngày 30 tháng 13 năm 2025\n", None),
        # a cited document's date in the body is not the letterhead's
        ("Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương\n", None),
        # a blank form ("ngày ... tháng ... năm") has no date yet
        ("Hà Nội, ngày     tháng     năm 2025\n", None),
        # far below the letterhead
        ("x\n" * 1600 + "Hà Nội, ngày 05/3/2024\n", None),
    ],
)
def test_letterhead_date(text, iso):
    assert letterhead_date(text) == iso


# --- folders -----------------------------------------------------------------------------------


def test_iter_documents_expands_folders_in_a_stable_order(tmp_path):
    root = tmp_path / "van-ban"
    for name in (
        "b.md",
        "a.TXT",
        "c.xlsx",  # in a folder, an unsupported file is left out
        "z/01.docx",
        "z/sub/02.htm",
        "m/03.html",
        ".git/config.txt",  # hidden folder
        ".nhap.txt",  # hidden file
        "z/~$01.docx",  # Word's lock file
    ):
        write(root / name, b"")
    given = write(tmp_path / "le.pdf", b"")  # named explicitly: kept, read_document explains
    found = list(iter_documents([root, str(given)]))
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == [
        "van-ban/a.TXT",
        "van-ban/b.md",
        "van-ban/m/03.html",
        "van-ban/z/01.docx",
        "van-ban/z/sub/02.htm",
        "le.pdf",
    ]
    assert list(iter_documents([root])) == found[:-1]  # same order every time
