"""The words of citations: type words, symbol abbreviations, ordinals, issuer codes.

Tables only; the patterns that use them live in `regexes.py`. Keys are in cleaned lower case
(see `clean.py`: tone on the first vowel, "ủy" not "uỷ", single spaces).
"""

from __future__ import annotations

from directive_graph.graph.model import Kind

# Type words as written before a number or a name, longest first where one is a prefix of another.
TYPE_WORDS: dict[str, Kind] = {
    "nghị quyết liên tịch": Kind.NGHI_QUYET,
    "nghị quyết": Kind.NGHI_QUYET,
    "kết luận": Kind.KET_LUAN,
    "kế hoạch liên tịch": Kind.KE_HOACH,
    "kế hoạch": Kind.KE_HOACH,
    "quy định": Kind.QUY_DINH,
    "quyết định": Kind.QUYET_DINH,
    "chỉ thị": Kind.CHI_THI,
    "thông báo kết luận": Kind.THONG_BAO,
    "thông báo": Kind.THONG_BAO,
    "hướng dẫn liên tịch": Kind.HUONG_DAN,
    "hướng dẫn": Kind.HUONG_DAN,
    "quy chế phối hợp": Kind.QUY_CHE,
    "quy chế": Kind.QUY_CHE,
    "chương trình hành động": Kind.CHUONG_TRINH,
    "chương trình": Kind.CHUONG_TRINH,
    "đề án": Kind.DE_AN,
    "báo cáo": Kind.BAO_CAO,
    "công văn": Kind.CONG_VAN,
    "tờ trình": Kind.TO_TRINH,
    "thông tri": Kind.THONG_TRI,
    "bộ luật": Kind.BO_LUAT,
    "luật": Kind.LUAT,
    "hiến pháp": Kind.HIEN_PHAP,
    "nghị định": Kind.NGHI_DINH,
    "thông tư liên tịch": Kind.THONG_TU_LIEN_TICH,
    "thông tư": Kind.THONG_TU,
    "pháp lệnh": Kind.PHAP_LENH,
    "công điện": Kind.CONG_DIEN,
    "điều lệ": Kind.DIEU_LE,
    "phương án": Kind.PHUONG_AN,
    "quy trình": Kind.QUY_TRINH,
    "thông cáo": Kind.THONG_CAO,
    "hướng dẫn liên ngành": Kind.HUONG_DAN,
    "thông tư liên bộ": Kind.THONG_TU_LIEN_TICH,
    "văn bản hợp nhất": Kind.VAN_BAN_HOP_NHAT,
    "sắc lệnh": Kind.SAC_LENH,
    "lệnh công bố": Kind.LENH,
    "lệnh": Kind.LENH,
}

# Type words that are also everyday verbs or nouns ("theo quy định", "báo cáo kết quả"): in
# lower case they start a short form ("quy định 5") only in a symbol-bearing citation.
COMMON_WORD_TYPES = {
    "quy định",
    "quyết định",
    "kế hoạch",
    "thông báo",
    "hướng dẫn",
    "chương trình",
    "báo cáo",
    "quy chế",
    "đề án",
    "phương án",
    "quy trình",
    "công văn",
    "tờ trình",
    "lệnh",
    "lệnh công bố",
}

# Abbreviations of type words, as used in symbols ("18-NQ/TW") and in short forms ("NQ 18").
# Keys upper case, Đ written as Đ. QĐ is both Quy định and Quyết định: the type word decides.
TYPE_ABBREVIATIONS: dict[str, Kind] = {
    "NQ": Kind.NGHI_QUYET,
    "NQLT": Kind.NGHI_QUYET,
    "KL": Kind.KET_LUAN,
    "KH": Kind.KE_HOACH,
    "KHLT": Kind.KE_HOACH,
    "QĐ": Kind.QUYET_DINH,
    "QĐI": Kind.QUY_DINH,
    "QYĐ": Kind.QUY_DINH,
    "CT": Kind.CHI_THI,
    "TB": Kind.THONG_BAO,
    "HD": Kind.HUONG_DAN,
    "HDLT": Kind.HUONG_DAN,
    "QC": Kind.QUY_CHE,
    "QCPH": Kind.QUY_CHE,
    "CTR": Kind.CHUONG_TRINH,
    "ĐA": Kind.DE_AN,
    "BC": Kind.BAO_CAO,
    "CV": Kind.CONG_VAN,
    "TTR": Kind.TO_TRINH,
    "NĐ": Kind.NGHI_DINH,
    "TT": Kind.THONG_TU,  # in a Party symbol ("12-TT/TW") it is a Thông tri, see below
    "TTLT": Kind.THONG_TU_LIEN_TICH,
    "PL": Kind.PHAP_LENH,
    "CĐ": Kind.CONG_DIEN,
    "PA": Kind.PHUONG_AN,
    "QTR": Kind.QUY_TRINH,
    "TC": Kind.THONG_CAO,
    "VBHN": Kind.VAN_BAN_HOP_NHAT,
    "SL": Kind.SAC_LENH,
    "L": Kind.LENH,
}

