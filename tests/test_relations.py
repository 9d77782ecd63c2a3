"""Links between documents: only where a sentence states them, between the documents it names,
in the direction it says. Each row is a snippet written for this project in the style of real
texts, with the links a reader finds in it and the ones a careless reader would invent."""

from __future__ import annotations

import hashlib

import pytest

from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders.documents import SourceDocument, letterhead_date
from directive_graph.loaders.load import build_batch

RELATIONS = {
    EdgeType.IMPLEMENTS, EdgeType.REVIEWS, EdgeType.BASED_ON, EdgeType.AMENDS,
    EdgeType.SUPPLEMENTS, EdgeType.REPLACES, EdgeType.REPEALS, EdgeType.SUSPENDS,
    EdgeType.GUIDES,
}  # fmt: skip
SELF = "self"  # the text's own node (its directive, or its Document node when it has no number)


def links(text: str) -> set[tuple[str, str, str]]:
    src = SourceDocument(
        "snippet.txt", "txt", text, None, hashlib.sha256(text.encode()).hexdigest(),
        letterhead_date(text),
    )  # fmt: skip
    batch, _ = build_batch(src, Registry.load())
    own = {e.target for e in batch.edges if e.type is EdgeType.IS_DIRECTIVE}
    out = set()
    for e in batch.edges:
        if e.type in RELATIONS and not e.source.startswith("task-"):
            source = SELF if e.source == batch.document.id or e.source in own else e.source
            out.add((source, str(e.type), e.target))
    return out


