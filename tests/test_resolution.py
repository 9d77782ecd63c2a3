"""Resolution of references to one directive each, with ambiguity kept rather than guessed."""

from __future__ import annotations

import pytest

from directive_graph.graph.registry import Registry
from directive_graph.loaders import extract_citations
from directive_graph.loaders.resolve import DocumentContext, resolve


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def ids(text: str, registry: Registry, issued_on: str | None = None, locality: str | None = None):
    refs = resolve(extract_citations(text), DocumentContext("doc-t", issued_on, locality), registry)
    return [(r.node_id, sorted(r.candidates)) for r in refs]


AMBIGUOUS_18 = (None, ["18-nq-tw-2017", "18-nq-tw-2022"])

CASES = [
    # the term decides between the two 18-NQ/TW
    ("Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương khóa XII", None, [("18-nq-tw-2017", [])]),
    (
        "Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương khóa XIII",
        None,
        [("18-nq-tw-2022", [])],
    ),
    # a stated date decides
    ("Nghị quyết số 18-NQ/TW ngày 16/6/2022", None, [("18-nq-tw-2022", [])]),
    # the document's own date: a 2019 text cannot cite the 2022 resolution
    ("Tiếp tục thực hiện Nghị quyết số 18-NQ/TW.", "2019-03-01", [("18-nq-tw-2017", [])]),
    # nothing decides: unresolved, both candidates listed, never merged
    ("Tiếp tục thực hiện Nghị quyết số 18-NQ/TW.", "2025-03-01", [AMBIGUOUS_18]),
    ("Tiếp tục thực hiện NQ 18.", None, [AMBIGUOUS_18]),
    # a short form takes the year of the same document's full citation
    (
        "Nghị quyết số 18-NQ/TW ngày 16/6/2022 về đất đai. Quán triệt NQ 18 đến chi bộ.",
        None,
        [("18-nq-tw-2022", []), ("18-nq-tw-2022", [])],
    ),
    # a plenum reference resolves through the registry
    ("Kết luận Hội nghị Trung ương 4 khóa XIII", None, [("21-kl-tw-2021", [])]),
    # the fifth plenum of term XIII adopted several resolutions: the subject decides
    (
        "Nghị quyết Trung ương 5 khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và "
        "nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới",
        None,
        [("21-nq-tw-2022", [])],
    ),
    # congress resolutions have their own ids
    ("Nghị quyết Đại hội XIII của Đảng", None, [("dh-xiii", [])]),
    # a dated citing conclusion bounds what it reviews (2020 cannot review a 2022 resolution)
    (
        "Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị về kết quả 2 năm thực hiện "
        "Nghị quyết số 19-NQ/TW",
        None,
        [("74-kl-tw-2020", []), ("19-nq-tw-2017", [])],
    ),
    # state codes carry their year
    ("Nghị định số 15/2020/NĐ-CP", None, [("15-2020-nd-cp", [])]),
    # laws by name: title and year (the registry's law of that name and year)
    ("Luật Cán bộ, công chức năm 2008", None, [("22-2008-qh12", [])]),
    # a law the registry does not hold keeps an id made of its name and year
    ("Luật Cán bộ năm 2008", None, [("luat-can-bo-2008", [])]),
    # named without a year: the version in force on the document's date
    ("Căn cứ Luật Đất đai;", "2015-03-01", [("45-2013-qh13", [])]),
    ("Căn cứ Luật Đất đai;", "2025-03-01", [("31-2024-qh15", [])]),
    ("Căn cứ Luật Lưu trữ;", "2025-03-01", [("1-2011-qh13", [])]),
    ("Căn cứ Luật Lưu trữ;", "2025-08-01", [("33-2024-qh15", [])]),
    # a name one slip away from the law passed on the day it gives (a conversion slip)
    ("Căn cứ Luật Thuế đô ngày 28 tháng 6 năm 2024;", None, [("39-2024-qh15", [])]),
    # ... but not a name further away, nor a near name of another day
    ("Căn cứ Luật Thuế ngày 28 tháng 6 năm 2024;", None, [("luat-thue-2024", [])]),
    ("Căn cứ Luật Thuế đô ngày 27 tháng 6 năm 2024;", None, [("luat-thue-do-2024", [])]),
    # two laws of one name passed in one year: the date says which
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        None,
        [("72-2025-qh15", [])],
    ),
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        None,
        [("65-2025-qh15", [])],
    ),
    # word-segmented text, its comma set apart: the law's name ends where a law's name does
    (
        "theo quy_định của Luật Dân_quân_tự_vệ , coi_trọng sử_dụng cán_bộ .",
        "2015-01-01",
        [("43-2009-qh12", [])],
    ),
]


@pytest.mark.parametrize(("text", "issued_on", "expected"), CASES)
def test_resolution(text, issued_on, expected, registry):
    assert ids(text, registry, issued_on) == expected


def test_local_documents_are_scoped_to_their_province(registry):
    text = "Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy"
    assert ids(text, registry, locality="Bắc Ninh") == [("14-kh-tu-bac-ninh-2025", [])]
    assert ids(text, registry, locality="Cà Mau") == [("14-kh-tu-ca-mau-2025", [])]
    # without a known province the id is tied to the document, never merged across provinces
    assert ids(text, registry) == [("14-kh-tu-doc-t-2025", [])]


def test_issuer_place_in_the_citation_wins(registry):
    text = "Kế hoạch số 75/KH-UBND ngày 09/7/2018 của UBND tỉnh Sóc Trăng"
    assert ids(text, registry, locality="Cần Thơ") == [("75-kh-ubnd-soc-trang-2018", [])]


def test_a_text_without_a_date_names_the_law_in_force_when_it_was_written(registry):
    """A text with no date of its own (a news page, a text without its letterhead) was written
    no earlier than the dated documents it cites: "Luật Đất đai" beside a conclusion of
    24/01/2025 is the 2024 law (in force from 01/08/2024); with nothing dated beside it, the
    version stays unknown."""
    from directive_graph.loaders.resolve import latest_cited

    text = "Thực hiện Kết luận số 121-KL/TW, ngày 24/01/2025 và Luật Đất đai, các cơ quan rà soát."
    citations = extract_citations(text)
    ctx = DocumentContext("doc", reading_date=latest_cited(citations))
    law = next(r for r in resolve(citations, ctx, registry) if "Đất đai" in r.citation.text)
    assert law.node_id == "31-2024-qh15"
    alone = extract_citations("Các cơ quan rà soát Luật Đất đai.")
    (ref,) = resolve(alone, DocumentContext("doc", reading_date=latest_cited(alone)), registry)
    assert ref.node_id != "31-2024-qh15" and ref.node_id != "45-2013-qh13"
