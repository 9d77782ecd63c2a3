"""Tasks where each kind of text puts them, and the links a text states of itself.

Every text under kinds/ was written for this project in the style of a real kind of
text (a Politburo conclusion, an official letter, a People's Council resolution, a decision that
issues a plan, a notice of conclusions); each row says what a reader finds in it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import SourceDocument, read_document
from directive_graph.loaders.load import build_batch, load_paths
from directive_graph.loaders.tasks import extract_tasks, find_deadline
from directive_graph.queries.catalogue import tasks_implementing

KINDS = Path(__file__).parent / "kinds"


def tasks_of(name: str) -> list:
    return extract_tasks(read_document(KINDS / name).text)


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def task_links(text: str, name: str, stated_only: bool = True) -> set[tuple[str, str, str]]:
    """(task ordinal, type, target) of the IMPLEMENTS and REVIEWS links of a text's tasks."""
    src = SourceDocument(name, "txt", text, None, hashlib.sha256(text.encode()).hexdigest(), None)
    batch, _ = build_batch(src, Registry.load())
    return {
        (e.source.rsplit("-", 1)[-1], str(e.type), e.target)
        for e in batch.edges
        if e.source.startswith("task-")
        and e.type in (EdgeType.IMPLEMENTS, EdgeType.REVIEWS)
        and (not stated_only or any(ev.stated for ev in e.evidence))
    }


# (fixture, the ordinals of its tasks, why)
TASK_LISTS = [
    # the numbered conclusions right after "Bộ Chính trị kết luận như sau:", no NHIỆM VỤ heading;
    # item 1 assesses ("đánh giá cao") and is no task
    ("ket-luan-bo-chinh-tri.txt", ["2", "3", "4"]),
    # an official letter's requests after "đề nghị ... một số nội dung sau:"; the recipients
    # under "Kính gửi:" are no tasks
    ("cong-van-de-nghi.txt", ["1", "2", "3"]),
    # the clauses of the execution article; the content articles and the effect are no tasks
    ("nghi-quyet-hdnd-sua-doi.txt", ["d3.1", "d3.2"]),
    # the decision's execution article, then the plan it issues (after the signature); its
    # purposes are no tasks, and neither is the report form at the end
    (
        "quyet-dinh-ban-hanh-ke-hoach.txt",
        ["d3", "II.1", "II.1.a", "II.1.b", "II.2", "II.2.-1", "III.p1"],
    ),
    # a notice of conclusions: the assessment part is none; the tasks and the answers to the
    # province's requests ("Về ...: Giao Bộ Tài chính ...") are
    ("thong-bao-ket-luan.txt", ["II.1", "II.2", "III.1", "III.2"]),
]


@pytest.mark.parametrize("name,ordinals", TASK_LISTS, ids=[r[0] for r in TASK_LISTS])
def test_task_lists_of_every_kind(name, ordinals):
    assert [t.ordinal for t in tasks_of(name)] == ordinals


def test_task_spans_start_at_their_item():
    doc = read_document(KINDS / "cong-van-de-nghi.txt")
    tasks = extract_tasks(doc.text)
    for task in tasks:
        assert doc.text[task.start :].startswith(task.ordinal + ".")
        assert task.text in " ".join(doc.text[task.start : task.end].split())


# (fixture, ordinal, responsible bodies, deadline)
PROPERTIES = [
    # the body asked by "đề nghị ..." in the lead-in, not the one asking
    ("cong-van-de-nghi.txt", "1", ["Ủy ban nhân dân các tỉnh, thành phố"], "2025-06-30"),
    ("cong-van-de-nghi.txt", "3", ["Ủy ban nhân dân các tỉnh, thành phố"], "2025-07-31"),
    # "Giao X ..." names the body
    ("ket-luan-bo-chinh-tri.txt", "3", ["Đảng ủy Chính phủ"], "2025-09-30"),
    # "Về ...: Giao Bộ Tài chính chủ trì": the topic is no body
    ("thong-bao-ket-luan.txt", "III.1", ["Bộ Tài chính"], None),
    # "tổ chức" in lower case is the verb, not part of the name
    ("quyet-dinh-ban-hanh-ke-hoach.txt", "II.2.-1", ["Sở Giáo dục và Đào tạo"], None),
]


@pytest.mark.parametrize("name,ordinal,who,deadline", PROPERTIES)
def test_responsible_bodies_and_deadlines(name, ordinal, who, deadline):
    task = next(t for t in tasks_of(name) if t.ordinal == ordinal)
    assert task.responsible == who
    assert task.deadline == deadline