# (snippet, links there, links not there)
ROWS = [
    # the cue follows the plan's own date and issuer: the plan implements the conclusion
    (
        "Đã quán triệt Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Bộ Chính trị thực hiện Kết luận "
        "số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng.",
        {("3-kh-tw-2021", "IMPLEMENTS", "21-kl-tw-2021")},
        set(),
    ),
    # "về kết quả 2 năm thực hiện": the conclusion reviews the resolution
    (
        "Tiếp tục thực hiện Kết luận số 74-KL/TW, ngày 22/5/2020 của Bộ Chính trị về kết quả 2 năm "
        "thực hiện Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương.",
        {("74-kl-tw-2020", "REVIEWS", "18-nq-tw-2017")},
        set(),
    ),
    # "gắn với" joins the two, its subject clause stands between: no link either way
    (
        "Các đơn vị nâng cao hiệu quả thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 về xây dựng, "
        "chỉnh đốn Đảng gắn với thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị.",
        set(),
        {("21-kl-tw-2021", "IMPLEMENTS", "5-ct-tw-2016")},
    ),
    # a report with no number of its own: what its results say is no link of the report
    (
        "Năm qua, các địa phương đã triển khai thực hiện Nghị quyết số 18-NQ/TW, ngày 25/10/2017 "
        "của Ban Chấp hành Trung ương, đạt nhiều kết quả.",
        set(),
        {(SELF, "IMPLEMENTS", "18-nq-tw-2017")},
    ),
    # a news text: "Chỉ thị này" is the directive it reports on, not the news text
    (
        "Bộ Chính trị ban hành Chỉ thị số 45-CT/TW ngày 14/4/2025 về đại hội đảng bộ các cấp. "
        "Chỉ thị này thay thế Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị; Kết luận số "
        "118-KL/TW, ngày 18/01/2025 của Bộ Chính trị.",
        {
            ("45-ct-tw-2025", "REPLACES", "35-ct-tw-2024"),
            ("45-ct-tw-2025", "REPLACES", "118-kl-tw-2025"),
        },
        {(SELF, "REPLACES", "35-ct-tw-2024")},
    ),
    # a plan with no number of its own: its title states what it carries out
    (
        "KẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị\n\n"
        "I. NHIỆM VỤ\n1. Tổ chức quán triệt Nghị quyết đến cán bộ, đảng viên.",
        {(SELF, "IMPLEMENTS", "57-nq-tw-2024")},
        set(),
    ),
    # a directive's preamble opens a list over a semicolon: each member is implemented
    (
        "CHỈ THỊ\nVề tăng cường quản lý bảo vệ rừng\n\nĐể tiếp tục thực hiện nghiêm Chỉ thị số "
        "05/CT-TTg ngày 18/5/2022 của Thủ tướng Chính phủ; Kế hoạch số 134-KH/TU ngày 29/12/2023 "
        "của Ban Thường vụ Tỉnh ủy Quảng Trị, Ủy ban nhân dân tỉnh yêu cầu:\n"
        "1. Các sở, ngành tăng cường kiểm tra.",
        {
            (SELF, "IMPLEMENTS", "5-ct-ttg-2022"),
            (SELF, "IMPLEMENTS", "134-kh-tu-quang-tri-2023"),
        },
        set(),
    ),
    # a list of programmes, each implementing the resolution: no chain between the programmes
    (
        "Chương trình số 30-CTr/TU ngày 29/12/2017 của Thành ủy Cần Thơ thực hiện Nghị quyết số "
        "21-NQ/TW ngày 25/10/2017; Chương trình số 144-CTr/TU ngày 22/01/2018 của Tỉnh ủy Hậu "
        "Giang về thực hiện Nghị quyết số 21-NQ/TW.",
        {
            ("30-ctr-tu-can-tho-2017", "IMPLEMENTS", "21-nq-tw-2017"),
            ("144-ctr-tu-hau-giang-2018", "IMPLEMENTS", "21-nq-tw-2017"),
        },
        {("30-ctr-tu-can-tho-2017", "IMPLEMENTS", "144-ctr-tu-hau-giang-2018")},
    ),
    # the preamble of a decree: "Căn cứ" is its basis; "Theo đề nghị" names no document
    (
        "CHÍNH PHỦ\nSố: 99/2025/NĐ-CP\nHà Nội, ngày 01 tháng 4 năm 2025\n\nNGHỊ ĐỊNH\nQuy định chi "
        "tiết một số điều của Luật Đất đai\n\nCăn cứ Luật Đất đai số 31/2024/QH15;\nTheo đề nghị "
        "của Bộ trưởng Bộ Nông nghiệp và Môi trường;\n\nChính phủ ban hành Nghị định.",
        {(SELF, "BASED_ON", "31-2024-qh15")},
        set(),
    ),
    # the passive voice: the citation after "được sửa đổi, bổ sung tại" acts on the one before
    (
        "Thẩm quyền quy định tại Nghị định số 151/2017/NĐ-CP ngày 26/12/2017 của Chính phủ được "
        "sửa đổi, bổ sung tại Nghị định số 114/2024/NĐ-CP ngày 15/9/2024 của Chính phủ.",
        {("114-2024-nd-cp", "AMENDS", "151-2017-nd-cp")},
        {("151-2017-nd-cp", "AMENDS", "114-2024-nd-cp")},
    ),
    # a list of bases over semicolons: the decree after the semicolon follows the first decree
    # (not the law named inside its clause); "các Nghị định quy định chi tiết": no citation's
    (
        "NGHỊ QUYẾT\nQuy định về quản lý tài sản công\n\nCăn cứ Nghị định số 151/2017/NĐ-CP "
        "ngày 26/12/2017 của Chính phủ quy định chi tiết một số điều của Luật Quản lý, sử dụng "
        "tài sản công năm 2017; Nghị định số 50/2025/NĐ-CP ngày 28/02/2025 của Chính phủ sửa "
        "đổi, bổ sung một số điều của các Nghị định quy định chi tiết Luật Quản lý, sử dụng tài "
        "sản công năm 2017;\n\nHội đồng nhân dân ban hành Nghị quyết.",
        {
            (SELF, "BASED_ON", "151-2017-nd-cp"),
            (SELF, "BASED_ON", "50-2025-nd-cp"),
            ("151-2017-nd-cp", "GUIDES", "15-2017-qh14"),
        },
        {
            (SELF, "GUIDES", "15-2017-qh14"),
            ("50-2025-nd-cp", "GUIDES", "15-2017-qh14"),
        },
    ),
    # amending, supplementing and repealing decrees, in the directions the sentence gives
    (
        "CHÍNH PHỦ\nSố: 101/2025/NĐ-CP\nHà Nội, ngày 05 tháng 5 năm 2025\n\nNGHỊ ĐỊNH\nSửa đổi, bổ "
        "sung một số điều của Nghị định số 115/2024/NĐ-CP\n\nĐiều 5. Bãi bỏ khoản 2 Điều 7 của "
        "Nghị định số 23/2024/NĐ-CP.",
        {(SELF, "AMENDS", "115-2024-nd-cp"), (SELF, "AMENDS", "23-2024-nd-cp")},
        {("115-2024-nd-cp", "AMENDS", "23-2024-nd-cp"), (SELF, "REPEALS", "23-2024-nd-cp")},
    ),
    # articles of an amending resolution, each acting on a part of an earlier one: it amends
    # them all (a clause, a phrase or "một số điều" repealed or replaced leaves the rest in
    # force); only the one repealed whole is repealed
    (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 07/2025/NQ-HĐND\nLạng Sơn, ngày 14 tháng 7 năm "
        "2025\n\nNGHỊ QUYẾT\nSửa đổi một số nghị quyết về phí và lệ phí\n\nQUYẾT NGHỊ:\n\n"
        "Điều 1. Sửa đổi, bổ sung, bãi bỏ một số điều, khoản, điểm của Nghị quyết số "
        "03/2020/NQ-HĐND ngày 10 tháng 7 năm 2020 của Hội đồng nhân dân tỉnh\n\n"
        "Điều 2. Thay thế, bãi bỏ một số cụm từ của Nghị quyết số 04/2021/NQ-HĐND ngày 08 "
        "tháng 12 năm 2021 của Hội đồng nhân dân tỉnh\n\n"
        "Điều 3. Thay thế Phụ lục II của Nghị quyết số 05/2022/NQ-HĐND ngày 09 tháng 12 năm "
        "2022 của Hội đồng nhân dân tỉnh\n\n"
        "Điều 4. Bãi bỏ Nghị quyết số 06/2019/NQ-HĐND ngày 12 tháng 7 năm 2019 của Hội đồng "
        "nhân dân tỉnh\n",
        {
            (SELF, "AMENDS", "3-2020-nq-hdnd-lang-son"),
            (SELF, "AMENDS", "4-2021-nq-hdnd-lang-son"),
            (SELF, "AMENDS", "5-2022-nq-hdnd-lang-son"),
            (SELF, "REPEALS", "6-2019-nq-hdnd-lang-son"),
        },
        {
            (SELF, "REPEALS", "4-2021-nq-hdnd-lang-son"),
            (SELF, "REPLACES", "5-2022-nq-hdnd-lang-son"),
            (SELF, "AMENDS", "6-2019-nq-hdnd-lang-son"),
        },
    ),
    # an official letter: its subject line ("V/v triển khai thực hiện ...") says what it carries
    # out, and the letter is dated by its place-and-date line below that line, not by the date
    # of the directive the subject line cites
    (
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 1377/UBND-NL\nV/v triển khai thực hiện Chỉ thị số "
        "05/CT-TTg ngày 14/02/2025 của Thủ tướng Chính phủ\nHà Tĩnh, ngày 06 tháng 3 năm 2025\n\n"
        "Kính gửi: Các sở, ngành cấp tỉnh.\n\nỦy ban nhân dân tỉnh đề nghị các đơn vị thực hiện "
        "tốt một số nội dung sau:\n\n1. Sở Tài chính chủ trì tham mưu bố trí kinh phí.\n",
        {(SELF, "IMPLEMENTS", "5-ct-ttg-2025")},
        set(),
    ),
    # a plan's preamble lists what it carries out over a line ending in ";", the first named
    # again in its own abbreviation: the letter after it is carried out too
    (
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 210/KH-UBND\nAn Giang, ngày 09 tháng 12 năm 2024"
        "\n\nKẾ HOẠCH\nThực hiện Chỉ thị số 29/CT-TTg của Thủ tướng Chính phủ\n\nThực hiện Chỉ "
        "thị số 29/CT-TTg ngày 02 tháng 8 năm 2024 của Thủ tướng Chính phủ về công tác phòng, "
        "chống thiên tai (sau đây viết tắt là Chỉ thị số 29/CT-TTg);\nCông văn số 5120/BNN-ĐĐ "
        "ngày 21 tháng 10 năm 2024 của Bộ Nông nghiệp và Phát triển nông thôn về việc triển khai "
        "Chỉ thị số 29/CT-TTg.\n",
        {(SELF, "IMPLEMENTS", "29-ct-ttg-2024"), (SELF, "IMPLEMENTS", "5120-bnn-dd-2024")},
        set(),
    ),
    # two resolutions replaced, the first with its title ("quy định ...") before "và"
    (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH PHÚ THỌ\nSố: 14/2019/NQ-HĐND\nPhú Thọ, ngày 12 tháng 7 năm 2019"
        "\n\nNGHỊ QUYẾT\nQuy định mức thu học phí\n\nQUYẾT NGHỊ:\n\nĐiều 2. Nghị quyết này thay "
        "thế Nghị quyết số 05/2016/NQ-HĐND ngày 14/7/2016 của Hội đồng nhân dân tỉnh quy định "
        "mức thu học phí đối với các cơ sở giáo dục công lập trên địa bàn tỉnh và Nghị quyết số "
        "09/2017/NQ-HĐND ngày 13/12/2017 của Hội đồng nhân dân tỉnh sửa đổi Nghị quyết số "
        "05/2016/NQ-HĐND.\n",
        {
            (SELF, "REPLACES", "5-2016-nq-hdnd-phu-tho"),
            (SELF, "REPLACES", "9-2017-nq-hdnd-phu-tho"),
        },
        set(),
    ),
    # a conclusion printed whole without its heading (as news sites copy it): the paragraph in
    # which its issuer opens its instructions is its preamble; "về tổng kết" reviews the
    # resolution that follows, and the second conclusion is a member of the outer list
    (
        "Ngày 03/3/2025, sau khi nghe Ban Tổ chức Trung ương báo cáo, Ban Bí thư có ý kiến như "
        "sau:\n\nNhằm triển khai đồng bộ, kịp thời các nhiệm vụ, giải pháp nêu tại Kết luận số "
        "121-KL/TW, ngày 24/01/2025 của Ban Chấp hành Trung ương về tổng kết Nghị quyết số "
        "18-NQ/TW, ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII và Kết luận số "
        "126-KL/TW, ngày 14/02/2025 của Bộ Chính trị, Ban Bí thư yêu cầu các cấp ủy, tổ chức "
        "đảng thực hiện tốt các nhiệm vụ sau:\n\nI. YÊU CẦU\n\n1. Bảo đảm tiến độ đề ra.\n",
        {
            (SELF, "IMPLEMENTS", "121-kl-tw-2025"),
            (SELF, "IMPLEMENTS", "126-kl-tw-2025"),
            ("121-kl-tw-2025", "REVIEWS", "18-nq-tw-2017"),
        },
        {(SELF, "IMPLEMENTS", "18-nq-tw-2017"), ("121-kl-tw-2025", "REVIEWS", "126-kl-tw-2025")},
    ),
    # a province's Party committee by its long name, its place named in one mention only; a
    # decision "về việc ban hành Kế hoạch thực hiện ..." implements what its plan carries out
    (
        "Thời gian qua, tỉnh đã có Chương trình số 27-CTr/TU ngày 12/3/2018 của Ban Chấp hành "
        "Đảng bộ tỉnh Sóc Trăng và Kế hoạch số 75/KH-UBND ngày 09/7/2018 của UBND tỉnh Sóc Trăng "
        "về việc thực hiện Chương trình số 27-CTr/TU ngày 12/3/2018 của Ban Chấp hành Đảng bộ "
        "tỉnh thực hiện Nghị quyết số 21-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương khóa "
        "XII. Trung ương đã có Quyết định số 1745/QĐ-TTg ngày 15/8/2025 của Thủ tướng Chính phủ "
        "về việc ban hành Kế hoạch thực hiện Kết luận số 149-KL/TW ngày 10/4/2025 của Bộ Chính "
        "trị.",
        {
            ("27-ctr-tu-soc-trang-2018", "IMPLEMENTS", "21-nq-tw-2017"),
            ("75-kh-ubnd-soc-trang-2018", "IMPLEMENTS", "27-ctr-tu-soc-trang-2018"),
            ("1745-qd-ttg-2025", "IMPLEMENTS", "149-kl-tw-2025"),
        },
        set(),
    ),
    # an omnibus law: its name lists the laws it amends; each one the text cites is amended,
    # in the version in force when it was passed (not a law its name does not list)
    (
        "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;\nCăn cứ Luật Quản lý, sử dụng "
        "tài sản công ngày 21 tháng 6 năm 2017;\nCăn cứ Luật Đầu thầu ngày 23 tháng 6 năm 2023;"
        "\nCăn cứ Luật sửa đổi, bổ sung một số điều của Luật Kế toán, Luật Ngân sách nhà nước, "
        "Luật Quản lý, sử dụng tài sản công và Luật Quản lý thuế ngày 29 tháng 11 năm 2024;\n",
        {
            (
                "luat-sua-doi-bo-sung-mot-so-dieu-cua-luat-ke-toan-luat-ngan-sach-nha-nuoc-luat-"
                "quan-ly-su-dung-tai-san-cong-va-luat-quan-ly-thue-2024",
                "AMENDS",
                "83-2015-qh13",
            ),
            (
                "luat-sua-doi-bo-sung-mot-so-dieu-cua-luat-ke-toan-luat-ngan-sach-nha-nuoc-luat-"
                "quan-ly-su-dung-tai-san-cong-va-luat-quan-ly-thue-2024",
                "AMENDS",
                "15-2017-qh14",
            ),
        },
        {
            (
                "luat-sua-doi-bo-sung-mot-so-dieu-cua-luat-ke-toan-luat-ngan-sach-nha-nuoc-luat-"
                "quan-ly-su-dung-tai-san-cong-va-luat-quan-ly-thue-2024",
                "AMENDS",
                "22-2023-qh15",
            ),
        },
    ),
    # "X được sửa đổi, bổ sung tại A và B": both act on X; a resolution's note in brackets
    # after its title says what it carries out
    (
        "Thực hiện theo Nghị định số 151/2017/NĐ-CP ngày 26 tháng 12 năm 2017 của Chính phủ được "
        "sửa đổi, bổ sung tại Nghị định số 114/2024/NĐ-CP ngày 15 tháng 9 năm 2024 và Nghị định "
        "số 50/2025/NĐ-CP ngày 28 tháng 02 năm 2025 của Chính phủ. Nghị quyết số 27/2024/NQ-HĐND "
        "ngày 19 tháng 11 năm 2024 của Hội đồng nhân dân thành phố Hà Nội quy định việc nhượng "
        "quyền khai thác công trình văn hóa (thực hiện điểm a, b khoản 4 Điều 41 Luật Thủ đô số "
        "39/2024/QH15) được tổ chức thực hiện.",
        {
            ("114-2024-nd-cp", "AMENDS", "151-2017-nd-cp"),
            ("50-2025-nd-cp", "AMENDS", "151-2017-nd-cp"),
            ("27-2024-nq-hdnd-ha-noi", "IMPLEMENTS", "39-2024-qh15"),
        },
        {("151-2017-nd-cp", "AMENDS", "50-2025-nd-cp")},
    ),
    # the sentence's subject amends a list over ";" whose first member has a long title naming
    # a law: the second member is amended too, the law is not
    (
        "Theo đó, Nghị định số 225/2025/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số "
        "23/2024/NĐ-CP ngày 27/02/2024 của Chính phủ quy định chi tiết một số điều và biện pháp "
        "thi hành Luật Đấu thầu về lựa chọn nhà đầu tư thực hiện dự án theo pháp luật chuyên "
        "ngành; Nghị định số 115/2024/NĐ-CP ngày 16/9/2024 của Chính phủ quy định chi tiết một "
        "số điều và biện pháp thi hành Luật Đấu thầu về lựa chọn nhà đầu tư có sử dụng đất.",
        {
            ("225-2025-nd-cp", "AMENDS", "23-2024-nd-cp"),
            ("225-2025-nd-cp", "AMENDS", "115-2024-nd-cp"),
        },
        {("225-2025-nd-cp", "AMENDS", "luat-dau-thau")},
    ),
    # a decree that details a law, then another decree after ";": no link between the two
    (
        "Các đơn vị thực hiện đúng Nghị định số 151/2017/NĐ-CP ngày 26/12/2017 của Chính phủ quy "
        "định chi tiết một số điều của Luật Quản lý, sử dụng tài sản công; Nghị định số "
        "114/2024/NĐ-CP ngày 15/9/2024 của Chính phủ được áp dụng từ năm 2025.",
        set(),
        {("151-2017-nd-cp", "GUIDES", "114-2024-nd-cp")},
    ),
    # a submission asks for the amendment; it amends nothing itself
    (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH BẠC LIÊU\nSố: 17/2008/NQ-HĐND\n\nNGHỊ QUYẾT\nVề việc điều "
        "chỉnh định mức phân bổ dự toán\n\nXét Tờ trình số 41/TTr-UBND ngày 26 tháng 6 năm "
        "2008 của Ủy ban nhân dân tỉnh Bạc Liêu về việc điều chỉnh Nghị quyết số 42/2006/NQ-HĐND "
        "ngày 05 tháng 10 năm 2006 của Hội đồng nhân dân tỉnh về định mức phân bổ dự toán;\n",
        set(),
        {("41-ttr-ubnd-bac-lieu-2008", "AMENDS", "42-2006-nq-hdnd-bac-lieu")},
    ),
    # the decree it replaces details a law "về lựa chọn nhà thầu", then "hết hiệu lực": the
    # law's subject ends before the words of force
    (
        "CHÍNH PHỦ\nSố: 24/2024/NĐ-CP\nHà Nội, ngày 27 tháng 02 năm 2024\n\nNGHỊ ĐỊNH\nQuy "
        "định chi tiết một số điều của Luật Đấu thầu\n\nĐiều 130. Hiệu lực thi hành\n1. Nghị "
        "định này có hiệu lực thi hành kể từ ngày ký ban hành.\n2. Nghị định số 63/2014/NĐ-CP "
        "ngày 26 tháng 6 năm 2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật "
        "Đấu thầu về lựa chọn nhà thầu hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi "
        "hành.\n",
        {(SELF, "REPEALS", "63-2014-nd-cp")},
        set(),
    ),
    # "về việc điều chỉnh, bổ sung một số nội dung Chỉ thị ...": the conclusion amends it
    (
        "Kết luận số 118-KL/TW, ngày 18/1/2025 của Bộ Chính trị về việc điều chỉnh, bổ sung một "
        "số nội dung Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị đã được quán triệt.",
        {("118-kl-tw-2025", "AMENDS", "35-ct-tw-2024")},
        set(),
    ),
    # a Pháp điển note: the decree's title names the law it details; "được bãi bỏ bởi" acts on
    # the decree (on one of its articles: it is amended), not on the law
    (
        "(Điều 5 Nghị định số 24/2024/NĐ-CP Quy định chi tiết một số điều và biện pháp thi hành "
        "Luật Đấu thầu về lựa chọn nhà thầu ngày 27/02/2024 của Chính phủ, có hiệu lực thi hành "
        "kể từ ngày 27/02/2024, được bãi bỏ bởi Khoản 3 Điều 1 Nghị định số 17/2025/NĐ-CP ngày "
        "06/02/2025 của Chính phủ, có hiệu lực thi hành kể từ ngày 06/02/2025)",
        {("17-2025-nd-cp", "AMENDS", "24-2024-nd-cp")},
        {
            ("17-2025-nd-cp", "AMENDS", "22-2023-qh15"),
            ("17-2025-nd-cp", "REPEALS", "24-2024-nd-cp"),
        },
    ),
    # an insertion: "bổ sung Chương IVb ... vào sau Chương IVa của Nghị định ..." supplements it
    (
        'Nghị định số 17/2025/NĐ-CP ngày 06/02/2025 đã bổ sung Chương IVa "Chỉ định nhà thầu" '
        "gồm Điều 44a và Điều 44b vào sau Chương IV của Nghị định số 24/2024/NĐ-CP ngày "
        "27/02/2024.",
        {("17-2025-nd-cp", "SUPPLEMENTS", "24-2024-nd-cp")},
        set(),
    ),
    # a report of a meeting before the list it agreed on: no such sentence, no preamble
    (
        "Quang cảnh hội nghị\n\nBáo cáo tại hội nghị nêu rõ các tỉnh đã triển khai thực hiện "
        "Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương nghiêm túc.\n\nTrên "
        "cơ sở ý kiến chỉ đạo của lãnh đạo Ban, hội nghị thống nhất triển khai các nhiệm vụ "
        "trọng tâm sau:\n\n1. Tiếp tục tham mưu công tác cán bộ.\n",
        set(),
        {(SELF, "IMPLEMENTS", "21-kl-tw-2021"), (SELF, "REVIEWS", "21-kl-tw-2021")},
    ),
]


