"""Table-driven tests of every citation form. Each row is a snippet written for this project in the
style of real reports and plans, with a comment on why it exists."""

from __future__ import annotations

import pytest

from directive_graph.loaders import extract_citations

# (snippet, expected: list of dicts of fields that must match, in order)
FULL_FORMS = [
    # the canonical Party citation with date, issuer, term and subject
    (
        "Quán triệt Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII về sắp xếp bộ máy; tiếp tục",
        [
            dict(
                kind="nghi_quyet",
                number="18",
                symbol="NQ/TW",
                code="18-NQ/TW",
                issued_on="2017-10-25",
                issuer="Ban Chấp hành Trung ương",
                term="XII",
                year=2017,
                subject="sắp xếp bộ máy",
                form="full",
            )
        ],
    ),
    # every Party type abbreviation resolves to its kind
    ("Theo Kết luận số 21-KL/TW.", [dict(kind="ket_luan", code="21-KL/TW")]),
    ("Theo Kế hoạch số 03-KH/TW.", [dict(kind="ke_hoach", number="3", code="03-KH/TW")]),
    ("Theo Chỉ thị số 05-CT/TW.", [dict(kind="chi_thi", code="05-CT/TW")]),
    ("Theo Thông báo số 12-TB/TW.", [dict(kind="thong_bao", code="12-TB/TW")]),
    ("Theo Hướng dẫn số 06-HD/TW.", [dict(kind="huong_dan", code="06-HD/TW")]),
    ("Theo Quy chế số 05-QC/BTCTU-BDVTU.", [dict(kind="quy_che", symbol="QC/BTCTU-BDVTU")]),
    ("Theo Chương trình số 27-CTr/TU.", [dict(kind="chuong_trinh", symbol="CTr/TU")]),
    ("Theo Đề án số 02-ĐA/TU.", [dict(kind="de_an", symbol="ĐA/TU")]),
    ("Theo Báo cáo số 45-BC/TU.", [dict(kind="bao_cao", symbol="BC/TU")]),
    ("Theo Công văn số 8011-CV/BTCTW.", [dict(kind="cong_van", issuer="Ban Tổ chức Trung ương")]),
    ("Theo Thông tri số 03-TT/TW.", [dict(kind="thong_tri", code="03-TT/TW")]),
    # QĐ is both Quy định and Quyết định: the type word decides
    ("Quy định số 65-QĐ/TW về luân chuyển", [dict(kind="quy_dinh", symbol="QĐ/TW")]),
    (
        "Quyết định số 747-QĐ/TU, ngày 02/11/2023 của Ban Thường vụ Tỉnh ủy",
        [dict(kind="quyet_dinh", issued_on="2023-11-02", issuer="Ban thường vụ Tỉnh ủy")],
    ),
    (
        "Quy định số 11-QĐi/TW của Bộ Chính trị",
        [dict(kind="quy_dinh", symbol="QĐi/TW", issuer="Bộ Chính trị")],
    ),
    # issuer codes that decide the body by themselves
    ("Hướng dẫn số 42-HD/BTCTW", [dict(issuer="Ban Tổ chức Trung ương")]),
    ("Kết luận số 07-KL/VPTW", [dict(issuer="Văn phòng Trung ương Đảng")]),
    ("Quyết định số 12-QĐ/UBKTTW", [dict(issuer="Ủy ban Kiểm tra Trung ương")]),
    # state normative documents carry the year in the code; issuer follows from the symbol
    (
        "Căn cứ Nghị định số 15/2020/NĐ-CP;",
        [
            dict(
                kind="nghi_dinh",
                number="15",
                year=2020,
                symbol="NĐ-CP",
                code="15/2020/NĐ-CP",
                issuer="Chính phủ",
            )
        ],
    ),
    (
        "theo Quyết định số 1234/QĐ-TTg",
        [dict(kind="quyet_dinh", symbol="QĐ-TTg", issuer="Thủ tướng Chính phủ")],
    ),
    ("Luật số 59/2020/QH14", [dict(kind="luat", year=2020, symbol="QH14", issuer="Quốc hội")]),
    (
        "Thông tư liên tịch số 01/2015/TTLT-BNV-BTC",
        [dict(kind="thong_tu_lien_tich", symbol="TTLT-BNV-BTC", code="01/2015/TTLT-BNV-BTC")],
    ),
    (
        "Nghị quyết số 27/2022/UBTVQH15",
        [dict(kind="nghi_quyet", symbol="UBTVQH15", issuer="Ủy ban Thường vụ Quốc hội")],
    ),
    ("Thông tư số 01/2021/TT-BNV", [dict(kind="thong_tu", issuer="Bộ Nội vụ")]),
    ("Số: 156/QĐ-UBND", [dict(kind="quyet_dinh", symbol="QĐ-UBND", self=True)]),
    (
        "Công văn số 1234/BGDĐT-VP ngày 05/3/2024",
        [dict(kind="cong_van", symbol="BGDĐT-VP", issued_on="2024-03-05")],
    ),
    # a law named and numbered: the number wins, the name is kept as title
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
        [dict(kind="luat", number="72", form="full", title="Luật Tổ chức chính quyền địa phương")],
    ),
]

