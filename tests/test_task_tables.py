"""Tasks listed in a table (loaders/tasktables.py): a plan's list of tasks with the body that
leads each and its timing, as Markdown rows and as an HTML table; tables of targets or counts
give no task.

The plans under tables/ were written for this project in the form of provincial plans that
carry out a Prime Minister's directive (their numbers are invented)."""

from __future__ import annotations

from pathlib import Path

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import read_document
from directive_graph.loaders.load import load_paths
from directive_graph.loaders.tasks import extract_tasks
from directive_graph.queries.catalogue import tasks_implementing

TABLES = Path(__file__).parent / "tables"


def by_ordinal(name: str) -> dict:
    return {t.ordinal: t for t in extract_tasks(read_document(TABLES / name).text)}


def test_a_markdown_table_of_tasks():
    tasks = by_ordinal("ke-hoach-phu-luc.txt")
    rows = {k: v for k, v in tasks.items() if k.startswith("T")}
    assert set(rows) == {"T1.I.1", "T1.I.2", "T1.II.1"}  # (the targets' table gives none)
    first = rows["T1.I.1"]
    assert first.text == "Xây dựng kế hoạch chuyển đổi số của ngành"
    assert first.responsible == ["Sở Khoa học và Công nghệ"]
    assert (first.period["start"], first.deadline) == ("2025-07-01", "2025-09-30")
    assert rows["T1.I.2"].deadline == "2025-09-30"
    assert rows["T1.II.1"].period["text"] == "Năm 2025"
    text = read_document(TABLES / "ke-hoach-phu-luc.txt").text
    assert text[first.start : first.end] == first.text  # its span is its cell
    assert "II.1" in tasks  # the prose list is read as before


def test_an_html_table_of_tasks():
    rows = by_ordinal("ke-hoach-bang.html")
    assert set(rows) == {"T1.1", "T1.2"}
    assert rows["T1.1"].responsible == ["Sở Nông nghiệp và Môi trường"]
    assert rows["T1.1"].deadline == "2025-10-31"


def test_table_tasks_carry_out_what_their_plan_does(tmp_path):
    store = EmbeddedStore(tmp_path / "data")
    load_paths([TABLES], store, Registry.load())
    rows = tasks_implementing(store, "7-ct-ttg-2025")
    found = {(r["task"]["document"].split("-")[3], r["task"]["ordinal"]) for r in rows}
    assert {("phu", "T1.I.1"), ("phu", "T1.II.1"), ("bang", "T1.2")} <= found
    assert all(r["link"]["how"] == "inherited" for r in rows if r["task"]["ordinal"][0] == "T")


def test_a_word_table_of_tasks(tmp_path):
    """A .docx table of three columns or more gives a line per row, cells split by tabs (a
    letterhead's two columns stay paragraphs): its rows are tasks."""
    from tests.test_documents import make_docx, para

    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in cells) + "</w:tr>"

    body = (
        para("KẾ HOẠCH", style="Title")
        + para("Triển khai thực hiện Chỉ thị số 07/CT-TTg ngày 14/3/2025 của Thủ tướng Chính phủ")
        + "<w:tbl>"
        + row("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn")
        + row("1", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Quý IV/2025")
        + "</w:tbl><w:sectPr/>"
    )
    doc = read_document(make_docx(tmp_path / "kh.docx", body))
    assert "1\tSố hóa hồ sơ lưu trữ\tSở Nội vụ\tQuý IV/2025" in doc.text.split("\n")
    (task,) = [t for t in extract_tasks(doc.text) if t.ordinal.startswith("T")]
    assert (task.ordinal, task.responsible, task.deadline) == ("T1.1", ["Sở Nội vụ"], "2025-12-31")


def test_a_line_pointing_to_the_annex_is_no_task():
    """ "II. NHIỆM VỤ CỤ THỂ / (Chi tiết tại Phụ lục kèm theo)": the tasks are the annex's
    rows; the line that points there is none."""
    text = (
        "KẾ HOẠCH\nTriển khai thực hiện Nghị quyết số 66-NQ/TW\n\nII. NHIỆM VỤ CỤ THỂ\n"
        "(Chi tiết tại Phụ lục kèm theo)\n\nIII. TỔ CHỨC THỰC HIỆN\n"
        "Các đơn vị thuộc Bộ chịu trách nhiệm triển khai Kế hoạch này.\n\nPHỤ LỤC\n\n"
        "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n| --- | --- | --- | --- |\n"
        "| 1 | Rà soát các văn bản hướng dẫn thi hành | Cục Kiểm tra văn bản | Quý IV/2025 |\n"
    )
    texts = [t.text for t in extract_tasks(text)]
    assert not any("Phụ lục" in t for t in texts), texts
    assert any(t.startswith("Rà soát các văn bản") for t in texts), texts