@pytest.mark.parametrize("text,present,absent", ROWS, ids=[f"row{i}" for i in range(len(ROWS))])
def test_links_stated_by_a_sentence(text, present, absent):
    found = links(text)
    assert present <= found, found
    assert not (absent & found), found


def test_a_letter_is_dated_below_its_subject_line():
    """ "Số: ...", "V/v ... Chỉ thị số 05/CT-TTg ngày 14/02/2025 ...", "Hà Tĩnh, ngày 06 tháng 3
    năm 2025": the letter's own number is of 6 March 2025."""
    text = next(row[0] for row in ROWS if "1377/UBND-NL" in row[0])
    src = SourceDocument("letter.txt", "txt", text, None, "0" * 64, letterhead_date(text))
    batch, _ = build_batch(src, Registry.load())
    (own,) = [e.target for e in batch.edges if e.type is EdgeType.IS_DIRECTIVE]
    assert own == "1377-ubnd-nl-ha-tinh-2025"
    facts = [f for by_source in [batch.facts[own]] for f in by_source.values()]
    assert any(f.get("issued_on") == "2025-03-06" for f in facts), facts


def test_a_party_committee_named_at_length_is_the_province_committee():
    """ "Ban Chấp hành Đảng bộ tỉnh Sóc Trăng" is the Tỉnh ủy Sóc Trăng; a second mention of the
    same programme that names no province ("... của Ban Chấp hành Đảng bộ tỉnh") is the same
    node, issued by the same body: no node of a committee without a place."""
    text = (
        "Chương trình số 27-CTr/TU ngày 12/3/2018 của Ban Chấp hành Đảng bộ tỉnh Sóc Trăng đã được "
        "quán triệt. Các huyện xây dựng kế hoạch thực hiện Chương trình số 27-CTr/TU ngày "
        "12/3/2018 của Ban Chấp hành Đảng bộ tỉnh."
    )
    src = SourceDocument(
        "s.txt", "txt", text, None, hashlib.sha256(text.encode()).hexdigest(), None
    )
    batch, _ = build_batch(src, Registry.load())
    issued = {(e.source, e.target) for e in batch.edges if e.type is EdgeType.ISSUED_BY}
    assert issued == {("27-ctr-tu-soc-trang-2018", "body-tinh-uy-soc-trang")}, issued