SHORT_FORMS = [
    (
        "thực hiện NQ 18 của Trung ương",
        [dict(kind="nghi_quyet", number="18", form="short", symbol=None)],
    ),
    ("thực hiện NQ18 của Trung ương", [dict(kind="nghi_quyet", number="18", form="short")]),
    (
        "theo KL 21 và KH 03",
        [dict(kind="ket_luan", number="21"), dict(kind="ke_hoach", number="3")],
    ),
    ("theo QĐ 65 về luân chuyển", [dict(kind="quyet_dinh", number="65", form="short")]),
    ("Nghị quyết 18 đã đề ra", [dict(kind="nghi_quyet", number="18", form="short")]),
    ("Nghị quyết số 18 đã đề ra", [dict(kind="nghi_quyet", number="18", form="short")]),
    (
        "theo NĐ 15/2020 của Chính phủ",
        [dict(kind="nghi_dinh", number="15", year=2020, form="short")],
    ),
    # one type word shared by several bare numbers (a Q&A heading style)
    (
        "Các Nghị quyết 59 70 71 72 của Bộ Chính trị năm 2025",
        [
            dict(number=n, kind="nghi_quyet", issuer="Bộ Chính trị", year=2025)
            for n in ("59", "70", "71", "72")
        ],
    ),
]

UNNUMBERED_FORMS = [
    (
        "theo tinh thần Nghị quyết Đại hội XIII của Đảng.",
        [
            dict(
                kind="nghi_quyet",
                form="unnumbered",
                congress="XIII",
                text="Nghị quyết Đại hội XIII của Đảng",
            )
        ],
    ),
    (
        "cụ thể hóa Nghị quyết Trung ương 5 khóa XIII về tổ chức cơ sở đảng",
        [
            dict(
                kind="nghi_quyet",
                form="unnumbered",
                plenum=5,
                term="XIII",
                issuer="Ban Chấp hành Trung ương",
                text="Nghị quyết Trung ương 5 khóa XIII",
            )
        ],
    ),
    (
        "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII) và",
        [dict(kind="ket_luan", plenum=4, term="XIII", form="unnumbered")],
    ),
    ("Nghị quyết Hội nghị Trung ương 4 khóa XII về xây dựng Đảng", [dict(plenum=4, term="XII")]),
    (
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XXII đề ra",
        [dict(congress="XXII", form="unnumbered")],
    ),
    ("Nghị quyết Đại hội Đảng toàn quốc lần thứ\nXIII", [dict(congress="XIII")]),
]

NAMED_FORMS = [
    (
        "theo Luật Cán bộ, công chức năm 2008 và",
        [dict(kind="luat", form="named", title="Luật Cán bộ, công chức", year=2008)],
    ),
    (
        "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
        [dict(kind="luat", title="Luật Đất đai", issued_on="2024-01-18")],
    ),
    ("thực hiện Bộ luật Lao động và", [dict(kind="bo_luat", title="Bộ luật Lao động")]),
    ("Hiến pháp năm 2013 quy định", [dict(kind="hien_phap", year=2013)]),
    # "bị" ends a name ("... bị bãi bỏ"), but not in "dự bị"
    (
        "Pháp lệnh về lực lượng Dự bị động viên; các Nghị định",
        [dict(kind="phap_lenh", title="Pháp lệnh về lực lượng Dự bị động viên")],
    ),
    ("Luật Thanh tra năm 2010 bị thay thế", [dict(title="Luật Thanh tra", year=2010)]),
    (
        "sửa đổi Luật Quốc phòng, Luật Dân quân tự vệ và Luật Nghĩa vụ quân sự.",
        [
            dict(title="Luật Quốc phòng"),
            dict(title="Luật Dân quân tự vệ"),
            dict(title="Luật Nghĩa vụ quân sự"),
        ],
    ),
]

LISTS = [
    # both members get the issuer stated after the second
    (
        "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW của Hội nghị lần thứ sáu Ban Chấp hành Trung ương",
        [
            dict(code="18-NQ/TW", issuer="Ban Chấp hành Trung ương", plenum=6),
            dict(code="19-NQ/TW", issuer="Ban Chấp hành Trung ương", plenum=6),
        ],
    ),
    # a second code without its own type word keeps the list's type
    (
        "các Nghị quyết số 18-NQ/TW, 19-NQ/TW",
        [dict(code="18-NQ/TW"), dict(code="19-NQ/TW", kind="nghi_quyet")],
    ),
    # both get the date; QĐ of the second is a Quy định because the list says so
    (
        "Quy định số 57-QĐ/TW và 58-QĐ/TW ngày 08/02/2022",
        [
            dict(kind="quy_dinh", issued_on="2022-02-08"),
            dict(kind="quy_dinh", issued_on="2022-02-08", text="58-QĐ/TW"),
        ],
    ),
    # a semicolon ends the list: the plan's date is not the resolution's
    (
        "Nghị quyết số 21-NQ/TW; Chương trình số 144-CTr/TU ngày 22/01/2018",
        [dict(code="21-NQ/TW", issued_on=None), dict(code="144-CTr/TU", issued_on="2018-01-22")],
    ),
]

