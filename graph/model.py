"""Domain types shared by every stage: what a citation is, before and after it enters the graph.

Stages pass these typed objects, never loose dicts; the JSON forms are derived from them. The
fields of `Directive` are the one list of a directive's properties: a citation's facts, a
registry entry's, the registry's columns, the conflicts a store records, Neo4j's flat
properties and the RDF vocabulary all derive from it (DIRECTIVE_FIELDS and the lists below).
"""

from __future__ import annotations

from dataclasses import Field, asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, NamedTuple


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


# The name of each kind as a reader writes it (the web view and the CLI's tables show these).
KIND_LABELS: dict[str, str] = {
    "nghi_quyet": "Nghị quyết", "ket_luan": "Kết luận", "ke_hoach": "Kế hoạch",
    "quy_dinh": "Quy định", "quyet_dinh": "Quyết định", "chi_thi": "Chỉ thị",
    "thong_bao": "Thông báo", "huong_dan": "Hướng dẫn", "quy_che": "Quy chế",
    "chuong_trinh": "Chương trình", "de_an": "Đề án", "bao_cao": "Báo cáo",
    "cong_van": "Công văn", "to_trinh": "Tờ trình", "thong_tri": "Thông tri", "luat": "Luật",
    "bo_luat": "Bộ luật", "hien_phap": "Hiến pháp", "nghi_dinh": "Nghị định",
    "thong_tu": "Thông tư", "thong_tu_lien_tich": "Thông tư liên tịch", "phap_lenh": "Pháp lệnh",
    "cong_dien": "Công điện", "dieu_le": "Điều lệ", "phuong_an": "Phương án",
    "quy_trinh": "Quy trình", "thong_cao": "Thông cáo", "sac_lenh": "Sắc lệnh", "lenh": "Lệnh",
    "van_ban_hop_nhat": "Văn bản hợp nhất",
}  # fmt: skip


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
    SUCCEEDED_BY = "SUCCEEDED_BY"  # Body -> Body: renamed, or split into it (graph/history.py)
    MERGED_INTO = "MERGED_INTO"  # Body -> Body: merged into it


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


# ---------------------------------------------------------------------------------------------
# The nodes, typed: what each label's properties are. A node's `props` dict is the stored form;
# these are its typed views (`from_props`) and its makers (`props`), key order included.


def _fact(*, conflict: bool = False, registry: bool = True, rdf: str | None = None) -> Any:
    """A directive property: `conflict` (sources that disagree on it are recorded), `registry`
    (a registry row states it), `rdf` (its name in the dg: vocabulary, when not its own)."""
    return field(default=None, metadata={"conflict": conflict, "registry": registry, "rdf": rdf})


def _flat(default: Any = None) -> Any:
    """A property Neo4j holds as a plain property (indexed, shown in Neo4j Browser)."""
    return field(default=default, metadata={"flat": True})


@dataclass(frozen=True, slots=True)
class Directive:
    """A directive: its id and the properties its sources state, in the order of a citation's
    facts (which is the order of the stored properties and the export).

    >>> d = Directive.from_props("21-kl-tw-2021", {"kind": "ket_luan", "number": "21", "x": 1})
    >>> (d.kind, d.number, d.year, d.other)
    ('ket_luan', '21', None, {'x': 1})
    >>> CONFLICT_FIELDS[:7]
    ('kind', 'year', 'issued_on', 'issuer', 'term', 'plenum', 'congress')
    """

    id: str
    kind: str | None = _fact(conflict=True)
    number: str | None = _fact()
    year: int | None = _fact(conflict=True)
    symbol: str | None = _fact()
    code: str | None = _fact()
    issued_on: str | None = _fact(conflict=True, rdf="issuedOn")
    issuer: str | None = _fact(conflict=True)
    term: str | None = _fact(conflict=True)
    plenum: int | None = _fact(conflict=True)
    congress: str | None = _fact(conflict=True)
    title: str | None = _fact()
    subject: str | None = _fact(registry=False)  # what a citation says it is about
    # From registries (the Pháp điển, vbpl): when it took effect, when it ceased to, and the
    # status the registry states ("Còn hiệu lực", "Hết hiệu lực toàn bộ" ...).
    in_force_from: str | None = _fact(conflict=True, rdf="inForceFrom")
    in_force_until: str | None = _fact(conflict=True, rdf="inForceUntil")
    in_force_status: str | None = _fact(rdf="inForceStatus")
    aliases: tuple[str, ...] = ()  # the surfaces it was cited by
    conflicts: dict[str, list[dict]] = field(default_factory=dict)  # key -> values, sources
    other: dict[str, Any] = field(default_factory=dict)  # any other property

    @classmethod
    def from_props(cls, node_id: str, props: dict[str, Any]) -> Directive:
        known = {k: props[k] for k in DIRECTIVE_FIELDS if k in props}
        other = {k: v for k, v in props.items() if k not in _DIRECTIVE_KEYS}
        return cls(
            node_id,
            **known,
            aliases=tuple(props.get("aliases") or ()),
            conflicts=dict(props.get("conflicts") or {}),
            other=other,
        )

    @property
    def display_title(self) -> str | None:
        """Its title, or what a citation said it is about."""
        return self.title or self.subject