def _issued(text: str, path: str = "s.txt") -> dict[str, set[str]]:
    src = SourceDocument(path, "txt", text, None, hashlib.sha256(text.encode()).hexdigest(), None)
    batch, _ = build_batch(src, Registry.load())
    out: dict[str, set[str]] = {}
    for e in batch.edges:
        if e.type is EdgeType.ISSUED_BY:
            out.setdefault(e.source, set()).add(e.target)
    return out


def test_issuers_named_once_for_several_documents_and_by_their_level():
    """A province's text: "Chỉ thị số 31-CT/TU ngày ..., Kế hoạch số 134-KH/TU ngày ... của Ban
    Thường vụ Tỉnh ủy" gives both (one issuer code, "/TU") the province's standing committee,
    as the letterhead names it; a law named by its name is the National Assembly's."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 06/CT-UBND\n\nCHỈ THỊ\nVề bảo vệ rừng\n\n"
        "Thực hiện Chỉ thị số 31-CT/TU ngày 06/6/2023, Kế hoạch số 134-KH/TU ngày 29/12/2023 "
        "của Ban Thường vụ Tỉnh ủy; Chỉ thị số 03/CT-UBND ngày 19/3/2019, Phương án số "
        "728/PA-UBND ngày 28/02/2025 của UBND tỉnh và Luật Bảo vệ và phát triển rừng, Ủy ban nhân dân tỉnh "
        "yêu cầu:\n"
    )
    issued = _issued(text)
    committee = {"body-ban-thuong-vu-tinh-uy-quang-tri"}
    assert issued["31-ct-tu-quang-tri-2023"] == committee, issued
    assert issued["134-kh-tu-quang-tri-2023"] == committee
    assert issued["3-ct-ubnd-quang-tri-2019"] == {"body-uy-ban-nhan-dan-tinh-quang-tri"}
    assert issued["728-pa-ubnd-quang-tri-2025"] == {"body-uy-ban-nhan-dan-tinh-quang-tri"}
    laws = [node for node in issued if node.startswith("luat-")]  # (by name: no registry row)
    assert laws and all(issued[node] == {"body-quoc-hoi"} for node in laws), issued


def test_a_page_without_letterhead_is_of_the_province_its_headline_names():
    """A school's news page: "Trường Chính trị tỉnh Cà Mau tổ chức ..."; the decision of "Ban
    Thường vụ Tỉnh ủy" it announces is Cà Mau's, not a document of its own."""
    text = (
        "Trường Chính trị tỉnh Cà Mau tổ chức Hội nghị công bố quyết định\n\nChiều ngày "
        "08/11/2023, nhà trường công bố Quyết định số 747-QĐ/TU ngày 02/11/2023 của Ban Thường vụ "
        "Tỉnh ủy về việc bổ nhiệm cán bộ.\n"
    )
    issued = _issued(text)
    assert issued == {"747-qd-tu-ca-mau-2023": {"body-ban-thuong-vu-tinh-uy-ca-mau"}}, issued