DATES = [
    ("Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị", "2020-05-22"),
    ("Kết luận số 74-KL/TW ngày 22-5-2020", "2020-05-22"),
    ("Kết luận số 74-KL/TW ngày 22.5.2020", "2020-05-22"),
    ("Quy định số 57-QĐ/TW ngày 20 tháng 01 năm 2022", "2022-01-20"),
    ("Quy định số 57-QĐ/TW ngày 20 tháng 01 năm\n2022", "2022-01-20"),
    ("Quy định số 57-QĐ/TW ngày\n20/01/2022", "2022-01-20"),
    # an impossible date is rejected, not guessed
    ("Kết luận số 74-KL/TW ngày 31/02/2020", None),
    ("Kết luận số 74-KL/TW ngày 12/13/2020", None),
]


def _check(snippet: str, expected: list[dict]) -> None:
    found = extract_citations(snippet)
    assert len(found) == len(expected), [c.text for c in found]
    for c, want in zip(found, expected, strict=True):
        assert snippet[c.start : c.end] == c.text
        for key, value in want.items():
            assert getattr(c, key) == value, (
                f"{key} of {c.text!r}: {getattr(c, key)!r} != {value!r}"
            )


@pytest.mark.parametrize(("snippet", "expected"), FULL_FORMS)
def test_full_forms(snippet, expected):
    _check(snippet, expected)


@pytest.mark.parametrize(("snippet", "expected"), SHORT_FORMS)
def test_short_forms(snippet, expected):
    _check(snippet, expected)


@pytest.mark.parametrize(("snippet", "expected"), UNNUMBERED_FORMS)
def test_unnumbered_forms(snippet, expected):
    _check(snippet, expected)


@pytest.mark.parametrize(("snippet", "expected"), NAMED_FORMS)
def test_named_forms(snippet, expected):
    _check(snippet, expected)


@pytest.mark.parametrize(("snippet", "expected"), LISTS)
def test_lists_share_parts(snippet, expected):
    _check(snippet, expected)


@pytest.mark.parametrize(("snippet", "iso"), DATES)
def test_dates(snippet, iso):
    (c,) = extract_citations(snippet)
    assert c.issued_on == iso


NOT_CITATIONS = [
    "đã giới thiệu ứng cử 403 lượt nhân sự",  # a count
    "trong 06 tháng cuối năm 2022",  # a period
    "thực hiện đồng bộ 05 nhóm nhiệm vụ, giải pháp",  # counted tasks
    "quán triệt các nghị quyết, kết luận của Đảng",  # generic nouns
    "chuẩn bị Đại hội các cấp của các tổ chức",  # an event, no document
    "Nghị quyết này có hiệu lực từ ngày ký.",  # self-reference
    "Kế hoạch này được triển khai đến các chi bộ",  # self-reference
    "theo quy định 03 tháng một lần",  # 'quy định' as a verb
    "được hỏi ý kiến luật sư và luật gia",  # lawyers, not laws
    "xây dựng hệ thống pháp luật đồng bộ",  # legislation in general
    "Hội nghị lần thứ tư đã thảo luận",  # an event without a document word
    "kỷ niệm 92 năm (14/10/1930-14/10/2022)",  # dates
    "đạt 15-20% kế hoạch năm",  # a range
    "COVID-19 và giai đoạn 2021 - 2025",  # numbers in names and periods
]


@pytest.mark.parametrize("snippet", NOT_CITATIONS)
def test_no_false_positives(snippet):
    assert extract_citations(snippet) == []


def test_empty_text_yields_nothing():
    assert extract_citations("") == []
    assert extract_citations("   \n") == []


def test_subject_cut_at_clause_boundary():
    (c, _) = extract_citations(
        "Quy định số 50-QĐ/TW, ngày 27/12/2021 của Bộ Chính trị về công tác quy hoạch cán bộ; "
        "Quy định số 65-QĐ/TW về luân chuyển cán bộ."
    )
    assert c.subject == "công tác quy hoạch cán bộ"


def test_quoted_title_is_the_subject():
    (c,) = extract_citations(
        "Quy định số 58-QĐ/TW của Bộ Chính trị “Một số vấn đề bảo vệ chính trị nội bộ Đảng”;"
    )
    assert c.subject == "Một số vấn đề bảo vệ chính trị nội bộ Đảng"


def test_self_number_and_letterhead_date():
    text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n\nSố: 141/KH-UBND\n\nBắc Ninh, ngày 20 tháng 11 năm 2025\n\nKẾ HOẠCH\n"
    (c,) = extract_citations(text)
    assert (c.self, c.kind, c.code, c.issued_on) == (True, "ke_hoach", "141/KH-UBND", "2025-11-20")


# --- never raises: plenum documents without a term or body (once an IndexError) ---------------

PLENUM_FORMS = [
    # a plenum document with neither term nor body after the number
    (
        "Nghị quyết Trung ương 5",
        [dict(kind="nghi_quyet", plenum=5, term=None, text="Nghị quyết Trung ương 5")],
    ),
    # the body after "của" is context, not part of the plenum phrase
    (
        "Nghị quyết Hội nghị lần thứ 4 của Ban Chấp hành Trung ương Đảng",
        [dict(plenum=4, issuer="Ban Chấp hành Trung ương", text="Nghị quyết Hội nghị lần thứ 4")],
    ),
    # a list of plenums sharing one term
    (
        "các Nghị quyết Hội nghị trung ương 6, 7 Khóa XII về xây dựng Đảng",
        [dict(plenum=6, term="XII"), dict(plenum=7, term="XII", text="7 Khóa XII")],
    ),
    # the same with "và" and a bracketed term
    (
        "Nghị quyết Trung ương 6 và 7 (khóa XII)",
        [dict(plenum=6, term="XII"), dict(plenum=7, term="XII")],
    ),
    # an ordinal plenum in words, the body straight after it
    ("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng", [dict(plenum=4)]),
]


