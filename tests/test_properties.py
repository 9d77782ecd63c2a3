"""Properties of the extractor that hold for every input (issue 8), checked with Hypothesis.

- it never raises, whatever the string (lone surrogates, control characters, markup debris);
- every citation's span maps back into the text it was given, in order, without overlaps;
- NFC and NFD spellings of a text give the same citations, and so do the two tone placements
  ("khóa"/"khoá", "hóa"/"hoá", "ủy"/"uỷ");
- adversarial inputs the linear-time test does not cover (unclosed tags, "&#" runs, combining
  marks, "Luật " repeated, "(khóa " repeated, whole NFD documents) cost about what normal text
  costs, and grow linearly with size.

The Hypothesis runs are derandomized (the same examples on every machine) and write no example
database, so CI is reproducible; the whole file runs in well under a minute.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.corpus import realistic
from loaders import extract_citations
from tests.test_linear_time import _seconds as best_of


def reproducible(examples: int) -> settings:
    """Fixed examples on every run and machine, no example database, no per-example deadline."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Pieces of citations and of the noise around them in real copies: markup, entities, no-break
# spaces, word-segmentation underscores, lookalike letters, combining marks, CRLF, a lone
# surrogate, letters whose lower case is longer ("İ") or that case-fold oddly ("ß", "ﬁ").
PIECES = [
    "Nghị quyết", "Nghị  quyết", "nghị quyết", "Kết luận", "Quy định", "Chỉ thị", "Kế hoạch",
    "Quyết định", "Thông tư", "Nghị định", "Hướng dẫn", "Luật", "luật", "Bộ luật", "Hiến pháp",
    "Pháp lệnh", "Điều lệ", "Đảng", "Cán bộ", "công chức", "sửa đổi, bổ sung", "Đất đai",
    "số", "Số:", "số:", "18", "05", "1234", "2017", "2020", "-", "–", "NQ", "KL", "QĐ", "NĐ", "CP",
    "TTg", "QH14", "UBTVQH15", "/", "TW", "TU", "BCT", "ngày", "25/10/2017", "31/02/2024",
    "20 tháng 01 năm 2022", "năm", "khóa", "XII", "XIII", "Trung ương", "Hội nghị", "5",
    "lần thứ", "Đại hội", "của", "Bộ Chính trị", "Ban Chấp hành", "Ban Thường vụ", "Tỉnh ủy",
    "Ủy ban nhân dân tỉnh", "Bắc Ninh", "và", "hoặc", ",", ".", ";", "(", ")", ":", "về", "\n",
    "\n\n", "\r\n", "\t", " ", " ", " ", " ", "\u00a0", "\u2009", "&amp;", "&#7889;", "&ocirc;",
    "&nbsp;", "&", "&#", "_", "Ð", "ð", "Đ", "Ɖ", "\u0301", "\u0323", "\u0302", "\u200b",
    "\ufeff", "\u00ad", "<b>", "</b>", "<em>", "<", ">", "<b", "«", "»", "“", "”", "İ", "ß",
    "ﬁ", "\ud800", "\udfff", "NĐ-CР",
]  # fmt: skip

fragment_texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(
    alphabet=st.one_of(
        st.characters(),  # every code point Python allows in a str ...
        st.characters(categories=["Cs"]),  # ... with lone surrogates drawn often, not rarely
        st.characters(categories=["Mn"]),  # and combining marks
        st.sampled_from("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ/-&;#<>_\n "),
    ),
    max_size=300,
)


def _checked(text: str):
    """The citations of `text`, after checking that every span maps back into it, in order."""
    citations = extract_citations(text)
    previous_end = 0
    for c in citations:
        assert 0 <= c.start < c.end <= len(text), (c, text)
        assert text[c.start : c.end] == c.text, (c, text)
        assert c.start >= previous_end, ("overlapping or out of order", citations, text)
        previous_end = c.end
    return citations


def _facts(citations) -> list[tuple]:
    return [
        (str(c.kind), c.number, c.symbol, c.code, c.issued_on, c.term, c.plenum, c.issuer)
        for c in citations
    ]