# Party symbols put the type first and the issuer after the slash: in them TT is a Thông tri.
PARTY_TYPE_OVERRIDES: dict[str, Kind] = {"TT": Kind.THONG_TRI, "QĐ": Kind.QUYET_DINH}

# Short forms written with an abbreviation and a bare number ("NQ 18", "KL21", "NĐ 15/2020").
SHORT_ABBREVIATIONS = ("NQ", "KL", "KH", "QĐ", "CT", "NĐ", "TT", "TB", "HD", "CTr", "QC", "TTLT")

# Symbol tokens whose official case is mixed; everything else is upper case.
MIXED_CASE_TOKENS = {"TTG": "TTg", "QĐI": "QĐi", "CTR": "CTr", "TTR": "TTr", "QYĐ": "QyĐ"}

# Plain D typed for Đ in symbols ("QD-TTg", "ND-CP", "NQ-HDND"). Only tokens where a D can only be
# a Đ are mapped: HD (Hướng dẫn) and BTGDVTW (Dân vận) keep their D.
PLAIN_D_TOKENS = {
    "QD": "QĐ",
    "QDI": "QĐI",
    "ND": "NĐ",
    "HDND": "HĐND",
    "DU": "ĐU",
    "DUK": "ĐUK",
    "DA": "ĐA",
    "CD": "CĐ",
    "QYD": "QYĐ",
    "BCSD": "BCSĐ",
    "DĐ": "ĐĐ",
    "DD": "ĐĐ",
}

# State issuer codes (after the hyphen) -> canonical body. Ministries by their usual code.
STATE_ISSUER_CODES: dict[str, str] = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BGTVT": "Bộ Giao thông vận tải",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "UBDT": "Ủy ban Dân tộc",
    "KTNN": "Kiểm toán nhà nước",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPQH": "Văn phòng Quốc hội",
    "CTN": "Chủ tịch nước",
}

# Party issuer codes (after the slash) -> canonical body, where the code alone decides it.
# TW is shared by the Central Committee, the Politburo and the Secretariat: context decides.
PARTY_ISSUER_CODES: dict[str, str] = {
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "BĐNTW": "Ban Đối ngoại Trung ương",
    "VPTW": "Văn phòng Trung ương Đảng",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "QUTW": "Quân ủy Trung ương",
    "ĐUQSTW": "Quân ủy Trung ương",
    "ĐUCA": "Đảng ủy Công an Trung ương",
    "ĐUCATW": "Đảng ủy Công an Trung ương",
}

# Symbol endings that mark a Party document: TW and the committee and advisory-board codes.
PARTY_ISSUER_SUFFIXES = (
    "TW",
    "TU",
    "HU",
    "QU",
    "THU",
    "ĐU",
    "ĐUK",
    "CB",
    "BTCTU",
    "BTGTU",
    "BDVTU",
    "VPTU",
    "UBKTTU",
    "BTGDVTU",
    "ĐĐ",
    "BCSĐ",
    "BCĐ",
)

ORDINALS: dict[str, int] = {
    "nhất": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "mười ba": 13,
    "mười bốn": 14,
    "mười lăm": 15,
    "mười sáu": 16,
    "mười bảy": 17,
    "mười tám": 18,
    "mười chín": 19,
    "hai mươi": 20,
}

ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
    "XVI": 16,
    "XVII": 17,
    "XVIII": 18,
    "XIX": 19,
    "XX": 20,
    "XXI": 21,
    "XXII": 22,
    "XXIII": 23,
    "XXIV": 24,
    "XXV": 25,
}
TO_ROMAN = {v: k for k, v in ROMAN.items()}

# Words that, right after a bare number, show it counts things and is no document number.
COUNT_NOUNS = {
    "tháng",
    "năm",
    "ngày",
    "tuần",
    "quý",
    "lượt",
    "nhóm",
    "người",
    "đồng",
    "triệu",
    "tỷ",
    "nghìn",
    "ngàn",
    "điều",
    "khoản",
    "chương",
    "mục",
    "nội",
    "văn",
    "lần",
    "giờ",
    "phút",
    "%",
    "km",
    "ha",
    "đơn",
    "cán",
    "đảng",
    "xã",
    "tỉnh",
    "huyện",
    "cơ",
    "cấp",
    "loại",
    "nhiệm",
    "giải",
    "chỉ",
    "mô",
    "đề",
    "dự",
    "hộ",
    "trường",
    "bộ",
    "ban",
    "đoàn",
    "học",
}
