"""The service's JSON answers as pydantic models: what OpenAPI publishes, field by field.

The routes build plain dicts (the catalogue's rows, `describe`'s views); these models check them
on the way out and never change them:

- strict: a value of another type is an error, never converted (no "2017" made 2017, no 1 made
  1.0);
- rows the code builds (`_Row`) forbid keys they do not declare, so none is dropped unseen;
- stored properties (`_Stored`: a node's, and the values inside them) keep exactly the keys they
  were given, in the order given: a property a node lacks stays absent (no null is added), and
  an undeclared one is kept (nodes are open: an imported graph may hold more).

Each model has an example: a real answer over the project's own texts (tests/report and
tests/fixtures), shortened.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from directive_graph.graph.model import EdgeType, Form, Kind

# --- value types -------------------------------------------------------------------------------

# A JSON number as given: an int stays an int (pydantic's float would make 1 into 1.0).
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
KindName = Annotated[
    str,
    WithJsonSchema({"type": "string", "enum": [str(k) for k in Kind], "examples": ["ket_luan"]}),
]
FormName = Annotated[str, WithJsonSchema({"type": "string", "enum": [str(f) for f in Form]})]
EdgeTypeName = Annotated[
    str,
    WithJsonSchema(
        {"type": "string", "enum": [str(t) for t in EdgeType], "examples": ["IMPLEMENTS"]}
    ),
]
Status = Literal["found", "ambiguous", "unknown"]
How = Literal["stated", "via", "inherited", "inferred"]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class _Row(BaseModel):
    """A row the code builds: every key declared, each of its type."""

    model_config = ConfigDict(strict=True, extra="forbid", serialize_by_alias=True)


class _Stored(BaseModel):
    """Stored properties: the known ones typed, serialized with exactly the keys given, in the
    order given."""

    model_config = ConfigDict(strict=True, extra="forbid", serialize_by_alias=True)
    _given: tuple[str, ...] | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_keys(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        model = handler(data)
        if isinstance(data, Mapping):
            model._given = tuple(data)
        return model

    # no return annotation: pydantic would publish it as the model's JSON schema
    @model_serializer(mode="wrap")
    def _as_given(self, handler: SerializerFunctionWrapHandler):
        out = handler(self)
        if self._given is None:  # made in code, not from a dict
            return out
        return {key: out[key] for key in self._given if key in out}


# --- examples (real answers, shortened) --------------------------------------------------------

KL21 = "21-kl-tw-2021"
PLAN_DOC = "doc-ke-hoach-thuc-hien-kl21-bf62fe9e"
REPORT_DOC = "doc-so-ket-cum-thi-dua-bac-trung-bo-2022-4de43e16"
TASK_ID = f"task-{PLAN_DOC}-II.1.a"
KL21_TITLE = (
    "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, "
    "xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện "
    '"tự diễn biến", "tự chuyển hóa"'
)
NQ18_TITLE = (
    "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, "
    "hoạt động hiệu lực, hiệu quả"
)
TASK_TEXT = (
    "Tổ chức quán triệt Kết luận số 21-KL/TW đến toàn thể cán bộ, đảng viên trong quý II/2022."
)
PLAN_TITLE_SENTENCE = (
    "KẾ HOẠCH Thực hiện Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng "
    "khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"
)
EVIDENCE = {
    "document": PLAN_DOC,
    "start": 616,
    "end": 636,
    "sentence": f"a) {TASK_TEXT}",
    "text": "quán triệt",
    "stated": True,
    "confidence": 1.0,
    "note": "",
}
ISSUED_EVIDENCE = {
    "document": PLAN_DOC,
    "start": 90,
    "end": 110,
    "sentence": PLAN_TITLE_SENTENCE,
    "text": "Kết luận số 21-KL/TW",
    "stated": True,
    "confidence": 1.0,
    "note": "code and year stated",
}
PLAN_EVIDENCE = {**ISSUED_EVIDENCE, "start": 24, "text": "Thực hiện", "note": "stated by the text"}
PERIOD = {"end": "2022-06-30", "start": "2022-04-01", "text": "quý II/2022"}
TASK_ROW = {
    "id": TASK_ID,
    "ordinal": "II.1.a",
    "text": TASK_TEXT,
    "document": PLAN_DOC,
    "period": PERIOD,
    "responsible": [],
}
LINK_ROW = {
    "type": "IMPLEMENTS",
    "target": KL21,
    "how": "stated",
    "stated": True,
    "inferred": False,
    "confidence": 1.0,
    "via": [],
    "evidence": [EVIDENCE],
}
TASK_LINK_ROW = {"task": TASK_ROW, "link": LINK_ROW}
EDGE_ROW = {
    "source": "12-kh-tu-quang-nam-2022",
    "target": KL21,
    "type": "IMPLEMENTS",
    "evidence": [PLAN_EVIDENCE],
}
MENTION_ROW = {
    "source": PLAN_DOC,
    "target": KL21,
    "type": "MENTIONS",
    "evidence": [ISSUED_EVIDENCE],
}
NODE_LINK = {
    "source": KL21,
    "target": "body-ban-chap-hanh-trung-uong",
    "type": "ISSUED_BY",
    "inferred": False,
    "evidence": [ISSUED_EVIDENCE],
}
IMPLEMENTED_BY = {
    "source": "12-kh-tu-quang-nam-2022",
    "target": KL21,
    "type": "IMPLEMENTS",
    "inferred": False,
    "evidence": [PLAN_EVIDENCE],
}
CITATION = {
    "text": "KL 21",
    "start": 0,
    "end": 5,
    "kind": "ket_luan",
    "form": "short",
    "number": "21",
    "year": None,
    "symbol": None,
    "code": None,
    "issued_on": None,
    "issuer": None,
    "issuer_text": None,
    "term": None,
    "plenum": None,
    "congress": None,
    "title": None,
    "subject": None,
    "self": False,
    "flags": [],
}
NQ18_CITATION = {**CITATION, "text": "NQ 18", "kind": "nghi_quyet", "number": "18"}
CANDIDATES = [
    {
        "id": "18-nq-tw-2017",
        "in_graph": True,
        "code": "18-NQ/TW",
        "issued_on": "2017-10-25",
        "title": NQ18_TITLE,
    },
    {
        "id": "18-nq-tw-2022",
        "in_graph": False,
        "code": "18-NQ/TW",
        "issued_on": "2022-06-16",
        "title": "tiếp tục đổi mới, hoàn thiện thể chế, chính sách, nâng cao hiệu lực, hiệu quả "
        "quản lý và sử dụng đất",
    },
]
FOUND = {
    "status": "found",
    "id": KL21,
    "in_graph": True,
    "candidates": [],
    "suggestions": [],
    "how": "registry: the only ket_luan 21 that fits",
    "citation": CITATION,
}
AMBIGUOUS = {
    "status": "ambiguous",
    "id": None,
    "in_graph": False,
    "candidates": CANDIDATES,
    "suggestions": [],
    "how": "ambiguous nghi_quyet 18: the context does not decide",
    "citation": NQ18_CITATION,
}
BY_ID = {**FOUND, "how": "canonical id", "citation": None}
DIRECTIVE_ROW = {
    "id": KL21,
    "code": "21-KL/TW",
    "kind": "ket_luan",
    "year": 2021,
    "issued_on": "2021-10-25",
    "issuer": "Ban Chấp hành Trung ương",
    "term": "XIII",
    "title": KL21_TITLE,
}
PLAN_ROW = {
    "id": "3-kh-tw-2021",
    "code": "03-KH/TW",
    "kind": "ke_hoach",
    "year": 2021,
    "issued_on": "2021-12-01",
    "issuer": "Bộ Chính trị",
    "term": "XIII",
    "title": "thực hiện Kết luận số 21-KL/TW của Ban Chấp hành Trung ương Đảng khóa XIII về đẩy "
    "mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
}
CONFLICT = [
    {"sources": [f"{REPORT_DOC}#1570", "registry"], "value": "Bộ Chính trị"},
    {"sources": [f"{PLAN_DOC}#239"], "value": "Bộ Chính trị; Ban thường vụ Tỉnh ủy"},
]
DIRECTIVE_NODE = {
    "id": KL21,
    "label": "Directive",
    "aliases": [
        "Kết luận Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)",
        "Kết luận số 21-KL/TW",
    ],
    "code": "21-KL/TW",
    "issued_on": "2021-10-25",
    "issuer": "Ban Chấp hành Trung ương",
    "kind": "ket_luan",
    "number": "21",
    "plenum": 4,
    "source": "https://thuviennhadat.vn/vbpl/ke-hoach-03-kh-tw-2021-thuc-hien-ket-luan-21-kl-tw-"
    "xay-dung-chinh-don-dang-506365.html",
    "subject": "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "symbol": "KL/TW",
    "term": "XIII",
    "title": KL21_TITLE,
    "year": 2021,
}
PLAN_NODE = {
    "id": "3-kh-tw-2021",
    "label": "Directive",
    "aliases": ["Kế hoạch số 03-KH/TW"],
    "code": "03-KH/TW",
    "conflicts": {"issuer": CONFLICT},
    "issued_on": "2021-12-01",
    "issuer": "Bộ Chính trị",
    "kind": "ke_hoach",
    "number": "3",
    "symbol": "KH/TW",
    "term": "XIII",
    "year": 2021,
}
TASK_NODE = {
    "id": TASK_ID,
    "label": "Task",
    "deadline": "2022-06-30",
    "document": PLAN_DOC,
    "end": 686,
    "ordinal": "II.1.a",
    "period": PERIOD,
    "section": "NHIỆM VỤ, GIẢI PHÁP",
    "start": 594,
    "text": TASK_TEXT,
}
TASK_OUT = {
    "source": TASK_ID,
    "target": KL21,
    "type": "IMPLEMENTS",
    "inferred": False,
    "evidence": [EVIDENCE],
}
TASK_IN = {
    "source": PLAN_DOC,
    "target": TASK_ID,
    "type": "HAS_TASK",
    "inferred": False,
    "evidence": [{**EVIDENCE, "start": 594, "end": 686, "sentence": TASK_TEXT, "text": "II.1.a"}],
}
BODY_ROW = {
    "id": "body-bo-chinh-tri",
    "aliases": ["BCT", "Bộ Chính trị Trung ương"],
    "name": "Bộ Chính trị",
    "sphere": "party",
}
UNRESOLVED_ENTRY = {
    "candidates": [],
    "line": 21,
    "reason": "code 12-HD/BTCTW: no year in the text and none in the registry",
    "text": "Hướng dẫn số 12-HD/BTCTW",
}
DOCUMENT_NODE = {
    "id": PLAN_DOC,
    "label": "Document",
    "citations": 5,
    "format": "txt",
    "issued_on": "2022-03-15",
    "locality": "Quảng Nam",
    "name": "ke-hoach-thuc-hien-kl21.txt",
    "path": "/srv/texts/ke-hoach-thuc-hien-kl21.txt",
    "sha256": "bf62fe9e731ecb703951eb0a4368a81bccc4d5f9652183703d5b30768aba8c3e",
    "title": "TỈNH ỦY QUẢNG NAM",
    "unresolved": [UNRESOLVED_ENTRY],
}
CITATION_LOOKUP = {
    "citation": {**CITATION, "text": "Kết luận số 21-KL/TW", "start": 10, "end": 30, "form": "full",
                 "symbol": "KL/TW", "code": "21-KL/TW"},
    "how": "registry: the only code 21-KL/TW that fits",
    "status": "found",
    "id": KL21,
    "candidates": [],
}  # fmt: skip
AMBIGUOUS_LOOKUP = {
    "citation": {**NQ18_CITATION, "start": 34, "end": 39},
    "how": "ambiguous nghi_quyet 18: the context does not decide",
    "status": "ambiguous",
    "id": None,
    "candidates": [{"id": c["id"], "in_graph": c["in_graph"]} for c in CANDIDATES],
}
UNRESOLVED = {
    "document": "doc-api-ke-hoach-c8f329b5",
    "path": "api:ke-hoach.txt",
    "line": 4,
    "text": "Chỉ thị số 07-CT/TU",
    "reason": "code 07-CT/TU: no year in the text and none in the registry",
    "candidates": [],
}


# --- links and their evidence ------------------------------------------------------------------


class Evidence(_Row):
    """Why a link exists: the sentence that states it (or, for an inferred link, the task's
    words that share the directive's subject)."""

    model_config = _examples(EVIDENCE)
    document: str = Field(description='the id of the Document it was read in, or "registry"')
    start: int = Field(description="where it starts in the document's text (a character offset)")
    end: int = Field(description="where it ends")
    sentence: str = Field(description="the sentence, as written")
    text: str = Field(description="the words that state the link (a cue, or the citation)")
    stated: bool = Field(description="whether the text states the link (false: inferred)")
    confidence: Number = Field(description="1 for a stated link; below 1 for a guess")
    note: str = Field(description="how it was read")


class NodeLink(_Row):
    """A link of a node, outgoing (`out`) or incoming (`in`), with its evidence, stated first."""

    model_config = _examples(NODE_LINK)
    source: str = Field(description="the id of the node the link starts from")
    target: str = Field(description="the id of the node it points to")
    type: EdgeTypeName = Field(description="the relationship")
    inferred: bool = Field(description="true when no evidence states the link")
    evidence: list[Evidence] = Field(description="where the link was read, stated first")


class EdgeRow(_Row):
    """A link between directives, or a document's mention of one, with its evidence."""

    model_config = _examples(EDGE_ROW, MENTION_ROW)
    source: str = Field(description="the id of the citing directive or document")
    target: str = Field(description="the id of the cited directive")
    type: EdgeTypeName = Field(description="the relationship (MENTIONS: a document cites it)")
    evidence: list[Evidence] = Field(description="where the link was read")


class LinkRow(_Row):
    """A task's best link to a directive, and how it was found."""

    model_config = _examples(LINK_ROW)
    type: EdgeTypeName = Field(description="IMPLEMENTS or REVIEWS")
    target: str = Field(description="the directive's id")
    how: How = Field(
        description="stated (the task names it), via (it names a plan of it), inherited (its "
        "document implements it), inferred (a guess from the subject)"
    )
    stated: bool = Field(description='how == "stated"')
    inferred: bool = Field(description='how == "inferred"')
    confidence: Number = Field(description="1 unless inferred")
    via: list[str] = Field(description="the plans between the task and the directive")
    evidence: list[Evidence] = Field(
        description="what states the link (for inherited: the sentence linking its document)"
    )


# --- tasks ---------------------------------------------------------------------------------


class Period(_Stored):
    """The period a task names, as ISO dates."""

    model_config = _examples(PERIOD)
    start: str = Field(description="its first day (ISO date)")
    end: str = Field(description="its last day (ISO date)")
    text: str = Field(description="the words that name it")


class TaskRow(_Row):
    """A task, in short."""

    model_config = _examples(TASK_ROW)
    id: str = Field(description="the task's id (/tasks/{id})")
    ordinal: str | None = Field(description='its number in the task list ("II.1.a")')
    text: str | None = Field(description="the task, as written")
    document: str | None = Field(description="the id of the Document it comes from")
    period: Period | None = Field(description="the period it names, if any")
    responsible: list[str] = Field(description="the bodies named as responsible")


class TaskLinkRow(_Row):
    """A task that carries out (or reviews) the directive, with its best link."""

    model_config = _examples(TASK_LINK_ROW)
    task: TaskRow = Field(description="the task")
    link: LinkRow = Field(description="its best link: stated before inferred")


# --- nodes and their properties ------------------------------------------------------------------


class DirectiveRow(_Row):
    """A directive in a list."""

    model_config = _examples(DIRECTIVE_ROW)
    id: str = Field(description="its canonical id")
    code: str | None = Field(description='number and symbol ("21-KL/TW")')
    kind: KindName | None = Field(description="the document type")
    year: int | None = Field(description="the year it was issued")
    issued_on: str | None = Field(description="the day it was issued (ISO date)")
    issuer: str | None = Field(description='the issuing bodies, "; " between them')
    term: str | None = Field(description='the Party term ("XIII")')
    title: str | None = Field(description="its title, or what a citation said it is about")


class ConflictValue(_Stored):
    """One of the values sources disagree on, with the sources that state it."""

    model_config = _examples(*CONFLICT)
    value: str | int = Field(description="the value")
    sources: list[str] = Field(description="the sources stating it (at most 50, the smallest ids)")
    more: int | None = Field(None, description="how many more sources state it, past 50")


class _Node(_Stored):
    id: str = Field(description="the node's id")
    label: str = Field(description="Directive, Body, Document or Task")


class DirectiveNode(_Node):
    """A directive and its properties: those its sources state (any other is kept too)."""

    model_config = _examples(DIRECTIVE_NODE, PLAN_NODE) | ConfigDict(extra="allow")
    label: Literal["Directive"] = Field(description="the node's label")
    code: str | None = Field(None, description='number and symbol ("21-KL/TW")')
    kind: KindName | None = Field(None, description="the document type")
    number: str | None = Field(None, description='its number ("21")')
    year: int | None = Field(None, description="the year it was issued")
    symbol: str | None = Field(None, description='its symbol ("KL/TW")')
    issued_on: str | None = Field(None, description="the day it was issued (ISO date)")
    issuer: str | None = Field(None, description='the issuing bodies, "; " between them')
    term: str | None = Field(None, description='the Party term ("XIII")')
    plenum: int | None = Field(None, description="the plenum of the Central Committee")
    congress: str | None = Field(None, description="the Party congress")
    title: str | None = Field(None, description="its title")
    subject: str | None = Field(None, description="what a citation said it is about")
    aliases: list[str] | None = Field(None, description="the forms it was cited by")
    conflicts: dict[str, list[ConflictValue]] | None = Field(
        None, description="properties its sources disagree on: every value, with its sources"
    )
    possibly: list[str] | None = Field(None, description="directives it may be the same as")
    source: str | None = Field(None, description="where the registry's facts come from")


class TaskNode(_Node):
    """A task and its properties."""

    model_config = _examples(TASK_NODE) | ConfigDict(extra="allow")
    label: Literal["Task"] = Field(description="the node's label")
    ordinal: str | None = Field(None, description='its number in the task list ("II.1.a")')
    text: str | None = Field(None, description="the task, as written")
    document: str | None = Field(None, description="the id of the Document it comes from")
    period: Period | None = Field(None, description="the period it names")
    responsible: list[str] | None = Field(None, description="the bodies named as responsible")
    deadline: str | None = Field(None, description="its deadline (ISO date)")
    section: str | None = Field(None, description="the heading it stands under")
    start: int | None = Field(None, description="where it starts in the document's text")
    end: int | None = Field(None, description="where it ends")


class BodyRow(_Stored):
    """An issuing body (its aliases and sphere when the organisation chart knows it)."""

    model_config = _examples(BODY_ROW) | ConfigDict(extra="allow")
    id: str = Field(description="the body's id (/bodies/{id}/directives)")
    name: str | None = Field(None, description="its name")
    aliases: list[str] | None = Field(None, description="other names it goes by")
    sphere: str | None = Field(None, description='"party", "state" ...')
    existed_from: str | None = Field(None, description="when it was created or took this name")
    existed_until: str | None = Field(
        None, description="when it was merged, renamed, split or dissolved (see its links)"
    )


class BodyNode(_Node):
    """A body, as the export holds it."""

    model_config = _examples({"label": "Body", **BODY_ROW}) | ConfigDict(extra="allow")
    label: Literal["Body"] = Field(description="the node's label")
    name: str | None = Field(None, description="its name")
    aliases: list[str] | None = Field(None, description="other names it goes by")
    sphere: str | None = Field(None, description='"party", "state" ...')
    existed_from: str | None = Field(None, description="when it was created or took this name")
    existed_until: str | None = Field(
        None, description="when it was merged, renamed, split or dissolved (see its links)"
    )


class UnresolvedEntry(_Stored):
    """A citation of a loaded text that names no directive for certain."""

    model_config = _examples(UNRESOLVED_ENTRY)
    line: int = Field(description="its line in the text")
    text: str = Field(description="the citation, as written")
    reason: str = Field(description="why it is not resolved")
    candidates: list[str] = Field(description="the directives it may name")


class DocumentNode(_Node):
    """A loaded text, as the export holds it."""

    model_config = _examples(DOCUMENT_NODE) | ConfigDict(extra="allow")
    label: Literal["Document"] = Field(description="the node's label")
    path: str | None = Field(None, description='its file, or "api:NAME" for a posted text')
    name: str | None = Field(None, description="its file name")
    format: str | None = Field(None, description="txt, html, docx, pdf, registry ...")
    title: str | None = Field(None, description="its first line")
    issued_on: str | None = Field(None, description="the date of its letterhead (ISO date)")
    sha256: str | None = Field(None, description="the SHA-256 of its text")
    locality: str | None = Field(None, description="the province of its letterhead")
    citations: int | None = Field(None, description="how many citations it holds")
    pages: list[int] | None = Field(
        None, description="a PDF's: where each page starts in the text (an offset's page)"
    )
    entries: int | None = Field(None, description="a registry file: how many entries it has")
    unresolved: list[UnresolvedEntry] | None = Field(
        None, description="its citations that name no directive for certain"
    )


# --- looking references up ---------------------------------------------------------------------


class Citation(_Row):
    """A citation as read: its span in the text and the fields it states."""

    model_config = _examples(CITATION)
    text: str = Field(description="the citation, as written")
    start: int = Field(description="where it starts in the text given (a character offset)")
    end: int = Field(description="where it ends")
    kind: KindName = Field(description="the document type")
    form: FormName = Field(description="full (number and symbol), short, unnumbered or named")
    number: str | None = Field(description='its number ("21")')
    year: int | None = Field(description="the year it states")
    symbol: str | None = Field(description='its symbol ("KL/TW")')
    code: str | None = Field(description='number and symbol ("21-KL/TW")')
    issued_on: str | None = Field(description="the day it states (ISO date)")
    issuer: str | None = Field(description="the issuer it names")
    issuer_text: str | None = Field(description="the issuer as written, where it differs")
    term: str | None = Field(description='the Party term it states ("XIII")')
    plenum: int | None = Field(description="the plenum it states")
    congress: str | None = Field(description="the Party congress it states")
    title: str | None = Field(description="a law's name")
    subject: str | None = Field(description='what it is about ("về ...")')
    self_: bool = Field(alias="self", description="the text's own number, not a citation")
    flags: list[str] = Field(description='how it was read, where not as written ("ocr" ...)')


class Candidate(_Row):
    """A directive an ambiguous reference fits."""

    model_config = _examples(*CANDIDATES)
    id: str = Field(description="the directive's id")
    in_graph: bool = Field(description="whether the graph holds it (or only the registry)")
    code: str | None = Field(description='number and symbol ("18-NQ/TW")')
    issued_on: str | None = Field(description="the day it was issued (ISO date)")
    title: str | None = Field(description="its title, or what it is about")


class Resolution(_Row):
    """What a reference names."""

    model_config = _examples(FOUND, AMBIGUOUS)
    status: Status = Field(
        description="found (one id), ambiguous (candidates) or unknown to the graph"
    )
    id: str | None = Field(description="the id; for unknown, the id it would have (or null)")
    in_graph: bool = Field(description="whether the graph holds `id`")
    candidates: list[Candidate] = Field(description="ambiguous: the directives it fits")
    suggestions: list[str] = Field(description="unknown: ids that are close")
    how: str = Field(description="how it was resolved")
    citation: Citation | None = Field(description="the reference as read (null for an id)")


class CandidateId(_Row):
    """A directive an ambiguous citation fits."""

    model_config = _examples({"id": "18-nq-tw-2017", "in_graph": True})
    id: str = Field(description="the directive's id")
    in_graph: bool = Field(description="whether the graph holds it (or only the registry)")


StatusName = Literal[
    "in force", "amended", "partly repealed", "replaced", "repealed", "suspended",
    "no longer in force", "not yet in force", "unknown",
]  # fmt: skip


CITATION_CHECK = {
    "status": "replaced",
    "since": "2025-04-14",
    "by": ["45-ct-tw-2025"],
    "outdated": True,
    "message": "this text of 2025-06-01 cites 35-CT/TW, which was replaced by 45-ct-tw-2025 "
    "on 2025-04-14",
}


class CitationCheck(_Row):
    """Whether the cited directive was still in force on the citing text's date."""

    model_config = _examples(CITATION_CHECK)
    status: StatusName = Field(description="the cited directive's status on the text's date")
    since: str | None = Field(description="since when")
    by: list[str] = Field(description="what replaced or repealed it")
    outdated: bool = Field(description="replaced, repealed, suspended or expired by then")
    message: str | None = Field(description="for people: what happened to it")


class CitationLookup(_Stored):
    """One citation of the text, with its status (and its `check`, with `check=true`)."""

    model_config = _examples(CITATION_LOOKUP, AMBIGUOUS_LOOKUP)
    citation: Citation = Field(description="the citation as read")
    how: str = Field(description="how it was resolved")
    status: Status = Field(
        description="found (the graph holds `id`), ambiguous (`candidates`), or unknown (`id` "
        "is the id it would have, or null)"
    )
    id: str | None = Field(description="the directive's id")
    candidates: list[CandidateId] = Field(description="ambiguous: the directives it fits")
    check: CitationCheck | None = Field(
        default=None,
        description="with `check=true`: was it still in force on the text's date? (absent "
        "otherwise)",
    )


class CitationList(_Stored):
    """Every citation of the text, in the order of the text."""

    model_config = _examples(
        {"citations": [CITATION_LOOKUP, AMBIGUOUS_LOOKUP], "limit": 1000, "truncated": False}
    )
    citations: list[CitationLookup] = Field(
        description="each citation, with its status (the first `limit` of the text)"
    )
    limit: int = Field(description="at most this many citations are answered (1,000)")
    truncated: bool = Field(description="the text held more citations than `limit`: split it")
    on: str | None = Field(
        default=None,
        description="with `check=true`: the text's date (its letterhead's, or `on`); absent "
        "otherwise",
    )


# --- the answers of the routes -----------------------------------------------------------------

NEXT = "the `cursor` of the next page; null on the last page"


class Health(_Row):
    """Whether the store answers: 200 with status "ok", else 503 with status "unavailable"."""

    model_config = _examples(
        {"status": "ok", "store": "the embedded store in /srv/data", "detail": "answers",
         "probe": 1},
        {"status": "unavailable", "store": "the Neo4j store",
         "detail": "the Neo4j store is unavailable (the connection failed); check that Neo4j is "
                   "running (scripts/neo4j start); the service's log has the details",
         "probe": 0},
    )  # fmt: skip
    status: Literal["ok", "unavailable"] = Field(
        description='"ok" (HTTP 200): the store answered a trivial query; "unavailable" (503)'
    )
    store: str = Field(description="which store: its kind (no URI, no credentials)")
    detail: str = Field(description='"answers", or why not (no URI, no credentials)')
    probe: int = Field(description="nodes the probe found (0 when unavailable)")


class Version(_Row):
    """The service's name and version."""

    model_config = _examples({"name": "directive-graph", "version": "0.1.0"})
    name: str = Field(description='"directive-graph"')
    version: str = Field(description='its version ("unknown" when the package is not installed)')


class DirectivePage(_Row):
    """A page of directives in id order."""

    model_config = _examples({"items": [DIRECTIVE_ROW], "limit": 1, "next_cursor": KL21})
    items: list[DirectiveRow] = Field(description="the directives of the page")
    limit: int = Field(description="the page size asked for")
    next_cursor: str | None = Field(description=NEXT)


class BodyPage(_Row):
    """A page of bodies in id order."""

    model_config = _examples({"items": [BODY_ROW], "limit": 1, "next_cursor": "body-bo-chinh-tri"})
    items: list[BodyRow] = Field(description="the bodies of the page")
    limit: int = Field(description="the page size asked for")
    next_cursor: str | None = Field(description=NEXT)


class BodyDirectives(_Row):
    """A page of a body's directives."""

    model_config = _examples(
        {"body": "body-bo-chinh-tri", "items": [PLAN_ROW], "limit": 1, "next_cursor": None}
    )
    body: str = Field(description="the body's id")
    items: list[DirectiveRow] = Field(description="its directives, in date order")
    limit: int = Field(description="the page size asked for")
    next_cursor: str | None = Field(description=NEXT)


MERGED_EDGE = {
    "source": "body-bo-ke-hoach-va-dau-tu",
    "target": "body-bo-tai-chinh",
    "type": "MERGED_INTO",
    "evidence": [{**EVIDENCE, "document": "bodies", "start": 0, "end": 0, "sentence": "",
                  "text": "", "note": "merged on 2025-02-18: ministries_wikipedia.tsv:93"}],
}  # fmt: skip
LINEAGE_BODY = {
    "id": "body-bo-ke-hoach-va-dau-tu",
    "name": "Bộ Kế hoạch và Đầu tư",
    "existed_from": "1995",
    "existed_until": "2025-02-18",
    "became": [MERGED_EDGE],
    "directives": [PLAN_ROW],
}


class LineageBody(_Row):
    """A body that now makes up the body asked about, with what became of it."""

    model_config = _examples(LINEAGE_BODY)
    id: str = Field(description="the body's id")
    name: str | None = Field(description="its name")
    existed_from: str | None = Field(description="when it was created or took this name")
    existed_until: str | None = Field(description="when it was merged, renamed or split")
    became: list[EdgeRow] = Field(description="its SUCCEEDED_BY / MERGED_INTO links")
    directives: list[DirectiveRow] = Field(description="its directives, in date order")


class Lineage(_Row):
    """The bodies that now make up a body: it first, then every body renamed, split or merged
    into it, nearest first."""

    model_config = _examples({"body": "body-bo-tai-chinh", "bodies": [LINEAGE_BODY]})
    body: str = Field(description="the body's id")
    bodies: list[LineageBody] = Field(description="it, then its predecessors")


RESOLUTION = "how the reference was resolved"


class DirectiveView(_Row):
    """A directive with its links: what it cites, implements, and who issued it (`out`); what
    cites, mentions or implements it (`in`)."""

    model_config = _examples(
        {"resolution": FOUND, "node": DIRECTIVE_NODE, "out": [NODE_LINK], "in": [IMPLEMENTED_BY]}
    )
    resolution: Resolution = Field(description=RESOLUTION)
    node: DirectiveNode = Field(description="the directive")
    out: list[NodeLink] = Field(description="links from it")
    in_: list[NodeLink] = Field(alias="in", description="links to it")


class TaskView(_Row):
    """A task with its links: its directives and responsible bodies (`out`), its document
    (`in`)."""

    model_config = _examples({"node": TASK_NODE, "out": [TASK_OUT], "in": [TASK_IN]})
    node: TaskNode = Field(description="the task")
    out: list[NodeLink] = Field(description="links from it")
    in_: list[NodeLink] = Field(alias="in", description="links to it")


class DirectiveTasks(_Row):
    """The tasks that carry out (or review) a directive, best link first."""

    model_config = _examples({"directive": KL21, "resolution": FOUND, "tasks": [TASK_LINK_ROW]})
    directive: str = Field(description="the directive's id")
    resolution: Resolution = Field(description=RESOLUTION)
    tasks: list[TaskLinkRow] = Field(description="each task with its best link")


class DirectiveCitations(_Row):
    """What a directive cites, and what cites it."""

    model_config = _examples(
        {"directive": KL21, "resolution": BY_ID, "cites": [], "cited_by": [EDGE_ROW, MENTION_ROW]}
    )
    directive: str = Field(description="the directive's id")
    resolution: Resolution = Field(description=RESOLUTION)
    cites: list[EdgeRow] = Field(description="its links to other directives")
    cited_by: list[EdgeRow] = Field(description="directives linking to it, documents citing it")


class PlanRow(_Row):
    """A plan (or a text) that implements the directive."""

    model_config = _examples({"id": "3-kh-tw-2021", "via": [KL21]})
    id: str = Field(description="the plan's id (a directive, or a Document with no number)")
    via: list[str] = Field(description="the path from the plan to the directive")


class DirectiveChain(_Row):
    """Everything downstream of a directive."""

    model_config = _examples(
        {"resolution": BY_ID, "directive": KL21, "plans": [{"id": "3-kh-tw-2021", "via": [KL21]}],
         "reviews": [], "guides": [], "amends": [], "tasks": [TASK_LINK_ROW],
         "documents": [PLAN_DOC, REPORT_DOC]}
    )  # fmt: skip
    resolution: Resolution = Field(description=RESOLUTION)
    directive: str = Field(description="the directive's id")
    plans: list[PlanRow] = Field(description="plans implementing it, at any depth")
    reviews: list[str] = Field(description="directives that review it")
    guides: list[str] = Field(description="directives that guide its application")
    amends: list[str] = Field(description="directives that amend it")
    tasks: list[TaskLinkRow] = Field(description="tasks carrying it out, as .../tasks answers")
    documents: list[str] = Field(description="documents citing one of its plans")


class TaskDirectives(_Row):
    """The directives a task carries out, best link first."""

    model_config = _examples({"task": TASK_ID, "directives": [LINK_ROW]})
    task: str = Field(description="the task's id")
    directives: list[LinkRow] = Field(description="each directive, as a link to it")


class Unresolved(_Row):
    """A citation of the text that names no directive for certain."""

    model_config = _examples(UNRESOLVED)
    document: str = Field(description="the Document's id")
    path: str = Field(description='"api:NAME"')
    line: int = Field(description="its line in the text")
    text: str = Field(description="the citation, as written")
    reason: str = Field(description="why it is not resolved")
    candidates: list[str] = Field(description="the directives it may name")


class DocumentLoaded(_Row):
    """What loading the text changed."""

    model_config = _examples(
        {"document": "doc-api-ke-hoach-c8f329b5", "unchanged": False, "nodes_new": 0,
         "nodes_updated": 1, "edges_new": 3, "unresolved": [UNRESOLVED], "unresolved_total": 1}
    )  # fmt: skip
    document: str = Field(description="the Document node's id")
    unchanged: bool = Field(description="true when the same text was loaded before")
    nodes_new: int = Field(description="nodes added")
    nodes_updated: int = Field(description="nodes whose properties changed")
    edges_new: int = Field(description="links added")
    unresolved: list[Unresolved] = Field(
        description="citations that name no directive for certain (the first 200)"
    )
    unresolved_total: int = Field(description="how many there are in all")


# --- the export --------------------------------------------------------------------------------


class GraphFacts(_Stored):
    """The export's facts about itself."""

    model_config = _examples({"format_version": 2}) | ConfigDict(extra="allow")
    format_version: int = Field(description="the version of the export's layout")


class ExportLink(_Stored):
    """A link of the export, with its evidence (and any property of its own)."""

    model_config = _examples(EDGE_ROW) | ConfigDict(extra="allow")
    source: str = Field(description="the id of the node the link starts from")
    target: str = Field(description="the id of the node it points to")
    type: EdgeTypeName = Field(description="the relationship")
    evidence: list[Evidence] = Field(description="where the link was read")


AnyNode = Annotated[
    DirectiveNode | BodyNode | DocumentNode | TaskNode, Field(discriminator="label")
]


class ExportGraph(_Row):
    """The graph (or a selection) as networkx node-link JSON: `GET /export?format=json`."""

    model_config = _examples(
        {"directed": True, "multigraph": True, "graph": {"format_version": 2},
         "nodes": [DIRECTIVE_NODE, DOCUMENT_NODE], "links": [MENTION_ROW]}
    )  # fmt: skip
    directed: bool = Field(description="always true")
    multigraph: bool = Field(description="always true: two nodes may have links of several types")
    graph: GraphFacts = Field(description="the export's facts about itself")
    nodes: list[AnyNode] = Field(description="every node: its id, label and properties")
    links: list[ExportLink] = Field(description="every link, with its evidence")


# --- in force or not -------------------------------------------------------------------------

STATUS_EVENT = {
    "date": "2012-02-27",
    "type": "AMENDS",
    "by": "1-2012-nd-cp",
    "by_code": "01/2012/NĐ-CP",
    "articles": 1,
    "stated": True,
    "source": "registry",
    "text": "phapdien_relations.tsv:4 (github:diepxuan/diepxuan.github.io@fbaa690e1c9f van-ban/)",
}
DIRECTIVE_STATUS = {
    "directive": "103-2009-nd-cp",
    "code": "103/2009/NĐ-CP",
    "title": None,
    "on": None,
    "status": "amended",
    "since": "2012-02-27",
    "by": ["1-2012-nd-cp"],
    "in_force_from": "2010-01-01",
    "in_force_until": None,
    "registry_status": None,
    "events": [STATUS_EVENT],
    "resolution": {"status": "found", "id": "103-2009-nd-cp", "how": "canonical id"},
}


class StatusEvent(_Row):
    """One thing that happened to a directive: it took effect, was amended, replaced ..."""

    model_config = _examples(STATUS_EVENT)
    date: str | None = Field(description="when it took effect (or was issued); null: undated")
    type: str = Field(
        description="AMENDS, SUPPLEMENTS, REPLACES, REPEALS, SUSPENDS, IN_FORCE or "
        "NO_LONGER_IN_FORCE"
    )
    by: str | None = Field(description="the acting directive's id")
    by_code: str | None = Field(description="the acting directive's code")
    articles: int | None = Field(description="how many of its articles; null: the whole text")
    stated: bool = Field(description="stated by a text or a registry (not inferred)")
    source: str = Field(description='the document that says it, or "registry"')
    text: str = Field(description="the sentence, or the registry row's source")


class DirectiveStatus(_Row):
    """Whether a directive is in force (on a date), and what happened to it."""

    model_config = _examples(DIRECTIVE_STATUS)
    directive: str = Field(description="the directive's id")
    code: str | None = Field(description="its code")
    title: str | None = Field(description="its title")
    on: str | None = Field(description="the day asked about; null: everything known")
    status: StatusName = Field(description="its status on that day")
    since: str | None = Field(description="the date of the event that decided it")
    by: list[str] = Field(description="what replaced, repealed, amended or suspended it")
    in_force_from: str | None = Field(description="when it took effect (registry)")
    in_force_until: str | None = Field(description="when it ceased to be in force (registry)")
    registry_status: str | None = Field(description='as a registry states it ("Còn hiệu lực")')
    events: list[StatusEvent] = Field(description="what happened to it, by date")
    resolution: dict[str, Any] = Field(description=RESOLUTION)