@pytest.mark.parametrize(("snippet", "expected"), PLENUM_FORMS)
def test_plenum_forms(snippet, expected):
    _check(snippet, expected)


# --- named laws end where their names end ------------------------------------------------------

NAMED_BOUNDARIES = [
    # a comma that starts a list of other things ends the name
    (
        "theo Luật Lưu trữ, các quy định của Ban Bí thư về công tác văn thư",
        [dict(title="Luật Lưu trữ")],
    ),
    # "gồm" after a comma
    ("Các nội dung sửa đổi của Luật Đấu thầu, gồm:", [dict(title="Luật Đấu thầu")]),
    # "và các văn bản ..." is no part of the name
    (
        "thực hiện theo Luật Lâm nghiệp và các văn bản hướng dẫn thi hành",
        [dict(title="Luật Lâm nghiệp")],
    ),
    # "ban hành ngày": the verb of the clause, and the date it gives
    (
        "theo Luật Thủy sản ban hành ngày 21/11/2017;",
        [dict(title="Luật Thủy sản", issued_on="2017-11-21")],
    ),
    # "đối với" after the name
    ("hướng dẫn Luật Bảo hiểm y tế đối với lực lượng vũ trang", [dict(title="Luật Bảo hiểm y tế")]),
    # "nếu", "quy định", "hướng dẫn" after the name
    ("áp dụng Luật Trợ giúp pháp lý, nếu có yêu cầu", [dict(title="Luật Trợ giúp pháp lý")]),
    ("Luật Đất đai quy định về giá đất", [dict(title="Luật Đất đai")]),
    ("các văn bản của Luật Giá hướng dẫn việc định giá", [dict(title="Luật Giá")]),
    # "và" + a noun of the clause, and a comma + the subject of a new clause
    ("quy định của Luật Dầu khí và luật khác có liên quan", [dict(title="Luật Dầu khí")]),
    ("theo Bộ luật Dân sự, người chưa đủ 14 tuổi", [dict(title="Bộ luật Dân sự")]),
    (
        "Điều 28 Luật Xử lý vi phạm hành chính và điểm a khoản 3 Điều 3",
        [dict(title="Luật Xử lý vi phạm hành chính")],
    ),
    # real multi-part names survive: a comma list, then a second law after "và"
    (
        "theo Luật Cán bộ, công chức và Luật Viên chức",
        [dict(title="Luật Cán bộ, công chức"), dict(title="Luật Viên chức")],
    ),
    (
        "căn cứ Luật Tổ chức chính quyền địa phương;",
        [dict(title="Luật Tổ chức chính quyền địa phương")],
    ),
    (
        "Luật Sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở và Luật Kinh doanh bất động sản;",
        [
            dict(
                title="Luật Sửa đổi, bổ sung một số điều của Luật Đất đai, Luật Nhà ở và Luật Kinh doanh bất động sản"
            )
        ],
    ),
    ("theo Bộ luật Tố tụng hình sự.", [dict(kind="bo_luat", title="Bộ luật Tố tụng hình sự")]),
    ("thi hành Luật Phòng, chống tham nhũng;", [dict(title="Luật Phòng, chống tham nhũng")]),
    ("theo Luật Bảo vệ bí mật nhà nước.", [dict(title="Luật Bảo vệ bí mật nhà nước")]),
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;",
        [dict(title="Luật Ban hành văn bản quy phạm pháp luật")],
    ),
    # names that hold a clause word inside a fixed phrase
    (
        "Pháp lệnh Ưu đãi người có công với cách mạng;",
        [dict(title="Pháp lệnh Ưu đãi người có công với cách mạng")],
    ),
    (
        "theo Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam.",
        [
            dict(
                title="Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam"
            )
        ],
    ),
    (
        "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân năm 2003",
        [dict(title="Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", year=2003)],
    ),
    ("theo Luật Hôn nhân và gia đình.", [dict(title="Luật Hôn nhân và gia đình")]),
    ("Luật Các tổ chức tín dụng năm 2024", [dict(title="Luật Các tổ chức tín dụng", year=2024)]),
    ("Luật Nhà ở và các văn bản hướng dẫn", [dict(title="Luật Nhà ở")]),
    # a capitalised "Luật sư" inside a charter's name is no new citation
    (
        "tuân theo Điều lệ Liên đoàn Luật sư Việt Nam.",
        [dict(kind="dieu_le", title="Điều lệ Liên đoàn Luật sư Việt Nam")],
    ),
    # an amending law that names no amended law ends on its own words, not on "của"
    (
        "dự án Luật sửa đổi, bổ sung một số điều của 10 luật",
        [dict(title="Luật sửa đổi, bổ sung một số điều")],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), NAMED_BOUNDARIES)
def test_named_laws_end_where_their_names_end(snippet, expected):
    _check(snippet, expected)


