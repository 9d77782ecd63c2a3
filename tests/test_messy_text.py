"""Messy input: encodings of the same citation must give the same answer, with offsets into the
original text (text == original[start:end])."""

from __future__ import annotations

import unicodedata

import pytest

from directive_graph.loaders import extract_citations

BASE = "Thực hiện Nghị quyết số 18-NQ/TW của Ban Chấp hành Trung ương khóa XII."

VARIANTS = [
    # decomposed input (NFD) from a Mac or a PDF tool
    unicodedata.normalize("NFD", BASE),
    # the newer tone placement
    BASE.replace("khóa", "khoá"),
    # Icelandic eth for Đ, nothing else changed
    "Quán triệt Quy định số 65-QÐ/TW.",
    # word-segmented corpora join syllables with underscores and split the symbol
    "Thực_hiện Nghị_quyết số 18-NQ / TW của Ban_Chấp_hành Trung_ương khóa XII .",
    # HTML entities inside the words
    "Th&#7921;c hi&#7879;n Ngh&#7883; quy&ecirc;́t s&#7889; 18-NQ/TW.",
    # spaces and an en dash inside the symbol
    "Thực hiện Nghị quyết số 18 – NQ/TW của Trung ương.",
    # a hard wrap (CRLF) and a no-break space inside the citation
    "Thực hiện Nghị quyết số\r\n18-NQ/TW\u00a0ngày 25/10/2017.",
    # zero-width space and soft hyphen left by a web copy
    "Thực hiện Nghị\u200b quyết số 18-NQ/\u00adTW.",
    # HTML markup inside
    "Thực hiện <em>Nghị quyết</em> số <b>18-NQ/TW</b>.",
    # lowercase keyword, space after the hyphen, as a district site wrote it
    "thực hiện nghị quyết số 18- NQ/TW bộ chính trị",
]


@pytest.mark.parametrize("text", VARIANTS)
def test_variants_find_the_resolution_with_exact_offsets(text):
    found = extract_citations(text)
    assert found, text
    c = found[0]
    assert text[c.start : c.end] == c.text
    assert c.number in ("18", "65")
    assert c.symbol in ("NQ/TW", "QĐ/TW")


def test_tone_placements_are_equal():
    a = extract_citations("Nghị quyết Trung ương 4 khóa XII")[0]
    b = extract_citations("Nghị quyết Trung ương 4 khoá XII")[0]
    assert (a.term, a.plenum) == (b.term, b.plenum) == ("XII", 4)


@pytest.mark.parametrize("symbol", ["QĐ", "QÐ", "QD", "qđ"])
def test_d_lookalikes_in_symbols(symbol):
    (c,) = extract_citations(f"Quyết định số 20/2021/{symbol}-TTg")
    assert c.symbol == "QĐ-TTg"


def test_lowercase_symbols_are_normalised():
    (c,) = extract_citations("nghị quyết số 42/2006/nq-hđnd ngày 05 tháng 10 năm 2006")
    assert (c.kind, c.symbol, c.year, c.issued_on) == ("nghi_quyet", "NQ-HĐND", 2006, "2006-10-05")


def test_curly_quotes_around_titles():
    (c,) = extract_citations("Chỉ thị số 50-CT/TW về “Nâng cao chất lượng sinh hoạt chi bộ”.")
    assert c.subject == "Nâng cao chất lượng sinh hoạt chi bộ"


def test_offsets_survive_entities_before_the_citation():
    text = "c&aacute;c &ocirc; &nbsp; Kết luận số 21-KL/TW"
    (c,) = extract_citations(text)
    assert text[c.start : c.end] == "Kết luận số 21-KL/TW"


def test_term_in_capitalised_parentheses():
    (c,) = extract_citations(
        "Chỉ thị số 43-CT/TW ngày 8 tháng 4 năm 2020 của Ban Bí thư Trung ương Đảng (Khóa XII)"
    )
    assert (c.issuer, c.term, c.issued_on) == ("Ban Bí thư", "XII", "2020-04-08")


def test_cyrillic_lookalike_in_symbol():
    (c,) = extract_citations("Nghị định số 58/2024/NĐ-C\u0420 của Chính phủ")
    assert c.symbol == "NĐ-CP"