def _facts_fields() -> tuple[Field, ...]:
    return tuple(f for f in fields(Directive) if "conflict" in f.metadata)


# The one list: a directive's properties, in order; the rest derive from it.
DIRECTIVE_FIELDS: tuple[str, ...] = tuple(f.name for f in _facts_fields())
# Properties whose disagreement between sources is a conflict worth recording.
CONFLICT_FIELDS: tuple[str, ...] = tuple(f.name for f in _facts_fields() if f.metadata["conflict"])
# What a registry row states of a directive (its columns add "source" and "note").
REGISTRY_FIELDS: tuple[str, ...] = tuple(f.name for f in _facts_fields() if f.metadata["registry"])
# The name of each in the dg: RDF vocabulary.
RDF_NAMES: dict[str, str] = {f.name: f.metadata["rdf"] or f.name for f in _facts_fields()}
_DIRECTIVE_KEYS = frozenset((*DIRECTIVE_FIELDS, "aliases", "conflicts"))


def directive_facts(source: Any, fields_: tuple[str, ...] = DIRECTIVE_FIELDS) -> dict[str, Any]:
    """The directive properties an object states (a Citation, a registry Entry: anything with
    these attributes), in the one order, without the empty ones; `kind` as its value.

    >>> directive_facts(Citation("NQ 18", 0, 5, Kind.NGHI_QUYET, Form.SHORT, number="18"))
    {'kind': 'nghi_quyet', 'number': '18'}
    """
    out = {}
    for name in fields_:
        value = getattr(source, name, None)
        if name == "kind" and value is not None:
            value = str(value)
        if value not in (None, ""):
            out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Body:
    """An issuing body (Bộ Chính trị, Tỉnh ủy Bắc Ninh ...)."""

    id: str
    name: str = _flat("")
    aliases: tuple[str, ...] | None = None  # other names of a known body
    sphere: str | None = None  # "party", "state" ... for a known body
    existed_from: str | None = None  # ISO date or year, when the tables know (graph/history.py)
    existed_until: str | None = None  # the day it was merged, renamed or dissolved

    def props(self) -> dict[str, Any]:
        props: dict[str, Any] = {"name": self.name}
        if self.aliases is not None or self.sphere is not None:
            props.update(aliases=list(self.aliases or ()), sphere=self.sphere)
        if self.existed_from or self.existed_until:
            props.update(existed_from=self.existed_from, existed_until=self.existed_until)
        return props


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded text: where it came from and what the loader read of it."""

    id: str
    path: str = _flat("")  # the file's absolute path, or "api:NAME" for a posted text
    name: str = _flat("")
    format: str = _flat("")  # txt, html, docx, pdf ...
    title: str | None = _flat()
    issued_on: str | None = _flat()
    sha256: str = _flat("")
    locality: str | None = None  # the province of its letterhead
    citations: int = 0  # how many citations it holds
    pages: tuple[int, ...] = ()  # a PDF's: where each page starts in the text (see page_of)

    def props(self) -> dict[str, Any]:
        props = {
            f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("id", "pages")
        }
        if self.pages:  # only a PDF has pages: the other documents' facts stay as they were
            props["pages"] = list(self.pages)
        return props


@dataclass(frozen=True, slots=True)
class Task:
    """One task of a document's task list, with where it stands in the text."""

    id: str
    ordinal: str = _flat("")  # "1", "II.2", "a" ...
    text: str = _flat("")
    document: str = _flat("")  # the Document's id
    period: dict[str, str] | None = None  # {"start", "end", "text"} of its period
    responsible: list[str] = field(default_factory=list)  # bodies named as responsible
    deadline: str | None = None
    section: str | None = None  # the heading it stands under
    start: int = 0  # offsets into the document's text
    end: int = 0

    def props(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "id"}


Link = Edge  # a link between two nodes, with the evidence for it


# Properties each label keeps as plain (indexed) Neo4j properties.
FLAT_KEYS: dict[Label, tuple[str, ...]] = {
    Label.DIRECTIVE: DIRECTIVE_FIELDS,
    **{
        label: tuple(f.name for f in fields(cls) if f.metadata.get("flat"))
        for label, cls in ((Label.BODY, Body), (Label.DOCUMENT, Document), (Label.TASK, Task))
    },
}


class NodeRow(NamedTuple):
    """A node as stores dump and bulk-write it: its properties and each source's facts."""

    id: str
    label: Label
    props: dict[str, Any]
    sources: dict[str, dict[str, Any]]
