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
    SAC_LENH = "sac_lenh"  # Sắc lệnh (presidential decree, 1945-1959)
    LENH = "lenh"  # Lệnh (order of the President: "Lệnh công bố", L-CTN)
    VAN_BAN_HOP_NHAT = "van_ban_hop_nhat"  # Văn bản hợp nhất (consolidated text, VBHN)


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
    # How the citation was read, where it was not as written: "ocr" (a symbol corrected, "QHl5"
    # read as QH15), "written-hyphen-year" (05-2016/NQ-CP read as 05/2016/NQ-CP) ...
    flags: list[str] = field(default_factory=list)
    # Offsets into the normalised text, kept for the later stages (sentence lookup, relations).
    _norm_span: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)
    _context_end: int = field(default=0, repr=False, compare=False)  # where its clause ends
    _list_head: int = field(
        default=-1, repr=False, compare=False
    )  # index of its list's first member
    _subject_start: int = field(default=-1, repr=False, compare=False)  # after its "về"

    def to_dict(self) -> dict:
        data = asdict(self)
        for private in ("_norm_span", "_context_end", "_list_head", "_subject_start"):
            data.pop(private, None)
        data["kind"] = str(self.kind)
        data["form"] = str(self.form)
        return data


# ---------------------------------------------------------------------------------------------
# The graph


class Label(StrEnum):
    DIRECTIVE = "Directive"
    BODY = "Body"
    DOCUMENT = "Document"
    TASK = "Task"


class EdgeType(StrEnum):
    """Relationship types. Values are used verbatim as Neo4j relationship types."""

    ISSUED_BY = "ISSUED_BY"  # Directive -> Body
    PART_OF = "PART_OF"  # Body -> Body
    MENTIONS = "MENTIONS"  # Document -> Directive
    IS_DIRECTIVE = "IS_DIRECTIVE"  # Document -> Directive: the loaded text is this directive
    IMPLEMENTS = "IMPLEMENTS"  # "Kế hoạch ... thực hiện Kết luận ..."
    REVIEWS = "REVIEWS"  # "... kết quả 2 năm thực hiện Nghị quyết ..."
    BASED_ON = "BASED_ON"  # "Căn cứ ..."
    AMENDS = "AMENDS"  # "sửa đổi, bổ sung", "điều chỉnh"
    SUPPLEMENTS = "SUPPLEMENTS"  # "bổ sung" (adds to it without changing it)
    REPLACES = "REPLACES"  # "thay thế"
    REPEALS = "REPEALS"  # "bãi bỏ", "hủy bỏ"
    SUSPENDS = "SUSPENDS"  # "đình chỉ", "tạm ngưng hiệu lực"
    GUIDES = "GUIDES"  # "hướng dẫn thi hành", "quy định chi tiết"
    CITES = "CITES"  # related without a clearer verb
    HAS_TASK = "HAS_TASK"  # Document -> Task
    RESPONSIBLE = "RESPONSIBLE"  # Task -> Body


# Edges between directives (and from tasks to directives) that carry a relation's meaning.
RELATIONS = (
    EdgeType.IMPLEMENTS,
    EdgeType.REVIEWS,
    EdgeType.BASED_ON,
    EdgeType.AMENDS,
    EdgeType.SUPPLEMENTS,
    EdgeType.REPLACES,
    EdgeType.REPEALS,
    EdgeType.SUSPENDS,
    EdgeType.GUIDES,
    EdgeType.CITES,
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why an edge exists: where it was read, and whether it was stated or inferred."""

    document: str  # Document node id, or "registry" for facts from the registry
    start: int = 0  # offsets into the document's text
    end: int = 0
    sentence: str = ""
    text: str = ""  # the surface or the phrase that states the link
    stated: bool = True
    confidence: float = 1.0
    note: str = ""

    def to_dict(self) -> dict:
        # by hand: dataclasses.asdict deep-copies, and this runs for every edge of a bulk load
        return {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "text": self.text,
            "stated": self.stated,
            "confidence": self.confidence,
            "note": self.note,
        }


@dataclass(slots=True)
class Node:
    id: str
    label: Label
    props: dict = field(default_factory=dict)


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    type: EdgeType
    evidence: list[Evidence] = field(default_factory=list)
    props: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, str(self.type))