NOT_LAWS = [
    "xử lý kỷ luật Đảng viên vi phạm",  # discipline, not a law
    "Điều 2. Nguyên tắc xử lý kỷ luật\n\n1. Bảo đảm khách quan",  # a heading, then item 1
    "hình thức kỷ luật 1. Khiển trách",  # "kỷ luật" then a numbered item
    "KỶ LUẬT ĐỐI VỚI VIÊN CHỨC",  # the same in a capitalised heading
    "vi phạm pháp luật\n3. Phạt tiền từ",  # "pháp luật" then a numbered item of the next clause
    "theo quy định của pháp luật 1. Trường hợp",  # legislation, then an item
    "tôn trọng luật pháp quốc tế",  # "luật pháp" (the law in general)
    "Luật pháp quốc tế",  # the same at a sentence start
    "chuyển đổi thành công ty luật Việt Nam",  # a law firm
    "HÀNH NGHỀ LUẬT SƯ NƯỚC NGOÀI",  # lawyers, in a heading
    "theo quy định tại Điều 20 của Luật này.Chương V",  # "this Law", glued to the next heading
    "các luật khác có liên quan",  # other laws, unnamed
]


@pytest.mark.parametrize("snippet", NOT_LAWS)
def test_common_nouns_are_no_laws(snippet):
    assert extract_citations(snippet) == []


# --- numbers that cite nothing: forms, headings, items, labels, survey points -------------------

NOT_SHORT_OR_TEMPLATE = [
    "gửi thông báo theo Mẫu số 01/TB-ĐKĐT Phụ lục IV kèm theo",  # a form's number, not a notice
    "Mẫu số: 02/TB-SSĐT\n(Kèm theo",  # the same as a form's heading
    "lập Biểu số 02/BC-UBND gửi Sở",  # a table's number
    "theo mẫu 03/BC",  # lower case, no "số"
    "tại Phụ lục số 01/PL-UBND",  # an appendix
    "Mẫu số\nTên hồ sơ, mẫu biểu\n01/TB-TNĐT\nThông báo về việc",  # a table of forms
    "Giấy giới thiệu (mẫu TT07).",  # a glued form code
    "theo Mẫu báo cáo số 13-NT Phụ lục VIII",  # a report form, by its type word
    "NGHỊ ĐỊNH\n1. Phạm vi điều chỉnh",  # a heading, then item 1
    "QUYẾT ĐỊNH:\n1. Ban hành kèm theo",  # the same with a colon
    "CHẾ ĐỘ BÁO CÁO\n\n3. Trong thời hạn",  # a heading, a blank line, item 3
    "Điều 15. Báo cáo 1. Báo cáo định kỳ hằng năm",  # an article titled "Báo cáo", then item 1
    "nội dung đầu tư thuộc Chương trình 1. Thực hiện theo thứ tự",  # item 1 after a title
    "**(1) Phương án 1:** tiếp tục bố trí",  # a label
    "khảo sát tại các điểm TB1 và TB2",  # survey points
    "Tòa nhà CT1, CT2, CT3 thuộc dự án",  # buildings
    "xe tải Hyundai HD170 | Hàn Quốc",  # a model
    "Phụ lục kèm theo Thông tư 16.2013.TT.BTTTT.rar",  # a file name, not Thông tư 1
    "Đáp án đề thi Sử THPT 2025 Chương trình 2018 mới",  # the 2018 curriculum, not a number
    "Đề thi mã đề 0811 CT 2018 chi tiết",  # the same, abbreviated
    "Hình thức kỷ luật 1. Khiển trách",  # discipline, then an item
]


@pytest.mark.parametrize("snippet", NOT_SHORT_OR_TEMPLATE)
def test_forms_headings_and_items_are_no_citations(snippet):
    assert extract_citations(snippet) == []


SHORT_KEPT = [
    # a form's number is skipped, the circular after it is still read
    (
        "theo Mẫu số 01/TB-ĐKĐT, 02/TB-ĐKĐT ban hành kèm theo Thông tư số 78/2021/TT-BTC",
        [dict(code="78/2021/TT-BTC")],
    ),
    # a short form at the end of a sentence is no list item
    ("thực hiện theo Nghị quyết 18. Các cấp ủy", [dict(kind="nghi_quyet", number="18")]),
    # a glued form after a citing word is a citation
    ("triển khai thực hiện CT05 của Ban Thường vụ", [dict(kind="chi_thi", number="5")]),
    # a year after the number is its year, not one more member
    ("theo Thông tư 63 2024 của Bộ Công an", [dict(kind="thong_tu", number="63", year=2024)]),
    # a type word wrapped to the end of a line, its number on the next
    ("- Thực hiện Đề án\n06 mang lại hiệu quả", [dict(kind="de_an", number="6")]),
]


@pytest.mark.parametrize(("snippet", "expected"), SHORT_KEPT)
def test_short_forms_kept(snippet, expected):
    _check(snippet, expected)


# --- lists share a year, a date or an issuer only within one kind and numbering system ----------

