"""Task extraction and task links: the seed's six tasks, a plan with nested tasks, a report whose
results part is not tasks, and a text with no tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from directive_graph.loaders.tasklinks import key_phrases
from directive_graph.loaders.tasks import extract_tasks, find_period
from directive_graph.queries.catalogue import directives_of_task, tasks_implementing
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def report_store(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("seed"))
    load_paths([REPORT], store, Registry.load())
    return store


def report_tasks(store) -> dict[str, str]:
    return {n.props["ordinal"]: n.id for n in store.nodes() if str(n.label) == "Task"}


def links_of(store, task_id) -> dict[str, tuple[str, bool]]:
    return {e.target: (str(e.type), e.evidence[0].stated) for e in store.edges(source=task_id)}


def test_report_has_six_tasks_for_the_second_half_of_2022(report_text):
    tasks = extract_tasks(report_text)
    assert [t.ordinal for t in tasks] == ["1", "2", "3", "4", "5", "6"]
    assert all(
        t.period == {"start": "2022-07-01", "end": "2022-12-31", "text": "06 tháng cuối năm 2022"}
        for t in tasks
    )
    assert tasks[0].responsible == ["Ban Tổ chức các tỉnh ủy trong Cụm"]
    assert report_text[tasks[1].start :].startswith("2. Tham mưu sơ kết")
    assert not tasks[5].text.startswith("Với những nhiệm vụ")  # the closing paragraph is no task


def test_the_six_tasks_link_their_directives(report_store):
    ids = report_tasks(report_store)
    assert links_of(report_store, ids["1"]) == {
        "21-kl-tw-2021": ("IMPLEMENTS", True),
        "3-kh-tw-2021": ("IMPLEMENTS", True),
        "dh-xiii": ("IMPLEMENTS", True),
    }
    assert links_of(report_store, ids["2"]) == {
        "18-nq-tw-2017": ("REVIEWS", True),
        "28-kl-tw-2022": ("IMPLEMENTS", True),
    }
    assert links_of(report_store, ids["5"]) == {"21-nq-tw-2022": ("IMPLEMENTS", True)}


def test_report_inferred_links_and_nothing_else(report_store):
    ids = report_tasks(report_store)
    inferred = {
        (ordinal, e.target)
        for ordinal, tid in ids.items()
        for e in report_store.edges(source=tid)
        if not e.evidence[0].stated
    }
    assert inferred == {("3", "50-qd-tw-2021"), ("3", "65-qd-tw-2022"), ("4", "58-qd-tw-2022")}
    (edge,) = [e for e in report_store.edges(source=ids["3"]) if e.target == "50-qd-tw-2021"]
    ev = edge.evidence[0]
    assert ev.text == "quy hoạch" and 0 < ev.confidence < 1


def test_stated_links_rank_above_inferred_and_can_be_excluded(report_store):
    ids = report_tasks(report_store)
    links = directives_of_task(report_store, ids["3"])
    assert [lk["inferred"] for lk in links] == sorted(lk["inferred"] for lk in links)
    assert directives_of_task(report_store, ids["3"], include_inferred=False) == []
    rows = tasks_implementing(report_store, "50-qd-tw-2021", include_inferred=False)
    assert rows == []


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("fx"))
    report = load_paths([FIXTURES], store, Registry.load())
    assert report.documents_read == 3 and not report.failures
    return store


def test_plan_with_nested_tasks():
    tasks = extract_tasks(fixture("ke-hoach-thuc-hien-kl21.txt"))
    assert [t.ordinal for t in tasks] == [
        "II.1", "II.1.a", "II.1.b", "II.2", "II.2.-1", "II.2.-2", "II.3", "III.1", "III.2",
    ]  # fmt: skip
    by = {t.ordinal: t for t in tasks}
    assert by["II.1.a"].period == {
        "start": "2022-04-01",
        "end": "2022-06-30",
        "text": "quý II/2022",
    }
    assert by["II.3"].period["start"] == "2021-01-01" and by["II.3"].period["end"] == "2025-12-31"
    assert "Nơi nhận" not in by["III.2"].text and "Lưu" not in by["III.2"].text


def test_plan_tasks_implement_what_the_plan_implements(fixture_store):
    plan = "12-kh-tu-quang-nam-2022"
    assert any(e.target == "21-kl-tw-2021" for e in fixture_store.edges(source=plan))
    direct = tasks_implementing(fixture_store, "21-kl-tw-2021", transitive=False)
    assert [r["task"]["ordinal"] for r in direct] == ["II.1.a"]
    every = tasks_implementing(fixture_store, "21-kl-tw-2021")
    assert {r["task"]["ordinal"] for r in every} >= {"II.1", "II.1.b", "II.2.-1", "III.2"}
    via = {r["task"]["ordinal"]: r["link"]["via"] for r in every}
    assert via["II.1.a"] == [] and via["II.1.b"] == [plan, "21-kl-tw-2021"]
    # stated and direct first
    assert every[0]["task"]["ordinal"] == "II.1.a"


def test_results_part_is_not_tasks():
    tasks = extract_tasks(fixture("bao-cao-ket-qua-va-nhiem-vu.txt"))
    assert [t.ordinal for t in tasks] == ["II.1", "II.2", "II.3"]
    assert all("512 đảng viên" not in t.text for t in tasks)
    assert tasks[1].period == {"start": "2024-10-01", "end": "2024-12-31", "text": "quý IV/2024"}
    assert tasks[0].period["start"] == "2024-01-01"  # the section's year, not the reviewed span


def test_report_task_links(fixture_store):
    rows = tasks_implementing(fixture_store, "50-qd-tw-2021")
    assert [(r["task"]["ordinal"], r["link"]["type"]) for r in rows] == [("II.2", "REVIEWS")]
    # the results part's citations make no task links
    rows = tasks_implementing(fixture_store, "65-qd-tw-2022")
    assert [(r["task"]["ordinal"], r["link"]["type"]) for r in rows] == [("II.1", "IMPLEMENTS")]


def test_text_without_tasks():
    assert extract_tasks(fixture("tin-hoat-dong-khong-co-nhiem-vu.txt")) == []
    assert extract_tasks("") == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("trong 06 tháng cuối năm 2022", "2022-07-01", "2022-12-31"),
        ("6 tháng đầu năm 2023", "2023-01-01", "2023-06-30"),
        ("phương hướng, nhiệm vụ năm 2023", "2023-01-01", "2023-12-31"),
        ("giai đoạn 2021-2025", "2021-01-01", "2025-12-31"),
        ("giai đoạn 2021 – 2025", "2021-01-01", "2025-12-31"),
        ("hoàn thành trong quý III/2025", "2025-07-01", "2025-09-30"),
        ("quý 4 năm 2024", "2024-10-01", "2024-12-31"),
    ],
)
def test_periods(text, start, end):
    period = find_period(text)
    assert (period["start"], period["end"]) == (start, end)


def test_key_phrases_skip_generic_words():
    assert key_phrases("công tác quy hoạch cán bộ") == ["quy hoạch"]
    assert key_phrases("Một số vấn đề bảo vệ chính trị nội bộ Đảng") == ["bảo vệ chính trị nội bộ"]


# Inferred links on labelled pairs written for this test: (task, directive subject, related?).
INFERENCE_PAIRS = [
    (
        "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo nhiệm kỳ 2025-2030.",
        "công tác quy hoạch cán bộ",
        True,
    ),
    (
        "Thực hiện luân chuyển cán bộ lãnh đạo, quản lý giữa các địa phương.",
        "luân chuyển cán bộ",
        True,
    ),
    (
        "Làm tốt công tác bảo vệ chính trị nội bộ, thẩm định tiêu chuẩn chính trị.",
        "Một số vấn đề bảo vệ chính trị nội bộ Đảng",
        True,
    ),
    (
        "Thực hiện tinh giản biên chế gắn với cơ cấu lại đội ngũ.",
        "tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
        True,
    ),
    ("Đẩy mạnh chuyển đổi số trong cơ quan đảng.", "công tác quy hoạch cán bộ", False),
    ("Tổ chức kỷ niệm ngày truyền thống của ngành.", "luân chuyển cán bộ", False),
    (
        "Cử cán bộ đi đào tạo, bồi dưỡng lý luận chính trị.",
        "đối tượng, tiêu chuẩn và phân cấp đào tạo lý luận chính trị",
        False,
    ),
    (
        "Nâng cao chất lượng sinh hoạt chi bộ.",
        "tăng cường củng cố, xây dựng tổ chức cơ sở đảng",
        False,
    ),
    (
        "Kiểm điểm, đánh giá, xếp loại tập thể và cá nhân.",
        "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực hiệu quả",
        False,
    ),
    (
        "Tiếp tục sắp xếp tổ chức bộ máy tinh gọn theo lộ trình.",
        "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực hiệu quả",
        True,
    ),
]


def test_inference_precision_on_labelled_pairs(capsys):
    from directive_graph.graph.model import Citation, Form, Kind
    from directive_graph.loaders.resolve import Reference
    from directive_graph.loaders.tasklinks import infer_links
    from directive_graph.loaders.tasks import TaskItem

    predicted, correct, relevant = 0, 0, sum(1 for *_, rel in INFERENCE_PAIRS if rel)
    for task_text, subject, related in INFERENCE_PAIRS:
        citation = Citation("x", 0, 1, Kind.QUY_DINH, Form.FULL, subject=subject)
        links = infer_links(
            [TaskItem("1", 0, 0, task_text)], [Reference(citation, "d", "test")], []
        )
        if links:
            predicted += 1
            correct += related
    precision, recall = correct / predicted, correct / relevant
    print(
        f"inferred links on {len(INFERENCE_PAIRS)} labelled pairs: precision {precision:.2f}, recall {recall:.2f}"
    )
    assert precision == 1.0 and recall >= 0.75


# a decision issuing a plan, written for this project in the form of the Prime Minister's
# decisions that issue plans to carry out a new law (the numbers are invented)
DECISION_WITH_PLAN = """THỦ TƯỚNG CHÍNH PHỦ
-------
Số: 905/QĐ-TTg
Hà Nội, ngày 02 tháng 9 năm 2025