def test_deadlines_are_not_issue_dates():
    assert find_deadline("hoàn thành chậm nhất ngày 09/3/2025") == "2025-03-09"
    assert find_deadline("trong quý IV/2025") == "2025-12-31"
    assert find_deadline("Nghị định số 15/2020/NĐ-CP ngày 03/02/2020") is None


def links_of(name: str) -> set[tuple[str, str, str]]:
    batch, _ = build_batch(read_document(KINDS / name), Registry.load())
    skip = {EdgeType.MENTIONS, EdgeType.ISSUED_BY, EdgeType.PART_OF, EdgeType.HAS_TASK}
    return {
        (e.source, str(e.type), e.target)
        for e in batch.edges
        if e.type not in skip and e.type is not EdgeType.IS_DIRECTIVE
    }


# (fixture, links that must be there, links that must not, why)
DOCUMENT_LINKS = [
    # the title and preamble state what the conclusion does; a task's citation is no link of
    # the conclusion, and "gắn với" joins without implementing
    (
        "ket-luan-bo-chinh-tri.txt",
        {("140-kl-tw-2025", "IMPLEMENTS", "19-nq-tw-2022")},
        {("140-kl-tw-2025", "IMPLEMENTS", "21-kl-tw-2021")},
    ),
    # a resolution of thành phố Huế amends one of tỉnh Thừa Thiên Huế: the 2022 document keeps
    # the name of 2022, whatever the citing text calls the place
    (
        "nghi-quyet-hdnd-sua-doi.txt",
        {
            ("41-2025-nq-hdnd-hue", "AMENDS", "11-2022-nq-hdnd-thua-thien-hue"),
            ("41-2025-nq-hdnd-hue", "REPLACES", "7-2019-nq-hdnd-thua-thien-hue"),
            ("41-2025-nq-hdnd-hue", "BASED_ON", "72-2025-qh15"),
        },
        # "Xét Tờ trình": a document considered is no basis
        {("41-2025-nq-hdnd-hue", "BASED_ON", "17000-ttr-ubnd-hue-2025")},
    ),
    # the official letter's number is the text's own ("Số: ..."): its preamble's "Thực hiện"
    (
        "cong-van-de-nghi.txt",
        {("5120-bnv-cqdp-2025", "IMPLEMENTS", "45-ct-tw-2025")},
        set(),
    ),
]


@pytest.mark.parametrize("name,present,absent", DOCUMENT_LINKS, ids=[r[0] for r in DOCUMENT_LINKS])
def test_links_a_text_states_of_itself(name, present, absent):
    links = links_of(name)
    assert present <= links
    assert not (absent & links)


@pytest.fixture(scope="module")
def kinds_store(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("kinds"))
    load_paths([KINDS], store, Registry.load())
    return store


def test_inherited_links_need_the_document_to_implement(kinds_store):
    # KL 140's task 2 names KL 21: that task implements it, its siblings do not
    rows = tasks_implementing(kinds_store, "21-kl-tw-2021")
    assert [(r["task"]["ordinal"], r["link"]["how"]) for r in rows] == [("2", "stated")]
    # the whole conclusion implements NQ 19: every task inherits it, with the title's evidence
    rows = tasks_implementing(kinds_store, "19-nq-tw-2022")
    inherited = [r for r in rows if r["link"]["how"] == "inherited"]
    assert {r["task"]["ordinal"] for r in inherited} == {"2", "3", "4"}
    for r in inherited:
        assert r["link"]["stated"] is False and r["link"]["inferred"] is False
        assert r["link"]["via"] == ["140-kl-tw-2025", "19-nq-tw-2022"]
        assert all(ev["text"].lower() == "thực hiện" for ev in r["link"]["evidence"])


def test_the_plan_a_decision_issues_implements_what_its_title_says(kinds_store):
    rows = tasks_implementing(kinds_store, "57-nq-tw-2024")
    ordinals = {r["task"]["ordinal"] for r in rows}
    assert {"II.1.a", "II.1.b", "II.2.-1"} <= ordinals
    assert all(r["link"]["how"] == "inherited" for r in rows)


def test_a_task_to_amend_a_decree_does_not_implement_it(kinds_store):
    rows = tasks_implementing(kinds_store, "57-2018-nd-cp", include_inferred=True)
    assert rows == []
    # nor a notice's answer about amending a decision
    assert tasks_implementing(kinds_store, "1012-qd-ttg-2024", include_inferred=True) == []


def test_task_lines_of_the_decision_plan():
    doc = read_document(KINDS / "quyet-dinh-ban-hanh-ke-hoach.txt")
    lines = [line_of(doc.text, t.start) for t in extract_tasks(doc.text)]
    form = doc.text.index("Mẫu số 01")
    assert all(t.start < form for t in extract_tasks(doc.text))
    assert lines == sorted(lines)


