"""PDF input: text PDFs read page by page into NFC text with page starts; scans, locked,
damaged and over-long PDFs refused in one line that says what to do; .doc refused with the
conversion to run.

The PDFs are made here: chromium prints HTML pages of our own (a plan in the style of a
provincial party committee's), and a few broken or locked ones are written byte by byte.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import unicodedata
from pathlib import Path

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders import documents, extract_citations
from directive_graph.loaders.documents import (
    SUPPORTED,
    DocumentError,
    document_text,
    iter_documents,
    page_of,
    read_document,
)
from directive_graph.loaders.load import load_paths

CHROMIUM = "/usr/bin/chromium"

# (paragraphs of page 1, paragraphs of page 2): our own text, not a real plan
PAGE_1 = [
    "TỈNH ỦY QUẢNG TRỊ",
    "Số: 57-KH/TU",
    "Quảng Trị, ngày 14 tháng 3 năm 2024",
    "KẾ HOẠCH thực hiện Kết luận số 21-KL/TW",
    "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Hội nghị lần thứ tư Ban Chấp hành "
    "Trung ương Đảng khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; "
    "căn cứ Quy định số 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy xây "
    "dựng kế hoạch triển khai trên địa bàn tỉnh như sau.",
    "1. Các huyện ủy, thị ủy, thành ủy quán triệt sâu sắc Nghị quyết số 18-NQ/TW ngày 25/10/2017 "
    "về tiếp tục đổi mới, sắp xếp tổ chức bộ máy; chú trọng kiểm điểm, đánh giá việc ngăn chặn, "
    "đẩy lùi suy thoái tư tưởng chính trị, đạo đức, lối sống trong cán bộ, đảng viên.",
]
PAGE_2 = [
    "2. Ủy ban nhân dân tỉnh chỉ đạo thực hiện Nghị định số 33/2023/NĐ-CP ngày 10/6/2023 của "
    "Chính phủ quy định về cán bộ, công chức cấp xã; báo cáo kết quả về Ban Thường vụ Tỉnh ủy "
    "trước ngày 15 tháng 12 hằng năm.",
    "3. Giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Ủy ban Kiểm tra Tỉnh ủy theo dõi, đôn đốc, "
    "định kỳ sơ kết việc thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị và Hướng dẫn "
    "số 12-HD/BTCTW ngày 06/6/2022 của Ban Tổ chức Trung ương.",
]
STYLE = 'body{font-family:"DejaVu Serif";font-size:13pt;margin:2cm} p{text-align:justify}'


def _html(pages: list[list[str]]) -> str:
    body = "".join(
        f'<section style="{"break-before:page" if i else ""}">'
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</section>"
        for i, paragraphs in enumerate(pages)
    )
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{STYLE}</style>'
        f"</head><body>{body}</body></html>"
    )


def _chromium(html: Path, *flags: str) -> None:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         *flags, html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def _print_pdf(folder: Path, stem: str, html: str) -> Path:
    page = folder / f"{stem}.html"
    page.write_text(html, encoding="utf-8")
    pdf = folder / f"{stem}.pdf"
    _chromium(page, f"--print-to-pdf={pdf}")
    return pdf


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of the given objects (1 0 obj is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\n" % (len(objects) + 1, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _drawing_only_pdf() -> bytes:
    """One page with a drawn frame and no text operator at all."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"2 w 50 50 495 742 re S"),
        ]
    )


