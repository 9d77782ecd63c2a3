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