def test_a_review_is_of_the_text_named_right_after_it():
    """ "Tổng kết Nghị quyết số 18-NQ/TW" reviews it; "sơ kết, tổng kết công tác ... theo Quyết
    định số 38/2005/QĐ-BQP" is work done under the decision, not a review of it."""
    text = (
        "KẾ HOẠCH\nCông tác quốc phòng năm 2025\n\nII. NHIỆM VỤ\n\n"
        "1. Thực hiện nghiêm chế độ giao ban, sơ kết, tổng kết công tác quốc phòng theo Quyết "
        "định số 38/2005/QĐ-BQP ngày 06/4/2005 của Bộ trưởng Bộ Quốc phòng.\n"
        "2. Chuẩn bị tổng kết Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung "
        "ương khóa XII.\n"
    )
    links = task_links(text, "ke-hoach.txt")
    assert ("II.1", "IMPLEMENTS", "38-2005-qd-bqp") in links, links
    assert ("II.2", "REVIEWS", "18-nq-tw-2017") in links, links
    assert ("II.1", "REVIEWS", "38-2005-qd-bqp") not in links


def test_a_task_to_amend_a_regulation_on_implementing_the_charter_implements_neither():
    """ "đề xuất sửa đổi, bổ sung Điều lệ Đảng, Quy định về thi hành Điều lệ Đảng": "thi hành"
    is a word of the regulation's title; the task's verb amends."""
    text = (
        "KẾT LUẬN\nCỦA BỘ CHÍNH TRỊ\n\nBộ Chính trị kết luận như sau:\n\n"
        "1. Giao Ban Tổ chức Trung ương chủ trì, phối hợp với Ủy ban Kiểm tra Trung ương rà soát, "
        "đề xuất sửa đổi, bổ sung Điều lệ Đảng, Quy định về thi hành Điều lệ Đảng, báo cáo Bộ "
        "Chính trị trong quý III/2025.\n"
        "2. Các cấp ủy thực hiện nghiêm Điều lệ Đảng.\n"
    )
    links = {
        (ordinal, target.startswith("dieu-le-dang"))
        for ordinal, type_, target in task_links(text, "ket-luan.txt")
        if type_ == "IMPLEMENTS"
    }
    assert ("1", True) not in links, links
    assert ("2", True) in links, links  # (a task that carries the charter out still does)


PROGRAMMES = Path(__file__).parent / "programmes"


@pytest.fixture(scope="module")
def programmes_store(tmp_path_factory) -> EmbeddedStore:
    """A provincial Party committee's action programme ("ĐẢNG BỘ TỈNH NGHỆ AN / TỈNH ỦY", "Số
    25-CTr/TU", "CHƯƠNG TRÌNH HÀNH ĐỘNG thực hiện Nghị quyết số 57-NQ/TW ...") and a ministry's
    answer to a province (written for this project in those forms; the cited numbers, dates and
    titles are real: 57-NQ/TW of 22/12/2024, 01-KH/TW of 31/12/2024, 52-NQ/TW of 27/9/2019, the
    Politburo's; 33/2023/NĐ-CP of 10/6/2023, the Government's)."""
    store = EmbeddedStore(tmp_path_factory.mktemp("programmes"))
    load_paths([PROGRAMMES], store, Registry.load())
    return store


def test_an_action_programme_is_a_programme_of_its_committee(programmes_store):
    node = programmes_store.node("25-ctr-tu-nghe-an-2025")
    assert node is not None
    assert node.props["kind"] == "chuong_trinh"  # "CTr" in the number: no letter
    assert node.props["issuer"] == "Tỉnh ủy Nghệ An"  # the letterhead's committee and province
    # the plan it carries out was the Politburo's alone; "Ban Thường vụ Tỉnh ủy" is the subject
    # of the sentence after it
    assert programmes_store.node("1-kh-tw-2024").props["issuer"] == "Bộ Chính trị"
    # "của UBND tỉnh" in the province's own programme: that province's committee
    decision = programmes_store.node("15-2021-qd-ubnd-nghe-an")
    assert decision.props["issuer"] == "Ủy ban nhân dân tỉnh Nghệ An"
    doc = programmes_store.edges(target="25-ctr-tu-nghe-an-2025", types=(EdgeType.IS_DIRECTIVE,))
    title = programmes_store.node(doc[0].source).props["title"]
    assert title.startswith("Chương trình hành động số 25-CTr/TU thực hiện Nghị quyết số 57-NQ/TW")


