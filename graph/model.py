"""Domain types shared by every stage: what a citation is, before and after it enters the graph.

Stages pass these typed objects, never loose dicts; the JSON forms are derived from them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """Document types. The value is the stable identifier used in JSON, ids and the gold data."""

    NGHI_QUYET = "nghi_quyet"  # Nghị quyết (resolution)
    KET_LUAN = "ket_luan"  # Kết luận (conclusion)
    KE_HOACH = "ke_hoach"  # Kế hoạch (plan)
    QUY_DINH = "quy_dinh"  # Quy định (regulation)
    QUYET_DINH = "quyet_dinh"  # Quyết định (decision)
    CHI_THI = "chi_thi"  # Chỉ thị (directive)
    THONG_BAO = "thong_bao"  # Thông báo (notice)
    HUONG_DAN = "huong_dan"  # Hướng dẫn (guidance)
    QUY_CHE = "quy_che"  # Quy chế (rules of procedure)
    CHUONG_TRINH = "chuong_trinh"  # Chương trình (programme)
    DE_AN = "de_an"  # Đề án (project)
    BAO_CAO = "bao_cao"  # Báo cáo (report)
    CONG_VAN = "cong_van"  # Công văn (official letter)
    TO_TRINH = "to_trinh"  # Tờ trình (submission)
    THONG_TRI = "thong_tri"  # Thông tri (Party circular)
    LUAT = "luat"  # Luật (law)
    BO_LUAT = "bo_luat"  # Bộ luật (code)
    HIEN_PHAP = "hien_phap"  # Hiến pháp (constitution)
    NGHI_DINH = "nghi_dinh"  # Nghị định (government decree)
    THONG_TU = "thong_tu"  # Thông tư (ministerial circular)
    THONG_TU_LIEN_TICH = "thong_tu_lien_tich"  # Thông tư liên tịch (joint circular)
    PHAP_LENH = "phap_lenh"  # Pháp lệnh (ordinance)
    CONG_DIEN = "cong_dien"  # Công điện (telegram)
    # Types outside the core list; the evaluator scores them as the gold's "other".
    DIEU_LE = "dieu_le"  # Điều lệ (charter: Điều lệ Đảng)
    PHUONG_AN = "phuong_an"  # Phương án (action scheme)
    QUY_TRINH = "quy_trinh"  # Quy trình (procedure)
    THONG_CAO = "thong_cao"  # Thông cáo (communiqué)


class Form(StrEnum):
    FULL = "full"  # number and symbol: 18-NQ/TW, 15/2020/NĐ-CP
    SHORT = "short"  # number without symbol: "NQ 18", "Nghị quyết số 18"
    UNNUMBERED = "unnumbered"  # congress and plenum documents: "Nghị quyết Trung ương 5 khóa XIII"
    NAMED = "named"  # laws and codes by name: "Luật Cán bộ, công chức năm 2008"


@dataclass(slots=True)
class Citation:
    """One mention of a directive in a text.

    `start`/`end` index the original text (before any normalisation), so
    `original[start:end] == text` always holds.
    """

    text: str
    start: int
    end: int
    kind: Kind
    form: Form
    number: str | None = None
    year: int | None = None
    symbol: str | None = None
    code: str | None = None
    issued_on: str | None = None
    issuer: str | None = None
    issuer_text: str | None = None
    term: str | None = None
    plenum: int | None = None
    congress: str | None = None
    title: str | None = None
    subject: str | None = None
    self: bool = False
    # Offsets into the normalised text, kept for the later stages (sentence lookup, relations).
    _norm_span: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("_norm_span", None)
        data["kind"] = str(self.kind)
        data["form"] = str(self.form)
        return data