LIST_SHARING = [
    # a Party code never takes a named law's year
    (
        "quán triệt Nghị quyết số 18-NQ/TW và Luật Đất đai năm 2024",
        [dict(code="18-NQ/TW", year=None), dict(title="Luật Đất đai", year=2024)],
    ),
    # nor a short form's date
    (
        "Kết luận số 21-KL/TW và Nghị quyết 18 ngày 25/10/2017",
        [
            dict(code="21-KL/TW", issued_on=None, year=None),
            dict(number="18", issued_on="2017-10-25"),
        ],
    ),
    # a decree and a circular: the date and issuer after the circular are the circular's
    (
        "Nghị định số 15/2020/NĐ-CP và Thông tư số 01/2021/TT-BNV ngày 05/3/2021 của Bộ Nội vụ",
        [
            dict(code="15/2020/NĐ-CP", issued_on=None, issuer="Chính phủ"),
            dict(code="01/2021/TT-BNV", issued_on="2021-03-05", issuer="Bộ Nội vụ"),
        ],
    ),
    # two kinds of Party document: the issuer is the last one's
    (
        "Chỉ thị số 05-CT/TW và Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
        [
            dict(code="05-CT/TW", issued_on=None),
            dict(code="01-KL/TW", issued_on="2021-05-18", issuer="Bộ Chính trị"),
        ],
    ),
    # one kind, one system: shared
    (
        "Nghị quyết số 18-NQ/TW và Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương",
        [dict(issued_on="2017-10-25", year=2017), dict(issued_on="2017-10-25", year=2017)],
    ),
    # a state code with its own year keeps it
    (
        "Thông tư số 01/2020/TT-BNV và Thông tư số 02/2021/TT-BNV ngày 05/3/2021",
        [dict(year=2020, issued_on=None), dict(year=2021, issued_on="2021-03-05")],
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), LIST_SHARING)
def test_lists_share_within_one_numbering_system(snippet, expected):
    _check(snippet, expected)


# --- dates where the text puts them, and never a deadline ---------------------------------------