def _locked_pdf() -> bytes:
    """A PDF encrypted with a user password (the standard handler, RC4 40-bit): the empty
    password does not open it."""
    rng = random.Random(7)
    o, u = (
        bytes(rng.randrange(256) for _ in range(32)),
        bytes(rng.randrange(256) for _ in range(32)),
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            _stream(b"2 w 50 50 495 742 re S"),
            b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>"
            % (o.hex().encode(), u.hex().encode()),
        ],
        trailer=b"/Encrypt 5 0 R /ID [<%s> <%s>]" % ((b"ab" * 16,) * 2),
    )


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """The PDFs (and the plain text of the plan) the tests read."""
    folder = tmp_path_factory.mktemp("pdf")
    plan = _print_pdf(folder, "ke-hoach", _html([PAGE_1, PAGE_2]))
    txt = folder / "ke-hoach.txt"
    txt.write_text("\n".join(PAGE_1 + PAGE_2) + "\n", encoding="utf-8")
    # a scan: a picture of the first page, printed as a page that holds only that picture
    shot = folder / "anh.png"
    _chromium(folder / "ke-hoach.html", f"--screenshot={shot}", "--window-size=800,1100")
    scan_page = folder / "scan.html"
    scan_page.write_text(
        f'<!doctype html><html><body style="margin:0"><img src="{shot.name}" '
        f'style="width:100%"></body></html>',
        encoding="utf-8",
    )
    scan = folder / "scan.pdf"
    _chromium(scan_page, f"--print-to-pdf={scan}")
    # a text page, then a scanned one (an appendix signed and scanned)
    mixed = _print_pdf(
        folder,
        "kem-phu-luc",
        _html([PAGE_1, []]).replace(
            "</section></body>", f'<img src="{shot.name}" style="width:100%"></section></body>'
        ),
    )
    drawing = folder / "khung.pdf"
    drawing.write_bytes(_drawing_only_pdf())
    locked = folder / "khoa.pdf"
    locked.write_bytes(_locked_pdf())
    data = plan.read_bytes()
    cut = folder / "bi-cat.pdf"
    cut.write_bytes(data[: len(data) // 2])
    noise = folder / "nhieu.pdf"
    noise.write_bytes(random.Random(1).randbytes(20_000))
    # a damaged middle but an intact end: the xref points into garbage
    mangled = folder / "hong.pdf"
    mangled.write_bytes(data[:200] + random.Random(2).randbytes(len(data) - 400) + data[-200:])
    return {
        "plan": plan, "txt": txt, "scan": scan, "drawing": drawing, "locked": locked, "cut": cut,
        "noise": noise, "mangled": mangled, "mixed": mixed,
    }  # fmt: skip


def _one_line_error(path: Path) -> str:
    with pytest.raises(DocumentError) as err:
        read_document(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message


# --- text PDFs ---------------------------------------------------------------------------------


def test_pdf_is_supported_and_read_in_nfc(made):
    assert ".pdf" in SUPPORTED
    src = read_document(made["plan"])
    assert src.format == "pdf"
    assert unicodedata.is_normalized("NFC", src.text)
    assert src.sha256 == hashlib.sha256(made["plan"].read_bytes()).hexdigest()
    assert src.issued_on == "2024-03-14"
    assert src.title == "TỈNH ỦY QUẢNG TRỊ"
    # tone marks intact, paragraphs in reading order, wide justified spaces gone
    words = " ".join(src.text.split())
    assert "đẩy lùi suy thoái tư tưởng chính trị, đạo đức, lối sống" in words
    assert (
        words.index("Thực hiện Kết luận") < words.index("1. Các huyện ủy") < words.index("3. Giao")
    )
    assert "  " not in src.text


def test_citations_from_the_pdf_match_those_from_the_same_text(made):
    def found(text: str) -> list[tuple[str | None, str]]:
        return [(c.code, str(c.kind)) for c in extract_citations(text)]

    pdf = read_document(made["plan"])
    txt = read_document(made["txt"])
    assert found(pdf.text) == found(txt.text)
    assert {code for code, _ in found(pdf.text)} >= {
        "57-KH/TU", "21-KL/TW", "144-QĐ/TW", "18-NQ/TW", "33/2023/NĐ-CP", "05-CT/TW",
        "12-HD/BTCTW",
    }  # fmt: skip
    for c in extract_citations(pdf.text):  # every span points into the extracted text
        assert pdf.text[c.start : c.end] == c.text


def test_page_starts_map_offsets_to_pages(made):
    src = read_document(made["plan"])
    assert len(src.pages) == 2 and src.pages[0] == 0
    assert src.scanned_pages == ()
    first = src.text.index("Thực hiện Kết luận")
    second = src.text.index("Ủy ban nhân dân tỉnh chỉ đạo")
    assert page_of(src.pages, first) == 1
    assert page_of(src.pages, second) == 2
    assert page_of(src.pages, src.pages[1]) == 2 and page_of(src.pages, src.pages[1] - 1) == 1
    assert src.text[src.pages[1] :].startswith("2. Ủy ban nhân dân tỉnh")
    by_page = {page_of(src.pages, c.start): c.code for c in extract_citations(src.text)}
    assert by_page[2] in ("33/2023/NĐ-CP", "05-CT/TW", "12-HD/BTCTW")


def test_a_scanned_page_in_a_text_pdf_is_listed(made):
    src = read_document(made["mixed"])
    assert len(src.pages) == 2 and src.scanned_pages == (2,)
    assert "Kết luận số 21-KL/TW" in src.text


def test_other_formats_have_no_pages(made):
    src = read_document(made["txt"])
    assert src.pages == () and page_of(src.pages, 10) is None


def test_page_of():
    assert [page_of((0, 10, 10, 25), n) for n in (0, 9, 10, 24, 25, 10**9)] == [1, 1, 3, 3, 4, 4]
    assert page_of((0, 10), -1) is None


def test_codes_broken_at_a_line_end_are_joined():
    text = documents._CODE_BREAK.sub(
        r"\1",
        "Nghị quyết số 18-\nNQ/TW và Nghị định số 33/2023/NĐ-\nCP ngày\nI-\nMỤC TIÊU\n1-\nUBND",
    )
    assert (
        text == "Nghị quyết số 18-NQ/TW và Nghị định số 33/2023/NĐ-CP ngày\nI-\nMỤC TIÊU\n1-\nUBND"
    )


def test_document_text_reads_every_format_for_extract(made, tmp_path):
    assert document_text(made["plan"]) == read_document(made["plan"]).text
    plain = tmp_path / "ghi-chu"  # no suffix: read as UTF-8 text, as `extract` always did
    plain.write_text("Kết luận số 21-KL/TW", encoding="utf-8")
    assert document_text(plain) == "Kết luận số 21-KL/TW"


# --- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["scan", "drawing"])
def test_a_pdf_without_text_layer_asks_for_ocr(made, name):
    message = _one_line_error(made[name])
    assert "has no text layer (a scan)" in message
    assert "ocrmypdf in.pdf out.pdf" in message and "load out.pdf" in message


def test_a_locked_pdf_says_how_to_unlock(made):
    message = _one_line_error(made["locked"])
    assert "password" in message and "qpdf --decrypt" in message


@pytest.mark.parametrize(
    ("name", "words"),
    [("cut", ("cut short", "%%EOF")), ("noise", ("%PDF-",)), ("mangled", ("not a readable PDF",))],
)
def test_a_damaged_pdf_is_one_line(made, name, words):
    message = _one_line_error(made[name])
    assert all(w in message for w in words)
    assert "download it again" in message


def test_an_empty_pdf_file(tmp_path):
    (tmp_path / "rong.pdf").write_bytes(b"")
    assert "%PDF-" in _one_line_error(tmp_path / "rong.pdf")


def test_too_many_pages_are_refused(made, monkeypatch):
    monkeypatch.setattr(documents, "MAX_PDF_PAGES", 1)
    message = _one_line_error(made["plan"])
    assert "more than the 1 read" in message and "split it" in message


def test_a_pdf_that_is_no_regular_file(tmp_path):
    os.mkfifo(tmp_path / "ong.pdf")
    assert "named pipe" in _one_line_error(tmp_path / "ong.pdf")
    assert "no such file" in _one_line_error(tmp_path / "khong-co.pdf")


def test_word_97_is_refused_with_the_conversion(tmp_path):
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    message = _one_line_error(path)
    assert "convert it to .docx" in message
    assert "soffice --headless --convert-to docx FILE" in message


# --- loading a folder --------------------------------------------------------------------------


def test_load_paths_loads_the_good_pdf_and_reports_the_bad(made, tmp_path):
    folder = tmp_path / "van-ban"
    folder.mkdir()
    (folder / "ke-hoach.pdf").write_bytes(made["plan"].read_bytes())
    (folder / "bi-cat.pdf").write_bytes(made["cut"].read_bytes())
    (folder / "scan.pdf").write_bytes(made["scan"].read_bytes())
    assert [p.name for p in iter_documents([folder])] == ["bi-cat.pdf", "ke-hoach.pdf", "scan.pdf"]
    store = EmbeddedStore(tmp_path / "data")
    report = load_paths([folder], store, Registry.load())
    assert report.documents_read == 1
    reasons = {Path(path).name: reason for path, reason in report.failures}
    assert set(reasons) == {"bi-cat.pdf", "scan.pdf"}
    assert "cut short" in reasons["bi-cat.pdf"]
    assert "OCR" in reasons["scan.pdf"]
    loaded = [n for n in store.nodes() if n.props.get("format") == "pdf"]
    assert [Path(n.props["path"]).name for n in loaded] == ["ke-hoach.pdf"]


def test_a_loaded_pdf_keeps_its_pages_and_the_web_view_names_them(made, tmp_path):
    """The Document node holds the page starts; the CLI's `extract` reads the PDF; the web
    view gives each task's evidence its page."""
    import subprocess
    import sys

    from fastapi.testclient import TestClient

    from directive_graph.api.main import create_app
    from directive_graph.api.settings import Settings
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.model import Label
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    store = EmbeddedStore(tmp_path / "data")
    load_paths([made["plan"]], store, Registry.load())
    (doc,) = store.nodes(Label.DOCUMENT)
    assert doc.props["pages"] == list(read_document(made["plan"]).pages)
    out = subprocess.run([sys.executable, "-m", "directive_graph.api.cli", "extract",
                          str(made["plan"])], capture_output=True, check=False)  # fmt: skip
    assert out.returncode == 0 and b"21-KL/TW" in out.stdout
    with TestClient(create_app(Settings(), store=store)) as client:
        html = client.get("/directive/21-kl-tw-2021").text
    assert "(trang 1)" in html or "(trang 2)" in html
