"""What the reference report cites, checked on any text that cites it the same way: the project's
own report (tests/report/, by tests/test_report.py) and the seed beside the project (by
eval/tests/test_seed.py). One list of facts and checks for both."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from directive_graph.loaders import extract_citations

# code -> (mentions, date, issuer) as the report states them
NUMBERED = {
    "06-KL/BTCTW": (1, "2022-01-20", "Ban Tổ chức Trung ương"),
    "50-QĐ/TW": (1, "2021-12-27", "Bộ Chính trị"),
    "57-QĐ/TW": (1, "2022-02-08", "Ban Bí thư"),
    "58-QĐ/TW": (1, "2022-02-08", "Bộ Chính trị"),
    "65-QĐ/TW": (1, "2022-04-28", "Bộ Chính trị"),
    "03-KH/TW": (2, "2021-12-01", "Bộ Chính trị"),
    "21-KL/TW": (2, None, "Ban Chấp hành Trung ương"),
    "74-KL/TW": (1, "2020-05-22", "Bộ Chính trị"),
    "18-NQ/TW": (2, "2017-10-25", "Ban Chấp hành Trung ương"),
    "19-NQ/TW": (1, None, "Ban Chấp hành Trung ương"),
    "39-NQ/TW": (1, None, "Bộ Chính trị"),
    "28-KL/TW": (2, "2022-02-21", "Bộ Chính trị"),
}


def all_twelve_numbered_directives_with_every_mention(report_text: str) -> None:
    found = extract_citations(report_text)
    counts = Counter(c.code for c in found if c.code)
    assert counts == Counter({code: n for code, (n, _, _) in NUMBERED.items()})
    for c in found:
        assert report_text[c.start : c.end] == c.text
        if c.code in NUMBERED and c.issued_on:
            assert c.issued_on == NUMBERED[c.code][1]
    for code, (_, date, issuer) in NUMBERED.items():
        mentions = [c for c in found if c.code == code]
        if date:
            assert any(c.issued_on == date for c in mentions), code
        if issuer:
            assert any(c.issuer == issuer for c in mentions), code


def quy_dinh_are_regulations_not_decisions(report_text: str) -> None:
    kinds = {c.code: c.kind for c in extract_citations(report_text) if c.code and "QĐ" in c.code}
    assert set(kinds.values()) == {"quy_dinh"}


def unnumbered_references(report_text: str) -> None:
    unnumbered = [c for c in extract_citations(report_text) if c.form == "unnumbered"]
    summary = [(c.kind, c.term, c.plenum, c.congress) for c in unnumbered]
    assert summary == [
        ("ket_luan", "XIII", 4, None),  # the fourth plenum conclusion
        ("nghi_quyet", None, None, "XIII"),  # the XIII Congress resolution
        ("nghi_quyet", "XIII", 5, None),  # the fifth plenum resolution
    ]


def shared_issuer_and_subject(report_text: str) -> None:
    found = {c.code: c for c in extract_citations(report_text) if c.code}
    # "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Hội nghị lần thứ sáu ...": both
    plenum_six = [c for c in extract_citations(report_text) if c.plenum == 6]
    assert {c.code for c in plenum_six} == {"18-NQ/TW", "19-NQ/TW"}
    assert found["74-KL/TW"].subject.startswith("kết quả 2 năm thực hiện Nghị quyết số 18-NQ/TW")
    assert found["58-QĐ/TW"].subject == "Một số vấn đề bảo vệ chính trị nội bộ Đảng"


def no_false_positives(report_text: str) -> None:
    found = extract_citations(report_text)
    # 12 numbered directives in 16 mentions, plus three unnumbered references: nothing else
    assert len(found) == 16 + 3


CHECKS: list[Callable[[str], None]] = [
    all_twelve_numbered_directives_with_every_mention,
    quy_dinh_are_regulations_not_decisions,
    unnumbered_references,
    shared_issuer_and_subject,
    no_false_positives,
]