DATES_IN_PLACE = [
    # the sentence opens with the date, the verb of issuing stands right before the citation
    (
        "Ngày 05/7/2024, Ban Tổ chức Trung ương ban hành Hướng dẫn số 08-HD/BTCTW về công tác",
        [dict(code="08-HD/BTCTW", issued_on="2024-07-05")],
    ),
    # the same after a clause, with the date in words
    (
        "Cũng trong nhiệm kỳ, ngày 28 tháng 12 năm 1989, Quốc hội khóa VIII đã thông qua Luật Báo chí.",
        [dict(title="Luật Báo chí", issued_on="1989-12-28")],
    ),
    # a date at the start of a sentence about something else is no issue date
    (
        "Ngày 05/7/2024, Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 18-NQ/TW",
        [dict(issued_on=None)],
    ),
    # a trailing clause after a bracketed code: one citation, the name as its title
    (
        "Luật Đất đai (Luật số 31/2024/QH15) được Quốc hội khóa XV thông qua ngày 18/01/2024",
        [dict(code="31/2024/QH15", title="Luật Đất đai", issued_on="2024-01-18")],
    ),
    # "do ... ban hành ngày" after a code
    (
        "Nghị định số 15/2020/NĐ-CP do Chính phủ ban hành ngày 03/02/2020",
        [dict(code="15/2020/NĐ-CP", issued_on="2020-02-03")],
    ),
    # the name after a law's number, then its date
    (
        "theo Luật 10/2012/QH13 Lao động ban hành ngày 18/6/2012",
        [dict(code="10/2012/QH13", title="Luật Lao động", issued_on="2012-06-18")],
    ),
    # a law's number, its name repeated with the type word, then the date
    (
        "của Luật 08/2017/QH14 Luật Thủy lợi ban hành ngày 19/06/2017;",
        [dict(code="08/2017/QH14", title="Luật Thủy lợi", issued_on="2017-06-19")],
    ),
    # a law's name and its date in words
    (
        "Căn cứ Luật Thủy sản ngày 21 tháng 11 năm 2017;",
        [dict(title="Luật Thủy sản", issued_on="2017-11-21")],
    ),
    # a year written after a law's name, then the clause that dates it
    (
        "Luật Công nghệ cao 2008 được Quốc hội ban hành ngày 13/11/2008",
        [dict(title="Luật Công nghệ cao", year=2008, issued_on="2008-11-13")],
    ),
    # two ministries after a joint circular: the date before them, both as issuers
    (
        "Thông tư liên tịch số 08/2007/TTLT-BYT-BNV ngày 05/6/2007 của Bộ Y tế, Bộ Nội vụ hướng dẫn",
        [dict(issued_on="2007-06-05", issuer="Bộ Y tế; Bộ Nội vụ")],
    ),
    # "liên Bộ X - Bộ Y", then the date
    (
        "Thông tư liên tịch số 08/2007/TTLT-BYT-BNV của liên Bộ Y tế - Bộ Nội vụ ngày 05/6/2007 hướng dẫn",
        [dict(issued_on="2007-06-05", issuer="Bộ Y tế; Bộ Nội vụ")],
    ),
    # a line break between the issuer and the date
    (
        "Quyết định số 5/QĐ-TTg của Thủ tướng Chính phủ\nngày 05/3/2020 về",
        [dict(issued_on="2020-03-05", issuer="Thủ tướng Chính phủ")],
    ),
    # a capitalised title after the code, then "ban hành ngày": the Pháp điển's notes
    (
        "(của Thông tư 02/2015/TT-BTP Quy định một số mẫu giấy tờ về luật sư ban hành ngày 16/01/2015)",
        [dict(code="02/2015/TT-BTP", issued_on="2015-01-16")],
    ),
    # a title that names a law: the date is the decree's, not the law's
    (
        "(của Nghị định 45/2023/NĐ-CP Quy định chi tiết một số điều của Luật Dầu khí ban hành ngày 01/07/2023)",
        [
            dict(code="45/2023/NĐ-CP", issued_on="2023-07-01"),
            dict(title="Luật Dầu khí", issued_on=None),
        ],
    ),
    # a title opening with its verb, then the date without "ban hành"
    (
        "(Điều 1 Nghị định số 35/2011/NĐ-CP Về biện pháp bảo vệ an ninh quốc gia ngày 18/05/2011 của Chính phủ",
        [dict(issued_on="2011-05-18", issuer="Chính phủ")],
    ),
    # a title then an in-force date: no issue date
    (
        "Theo đó, Quyết định 106/2025/QĐ-UBND Quy chế phối hợp xây dựng cơ sở dữ liệu chính thức có hiệu lực từ ngày 10 tháng 12 năm 2025.",
        [dict(code="106/2025/QĐ-UBND", issued_on=None)],
    ),
    # "thực hiện" inside the title is no in-force clause
    (
        "(Điều 1 Thông tư 08/2017/TT-BTP Hướng dẫn thực hiện một số điều về trợ giúp pháp lý ngày 15/11/2017 của Bộ Tư pháp",
        [dict(code="08/2017/TT-BTP", issued_on="2017-11-15")],
    ),
    # a title that names another numbered document leaves the date to it
    (
        "Nghị định số 53/2018/NĐ-CP Sửa đổi, bổ sung Nghị định số 58/2016/NĐ-CP ngày 01 tháng 7 năm 2016",
        [
            dict(code="53/2018/NĐ-CP", issued_on=None),
            dict(code="58/2016/NĐ-CP", issued_on="2016-07-01"),
        ],
    ),
    # a markdown link and a unit's code in brackets between the code and its date
    (
        "theo Nghị định số [146/2018/NĐ-CP](https://example.vn/nghi-dinh-146.aspx) ngày 17 tháng 10 năm 2018",
        [dict(code="146/2018/NĐ-CP", issued_on="2018-10-17")],
    ),
    (
        "thay thế Quyết định số 1263/2004/QĐ-BCA(X15) ngày 09 tháng 11 năm 2004",
        [dict(issued_on="2004-11-09")],
    ),
    # never across a blank line
    ("Căn cứ Nghị định số 15/2020/NĐ-CP\n\nNgày 05/3/2020, Sở tổ chức", [dict(issued_on=None)]),
    # never across a heading
    ("theo Kế hoạch số 12/KH-UBND\nĐiều 2. Ngày 05/3/2020 các sở", [dict(issued_on=None)]),
    # deadlines and in-force dates are no issue dates
    (
        "trình sửa đổi Hiến pháp chậm nhất ngày 30 tháng 6 năm 2025",
        [dict(kind="hien_phap", issued_on=None)],
    ),
    ("Luật Đất đai có hiệu lực thi hành từ ngày 01 tháng 8 năm 2024", [dict(issued_on=None)]),
    ("Pháp lệnh Cảnh vệ hết hiệu lực kể từ ngày 01 tháng 7 năm 2018", [dict(issued_on=None)]),
    ("thực hiện Luật Bảo hiểm xã hội đến ngày 30 tháng 6 năm 2025", [dict(issued_on=None)]),
    ("Trước ngày 30/6/2025, các sở ban hành Kế hoạch số 12/KH-UBND", [dict(issued_on=None)]),
    (
        "Từ ngày 01/01/2025 đến ngày 31/12/2025, các xã ban hành Kế hoạch số 5/KH-UBND",
        [dict(issued_on=None)],
    ),
    ("Luật Bảo hiểm xã hội hoàn thành trong ngày 30 tháng 6 năm 2025", [dict(issued_on=None)]),
]


@pytest.mark.parametrize(("snippet", "expected"), DATES_IN_PLACE)
def test_dates_where_the_text_puts_them(snippet, expected):
    _check(snippet, expected)


# --- forms read since real texts showed them ----------------------------------------------------