def test_the_tasks_of_an_action_programme_carry_out_its_resolution(programmes_store):
    rows = tasks_implementing(programmes_store, "57-nq-tw-2024")
    ordinals = {r["task"]["ordinal"] for r in rows}
    assert {"II.1.a", "II.1.b", "II.2.a", "III.1", "III.2"} <= ordinals, ordinals
    assert all(r["link"]["how"] in ("stated", "inherited") for r in rows)


def test_a_letters_subject_line_stops_at_the_national_motto(programmes_store):
    doc = programmes_store.edges(target="1520-bnv-cqdp-2024", types=(EdgeType.IS_DIRECTIVE,))
    title = programmes_store.node(doc[0].source).props["title"]
    assert title == "Công văn: V/v hướng dẫn thực hiện Nghị định số 33/2023/NĐ-CP"


def test_a_propaganda_guide_guides_and_its_work_is_in_its_last_part(programmes_store):
    """ "HƯỚNG DẪN tuyên truyền Kết luận số 150-KL/TW": the guide GUIDES the conclusion (as
    "Hướng dẫn ... quán triệt, tuyên truyền Nghị quyết ..."); what to say ("NỘI DUNG TUYÊN
    TRUYỀN") and how ("HÌNH THỨC TUYÊN TRUYỀN") are no tasks, "TỔ CHỨC THỰC HIỆN" holds them."""
    guide = "45-hd-btgtu-quang-nam-2025"
    assert programmes_store.node(guide).props["issuer"] == "Ban Tuyên giáo Tỉnh ủy Quảng Nam"
    types = {(str(e.type), e.target) for e in programmes_store.edges(source=guide)}
    assert ("GUIDES", "150-kl-tw-2025") in types, types
    assert ("IMPLEMENTS", "150-kl-tw-2025") not in types
    doc = programmes_store.edges(target=guide, types=(EdgeType.IS_DIRECTIVE,))[0].source
    tasks = [programmes_store.node(e.target) for e in programmes_store.edges(source=doc)
             if e.type is EdgeType.HAS_TASK]  # fmt: skip
    assert sorted(t.props["ordinal"] for t in tasks) == ["IV.1", "IV.2", "IV.3"]


def test_tasks_listed_inline_after_a_request_are_each_a_task():
    """A news report of a meeting's conclusion: "... đồng chí yêu cầu trong năm tới cần tập
    trung thực hiện tốt một số nhiệm vụ như: A; B; C" gives three tasks; the same list of work
    already done ("đã triển khai các nhiệm vụ như: ...") gives none."""
    text = (
        "Tại hội nghị, các đại biểu nghe báo cáo kết quả công tác năm 2024.\n\n"
        "Kết luận hội nghị, đồng chí Phó Bí thư yêu cầu trong năm tới cần tập trung thực hiện tốt "
        "một số nhiệm vụ như: Tăng cường tuyên truyền trên mạng xã hội theo định hướng của tỉnh; "
        "Thực hiện tốt Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về bảo vệ nền tảng "
        "tư tưởng của Đảng; Xây dựng lực lượng tuyên truyền trên không gian mạng hoạt động hiệu "
        "quả.\n\nNăm qua, huyện đã triển khai các nhiệm vụ như: tuyên truyền trên mạng xã hội; tổ "
        "chức hội nghị báo cáo viên; xây dựng trang thông tin điện tử.\n"
    )
    tasks = extract_tasks(text)
    assert [t.text.split()[0] for t in tasks] == ["Tăng", "Thực", "Xây"], [t.text for t in tasks]
    linked = {
        target
        for _, type_, target in task_links(text, "tin.txt", stated_only=False)
        if type_ == "IMPLEMENTS"
    }
    assert linked == {"35-nq-tw-2018"}


def test_a_congress_sets_the_directions_of_its_term():
    """ "Đại hội đã xác định phương hướng của nhiệm kỳ mới là:" heads the work of the
    term; what it found of the last one ("đã đánh giá kết quả ... là:") is no work."""
    text = (
        "Đại hội lần thứ VIII của Hội diễn ra năm 2005. Đại hội đã đánh giá những kết quả đạt "
        "được của nhiệm kỳ trước là:\n\n- Hoạt động của các cấp Hội được củng cố.\n\n"
        "Đại hội đã xác định phương hướng của nhiệm kỳ mới là:\n\n"
        "- Nâng cao chất lượng hoạt động nghề nghiệp của hội viên.\n"
        "- Củng cố và tăng cường hiệu quả hoạt động của các cấp Hội.\n"
    )
    texts = [t.text for t in extract_tasks(text)]
    assert texts == [
        "Nâng cao chất lượng hoạt động nghề nghiệp của hội viên.",
        "Củng cố và tăng cường hiệu quả hoạt động của các cấp Hội.",
    ], texts
