"""Document captions (loaders/titles.py): a line that reports who spoke or what a photo shows is
not a caption; the first sentence of the text's first paragraph is taken instead."""

from __future__ import annotations

import pytest

from directive_graph.graph.text import clean
from directive_graph.loaders.outline import outline
from directive_graph.loaders.titles import document_title

BODY = "Sáng 12/3, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết công tác quý I. Hội nghị đã"


@pytest.mark.parametrize(
    "first",
    [
        "Phát biểu khai mạc hội nghị, đồng chí Bí thư Huyện ủy nhấn mạnh nhiều nội dung",
        "phát biểu chỉ đạo tại buổi làm việc",
        "Ảnh: Quang cảnh buổi làm việc",
        "Đồng chí Chủ tịch UBND huyện phát biểu tại hội nghị",
        "Nguồn: Cổng thông tin điện tử huyện",
    ],
)
def test_a_speech_or_photo_line_is_not_the_caption(first):
    text = f"{first}\n\n{BODY}"
    title = document_title(first, text, outline(clean("x"), None), None)
    assert title == BODY.split(". ")[0] + "."


def test_a_line_that_merely_mentions_a_speech_is_kept():
    first = "Hội nghị sơ kết quý I: nhiều ý kiến phát biểu tâm huyết"
    text = f"{first}\n\n{BODY}"
    assert document_title(first, text, outline(clean("x"), None), None) == first


def test_a_heading_names_a_text_and_a_table_row_does_not():
    text = "# nguồn: trang lưu trữ\n# Hội Nông dân xã\n\n| Chủ tịch Hội nông dân xã | Ông A |\n"
    assert document_title(None, text, outline(clean("x"), None), None) == "Hội Nông dân xã"


def test_an_enacting_body_under_the_title_is_not_part_of_it():
    text = clean(
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH BẮC NINH\n\nNGHỊ QUYẾT\nQUY ĐỊNH MỨC THU PHÍ THAM QUAN\n"
        "TRÊN ĐỊA BÀN TỈNH BẮC NINH\nHỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH\nKHÓA XVII, KỲ HỌP THỨ 5\n\n"
        "Căn cứ Luật Phí và lệ phí;\n"
    )
    title = document_title(None, text.text, outline(text, "nghi_quyet"), None)
    assert title == "Nghị quyết quy định mức thu phí tham quan trên địa bàn tỉnh Bắc Ninh"


def test_a_subject_over_several_lines_is_read_whole_and_a_long_one_cut_between_words():
    text = clean(
        "BAN X\n\nHƯỚNG DẪN\n\nVỀ\nVIỆC NÂNG CAO CHẤT LƯỢNG BẢN TIN TRONG GIAI\nĐOẠN MỚI\n\nNội"
    )
    title = document_title(None, text.text, outline(text, "huong_dan"), None)
    assert title == "Hướng dẫn về việc nâng cao chất lượng bản tin trong giai đoạn mới"
    long = clean(
        "BAN X\n\nKẾ HOẠCH\n"
        + "THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM VỀ PHÁT TRIỂN KINH TẾ\n" * 4
        + "\nI. MỤC ĐÍCH"
    )
    title = document_title(None, long.text, outline(long, "ke_hoach"), None)
    whole = "Kế hoạch " + " ".join(["thực hiện các nhiệm vụ trọng tâm về phát triển kinh tế"] * 4)
    assert len(title) <= 200 and title.endswith(" …")
    assert whole.startswith(title[:-2] + " ")  # cut between two words of the whole title


CONCLUSION = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số 160-KL/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 03 tháng 7 năm 2025

KẾT LUẬN
CỦA BAN BÍ THƯ
về công tác thông tin đối ngoại

Ban Bí thư kết luận như sau:

1. Tiếp tục nâng cao nhận thức về công tác thông tin đối ngoại.
"""


def test_a_party_document_is_issued_by_the_body_its_title_names(tmp_path):
    """The letterhead of a central Party document names the Central Committee; its title
    ("KẾT LUẬN / CỦA BAN BÍ THƯ") names the body that issued it."""
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.model import EdgeType
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    (tmp_path / "kl.txt").write_text(CONCLUSION, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    load_paths([tmp_path / "kl.txt"], store, Registry.load())
    own = "160-kl-tw-2025"
    assert store.node(own).props["issuer"] == "Ban Bí thư"
    (issued,) = store.edges(source=own, types=(EdgeType.ISSUED_BY,))
    assert issued.target == "body-ban-bi-thu"


def test_a_local_document_is_issued_by_the_body_of_its_letterhead(tmp_path):
    """ "**ỦY BAN NHÂN DÂN / ** / TỈNH QUẢNG NGÃI" over "Số: ...": the plan's issuer, through the
    markup between the lines and past the national motto beside it."""
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.model import EdgeType
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths

    text = (
        "|\n**ỦY BAN NHÂN DÂN\n**\nTỈNH QUẢNG NGÃI\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        "**\nĐộc lập - Tự do - Hạnh phúc\n|\nSố: 58/KH-UBND\nQuảng Ngãi, ngày 03 tháng 3 năm 2025"
        "\n\nKẾ HOẠCH\nPhòng, chống thiên tai năm 2025\n"
    )
    (tmp_path / "kh.txt").write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    load_paths([tmp_path / "kh.txt"], store, Registry.load())
    own = "58-kh-ubnd-quang-ngai-2025"
    assert store.node(own).props["issuer"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert store.edges(source=own, types=(EdgeType.ISSUED_BY,))