# --- never raises, spans map back --------------------------------------------------------------


@reproducible(1500)
@given(any_text)
def test_any_string_is_read_and_spans_map_back(text):
    _checked(text)


@reproducible(1500)
@given(fragment_texts)
def test_citation_like_strings_are_read_and_spans_map_back(text):
    _checked(text)


_REPORT = realistic(60_000, every=600)
_REPORT_CITATIONS = len(extract_citations(_REPORT))


@reproducible(300)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.integers(0, 60_000))
def test_spans_map_back_inside_long_text(noise, at):
    """The same inside a real-sized report, where offsets are large and the edits many."""
    base = _REPORT[:at] + noise + _REPORT[at:]
    cites = _checked(base)
    assert len(cites) >= _REPORT_CITATIONS // 2  # the noise breaks a citation or two, not all


def test_surrogates_and_long_lowercase_letters_examples():
    """Pinned examples, independent of what Hypothesis happens to draw."""
    for text, number in (
        ("\ud800Nghị quyết số 18-NQ/TW\udfff", "18"),
        ("İİİ Nghị quyết số 18-NQ/TW ngày 25/10/2017", "18"),  # "İ".lower() is two characters
        ("\u0301\u0301 Nghị quyết số 18-NQ/TW \u0301", "18"),  # marks with no letter to join
        ("Nghị quyết\u0301 số 18\u0301-NQ/TW", None),  # marks glued to a word and a digit
        ("&#x110000; &#99999999; &#0; Kết luận số 21-KL/TW", "21"),  # impossible entities
        ("<b" * 50 + "Kết luận số 21-KL/TW", "21"),
    ):
        cites = _checked(text)
        if number:
            assert [c.number for c in cites] == [number], text


# --- the same citations whatever the Unicode form or tone placement ----------------------------


# Tone placement pairs: (older, newer). Both are correct Vietnamese and both occur in one corpus.
TONE_PAIRS = [
    ("khóa", "khoá"), ("Khóa", "Khoá"), ("KHÓA", "KHOÁ"), ("(khóa", "(khoá"),
    ("hóa", "hoá"), ("Văn hóa", "Văn hoá"), ("hòa", "hoà"), ("Hòa Bình", "Hoà Bình"),
    ("thỏa", "thoả"), ("họa", "hoạ"), ("ủy", "uỷ"), ("Ủy", "Uỷ"), ("ỦY", "UỶ"),
    ("Tỉnh ủy", "Tỉnh uỷ"), ("Thành ủy", "Thành uỷ"), ("Huyện ủy", "Huyện uỷ"),
    ("Đảng ủy", "Đảng uỷ"), ("Quân ủy Trung ương", "Quân uỷ Trung ương"),
    ("Ủy ban Thường vụ Quốc hội", "Uỷ ban Thường vụ Quốc hội"),
    ("Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân tỉnh"), ("thủy", "thuỷ"),
]  # fmt: skip
PLAIN = [
    "Nghị quyết", "Kết luận", "Chỉ thị", "Quy định", "Kế hoạch", "Luật", "luật", "Hiến pháp",
    "Pháp lệnh", "Điều lệ", "số", "18", "05", "-", "NQ", "KL", "QĐ", "CT", "/", "TW", "TU",
    "ngày", "25/10/2017", "năm", "2017", "XII", "XIII", "Trung ương", "5", "Hội nghị",
    "lần thứ", "Đại hội", "của", "Bộ Chính trị", "Ban Chấp hành", "Ban Thường vụ", "tỉnh",
    "Bắc Ninh", "và", ",", "về", ")",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\n", "\r\n", "\u00a0", "_", "", ", "]
variant_pieces = st.lists(
    st.tuples(st.sampled_from([(p, p) for p in PLAIN] + TONE_PAIRS), st.sampled_from(SEPARATORS)),
    max_size=50,
)


@reproducible(1000)
@given(fragment_texts)
def test_nfc_and_nfd_give_the_same_citations(text):
    nfc = _facts(_checked(unicodedata.normalize("NFC", text)))
    assert nfc == _facts(_checked(unicodedata.normalize("NFD", text)))


@reproducible(1000)
@given(variant_pieces, st.randoms(use_true_random=False))
def test_tone_placement_and_normal_form_give_the_same_citations(pieces, rnd):
    older = "".join(old + sep for (old, _new), sep in pieces)
    newer = "".join(new + sep for (_old, new), sep in pieces)
    mixed = "".join(rnd.choice(pair) + sep for pair, sep in pieces)
    expected = _facts(_checked(older))
    assert _facts(_checked(newer)) == expected
    assert _facts(_checked(mixed)) == expected
    assert _facts(_checked(unicodedata.normalize("NFD", newer))) == expected


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        # "luật hóa" (to codify) is no law; the newer spelling was read as "Luật hoá", a law
        ("Cần Luật hóa quy định này.", "Cần Luật hoá quy định này."),
        ("Kết luận số 21-KL/TW của Ban Chấp hành Trung ương khóa XIII", None),
        ("Chỉ thị số 05-CT/TU ngày 12/3/2023 của Ban Thường vụ Tỉnh ủy Bắc Ninh", None),
        ("Nghị quyết số 35/2025/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội", None),
    ],
)
def test_tone_placement_examples(older, newer):
    newer = newer or older.replace("óa", "oá").replace("ủy", "uỷ").replace("Ủy", "Uỷ")
    assert _facts(_checked(older)) == _facts(_checked(newer))
    assert _facts(_checked(unicodedata.normalize("NFD", newer))) == _facts(_checked(older))