QUYẾT ĐỊNH
Ban hành Kế hoạch triển khai thi hành Luật Phổ biến, giáo dục pháp luật

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;

Theo đề nghị của Bộ trưởng Bộ Tư pháp.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thi hành Luật Phổ biến, giáo dục pháp luật.

Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.

Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương chịu trách nhiệm thi hành Quyết định này.

KẾ HOẠCH
Triển khai thi hành Luật Phổ biến, giáo dục pháp luật
(Kèm theo Quyết định số 905/QĐ-TTg ngày 02 tháng 9 năm 2025 của Thủ tướng Chính phủ)

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

Xác định nội dung công việc, thời hạn và trách nhiệm của các cơ quan.

II. NỘI DUNG

1. Tổ chức hội nghị quán triệt nội dung của Luật

a) Cơ quan chủ trì: Bộ Tư pháp.

b) Thời gian thực hiện: Quý IV năm 2025.

2. Rà soát các văn bản quy phạm pháp luật có liên quan

Bộ Nội vụ chủ trì, phối hợp với các bộ, ngành rà soát, hoàn thành trước ngày 31 tháng 3 năm 2026.

3. Biên soạn tài liệu giới thiệu Luật

III. TỔ CHỨC THỰC HIỆN

1. Các bộ, cơ quan ngang bộ, Ủy ban nhân dân cấp tỉnh căn cứ Kế hoạch này xây dựng kế hoạch triển khai tại cơ quan, địa phương.