def test_a_district_report_and_the_units_of_a_party_committee_issue_what_they_sign():
    """ "ĐẢNG BỘ TỈNH HÀ TĨNH / HUYỆN ỦY CAN LỘC": the report is the district committee's (the
    lowest line of the letterhead); "của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo"
    names one issuer, then the sentence's own subject; a review is of what its title names."""
    text = (
        "ĐẢNG BỘ TỈNH HÀ TĨNH\nHUYỆN ỦY CAN LỘC\n*\nSố 245-BC/HU\n\nCan Lộc, ngày 20 tháng 6 năm "
        "2024\n\nBÁO CÁO\nsơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU ngày 15/7/2021 của Ban "
        "Chấp hành Đảng bộ tỉnh về phát triển nông nghiệp\n\nThực hiện Hướng dẫn số 12-HD/BTGTU "
        "ngày 02/5/2024 của Ban Tuyên giáo Tỉnh ủy, Ban Thường vụ Huyện ủy báo cáo như sau:\n"
    )
    issued = _issued(text)
    assert issued["245-bc-hu-ha-tinh-2024"] == {"body-huyen-uy-can-loc"}, issued
    assert issued["12-hd-btgtu-ha-tinh-2024"] == {"body-ban-tuyen-giao-tinh-uy-ha-tinh"}, issued
    assert issued["6-nq-tu-ha-tinh-2021"] == {"body-tinh-uy-ha-tinh"}, issued
    assert (SELF, "REVIEWS", "6-nq-tu-ha-tinh-2021") in links(text)