# --- linear time: the inputs tests/test_linear_time.py does not cover --------------------------

SIZE = 1_000_000


def _seconds(text: str) -> float:
    return best_of(text, repeat=3)


def _repeat(piece: str, size: int) -> str:
    return piece * (size // len(piece.encode()) + 1)


ADVERSARIAL = {
    "unclosed-tags": lambda n: _repeat("<b", n),  # "<" starts a tag that never ends
    "long-open-tag": lambda n: "<a" + "b" * n,
    "entity-starts": lambda n: _repeat("&#", n),  # "&#" never completed
    "entity-digits": lambda n: _repeat("&#12345678", n),  # too long to be an entity
    "entity-names": lambda n: _repeat("&" + "a" * 40, n),
    "combining-run": lambda n: "a" + "\u0301" * (n // 2),  # one base, a million marks
    "combining-only": lambda n: "\u0301" * (n // 2),
    "khoa-open": lambda n: _repeat("(khóa ", n),
}


@pytest.fixture(scope="module")
def normal_seconds() -> float:
    return _seconds(realistic(SIZE))


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_adversarial_input_costs_about_normal_text(kind, normal_seconds):
    assert _seconds(ADVERSARIAL[kind](SIZE)) < 4 * normal_seconds + 0.05


# An anchor every five characters ("luật luật ..."): bounded work per anchor, so a fixed multiple
# of normal text. Before the first word of a law name was checked first, "luật " cost 60x.
@pytest.mark.parametrize("piece", ["luật ", "Luật ", "hiến pháp ", "điều lệ số "])
def test_type_word_runs_cost_a_bounded_multiple(piece, normal_seconds):
    assert _seconds(_repeat(piece, SIZE)) < 25 * normal_seconds + 0.05


DENSE = {
    "luat": lambda n: _repeat("luật ", n),
    "Luat": lambda n: _repeat("Luật ", n),
    "law-list": lambda n: _repeat("Luật A, ", n),  # a citation every 8 characters
    "nfd-report": lambda n: unicodedata.normalize("NFD", realistic(n)),  # a Mac-made document
    "nfd-pairs": lambda n: _repeat("a\u0301\u0323", n),
    "tone-variants": lambda n: _repeat("khoá XII uỷ ", n),
}


@pytest.mark.parametrize("kind", sorted(DENSE))
def test_time_grows_linearly_with_size(kind):
    small = _seconds(DENSE[kind](SIZE // 8))
    large = _seconds(DENSE[kind](SIZE // 2))
    assert large < 4 * 2.0 * small + 0.05  # 4x the input: at most ~8x the time, never 16x