MORE_FORMS = [
    # number-hyphen-year: the code in the slash form, the surface as written (an alias)
    (
        "theo Nghị quyết số 05-2016/NQ-CP của Chính phủ",
        [
            dict(
                kind="nghi_quyet",
                code="05/2016/NQ-CP",
                text="Nghị quyết số 05-2016/NQ-CP",
                flags=["written-hyphen-year"],
            )
        ],
    ),
    # consolidated texts, typed and bare
    (
        "Văn bản hợp nhất số 12/VBHN-BTC ngày 03/3/2020 của Bộ Tài chính",
        [
            dict(
                kind="van_ban_hop_nhat",
                code="12/VBHN-BTC",
                issuer="Bộ Tài chính",
                issued_on="2020-03-03",
            )
        ],
    ),
    ("theo 12/VBHN-VPQH;", [dict(kind="van_ban_hop_nhat", issuer="Văn phòng Quốc hội")]),
    # official letters: "văn bản số", "Công văn số", "Công văn" without "số"
    (
        "thực hiện văn bản số 1520/BNV-CQĐP ngày 10/3/2025 của Bộ Nội vụ",
        [
            dict(
                kind="cong_van",
                code="1520/BNV-CQĐP",
                issuer="Bộ Nội vụ",
                text="văn bản số 1520/BNV-CQĐP",
            )
        ],
    ),
    (
        "theo Công văn số 701/UBND-KT của Ủy ban nhân dân tỉnh",
        [dict(kind="cong_van", code="701/UBND-KT")],
    ),
    (
        "Công văn 1234/BTC-NSNN hướng dẫn",
        [dict(kind="cong_van", code="1234/BTC-NSNN", issuer="Bộ Tài chính")],
    ),
    # a presidential decree and orders
    (
        "theo Sắc lệnh số 64/SL ngày 23/11/1945",
        [dict(kind="sac_lenh", code="64/SL", issued_on="1945-11-23")],
    ),
    ("Lệnh số 01/2024/L-CTN", [dict(kind="lenh", code="01/2024/L-CTN", issuer="Chủ tịch nước")]),
    ("Lệnh công bố số 05/2013/L-CTN", [dict(kind="lenh", code="05/2013/L-CTN")]),
    # qualified type words, and the qualifier slipped after "số"
    ("Hướng dẫn liên ngành số 01/HDLN-BNV-BTC", [dict(kind="huong_dan", code="01/HDLN-BNV-BTC")]),
    ("Thông tư liên bộ số 12/TT-LB", [dict(kind="thong_tu_lien_tich", code="12/TT-LB")]),
    (
        "Thông tư số liên tịch 08/2007/TTLT-BYT-BNV",
        [dict(kind="thong_tu_lien_tich", code="08/2007/TTLT-BYT-BNV", issuer="Bộ Y tế; Bộ Nội vụ")],
    ),
    # a joint circular's issuers, from its symbol alone
    ("Thông tư liên tịch số 08/2007/TTLT-BYT-BNV;", [dict(issuer="Bộ Y tế; Bộ Nội vụ")]),
    # a ministry whose name holds a comma keeps it whole
    (
        "Thông tư số 01/2020/TT-BVHTTDL của Bộ Văn hóa, Thể thao và Du lịch",
        [dict(issuer="Bộ Văn hóa, Thể thao và Du lịch")],
    ),
    # symbols broken by OCR: read as corrected and flagged
    (
        "Luật số 59/2020/QHl5",
        [dict(kind="luat", code="59/2020/QH15", symbol="QH15", flags=["ocr"])],
    ),
    ("Luật số 59/2020/QHI5", [dict(code="59/2020/QH15", flags=["ocr"])]),
    ("theo Nghị định số I5/2020/NĐ-CP", [dict(number="15", code="15/2020/NĐ-CP", flags=["ocr"])]),
    ("theo I5/2020/NĐ-CP", [dict(number="15", code="15/2020/NĐ-CP", flags=["ocr"])]),
    # the Government's decimal numbers and lettered numbers
    ("Nghị quyết số 66.22/2026/NQ-CP", [dict(number="66.22", code="66.22/2026/NQ-CP")]),
    ("theo Nghị quyết số 30a/2008/NQ-CP", [dict(number="30a", code="30a/2008/NQ-CP")]),
    # a slash for the hyphen after the type in a state symbol
    (
        "(Điều 2 Thông tư liên tịch số 162/2004/TTLT/BQP-BTC, có hiệu lực",
        [
            dict(
                code="162/2004/TTLT-BQP-BTC",
                issuer="Bộ Quốc phòng; Bộ Tài chính",
                flags=["written-slash-symbol"],
            )
        ],
    ),
    # the hyphen and a T dropped from CT-TTg: the symbol restored, the span exact
    (
        "Chỉ thị số 27/CTTg ngày 01/02/2020",
        [dict(symbol="CT-TTg", text="Chỉ thị số 27/CTTg", issued_on="2020-02-01")],
    ),
    # an ordinary code carries no flag
    ("Nghị định số 15/2020/NĐ-CP", [dict(flags=[])]),
]


@pytest.mark.parametrize(("snippet", "expected"), MORE_FORMS)
def test_more_forms(snippet, expected):
    _check(snippet, expected)


def test_flags_are_in_the_dict():
    (c,) = extract_citations("Luật số 59/2020/QHl5")
    assert c.to_dict()["flags"] == ["ocr"]


def test_an_amending_laws_date_closes_its_title_not_the_last_law_it_names():
    """A Pháp điển note: "được sửa đổi bởi Điều 3 Luật số 57/2024/QH15 sửa đổi, bổ sung một số
    điều của Luật Quy hoạch, ... và Luật Đấu thầu ngày 29/11/2024 của Quốc hội": the date is
    the amending law's; "Luật Đấu thầu" is the law of 2023 it amends, not a law of 2024."""
    text = (
        "(Điều 2 Luật số 22/2023/QH15 Đấu thầu, được sửa đổi bởi Điều 3 Luật số 57/2024/QH15 "
        "sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật Đầu tư và Luật Đấu thầu ngày "
        "29/11/2024 của Quốc hội, có hiệu lực thi hành kể từ ngày 15/01/2025)"
    )
    found = {c.text: c for c in extract_citations(text)}
    assert found["Luật số 57/2024/QH15"].issued_on == "2024-11-29"
    assert found["Luật Đấu thầu"].issued_on is None
    assert found["Luật Đấu thầu"].year is None