2. Bộ Tư pháp theo dõi, đôn đốc việc thực hiện Kế hoạch này, báo cáo Thủ tướng Chính phủ trước 30/6/2026.
"""


def test_a_plan_issued_with_a_decision_is_read_as_a_plan():
    """A decision that issues a plan ("Ban hành kèm theo Quyết định này Kế hoạch ...", then
    "KẾ HOẠCH / (Kèm theo Quyết định số ...)"): the plan's content items are tasks, each with
    its lead body, period and deadline as the plan writes them (in words as in figures); the
    article that issues the plan is none, the execution article is one, led by the bodies it
    lists."""
    tasks = {t.ordinal: t for t in extract_tasks(DECISION_WITH_PLAN)}
    assert set(tasks) == {"d3", "II.1", "II.2", "II.3", "III.1", "III.2"}
    assert tasks["II.1"].responsible == ["Bộ Tư pháp"]
    assert tasks["II.1"].period is not None and tasks["II.1"].period["start"] == "2025-10-01"
    assert tasks["II.1"].deadline == "2025-12-31"
    assert tasks["II.2"].responsible == ["Bộ Nội vụ"]
    assert tasks["II.2"].deadline == "2026-03-31"  # "trước ngày 31 tháng 3 năm 2026"
    assert tasks["III.2"].deadline == "2026-06-30"  # "trước 30/6/2026"
    assert tasks["d3"].responsible[0].startswith("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ")
    assert tasks["d3"].responsible[0].endswith("trực thuộc trung ương")
