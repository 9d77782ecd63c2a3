"""The rows the catalogue answers with, typed: what `tasks`, `cites`, `directives` ... return,
key by key. They are plain dicts at run time (JSON as they are); the API publishes the same
shapes as pydantic models (api/schemas.py)."""

from __future__ import annotations

from typing import Any, TypedDict


class EvidenceRow(TypedDict):
    """Why a link exists (graph.model.Evidence as JSON)."""

    document: str  # the Document's id, or "registry"
    start: int  # offsets into the document's text
    end: int
    sentence: str
    text: str  # the phrase that states the link
    stated: bool
    confidence: float
    note: str


class TaskRow(TypedDict):
    id: str
    ordinal: str | None
    text: str | None
    document: str | None  # the Document's id
    period: dict[str, str] | None  # {"start", "end", "text"}
    responsible: list[str]


class LinkRow(TypedDict):
    """A task's link to a directive: how it was found and the evidence."""

    type: str  # IMPLEMENTS or REVIEWS
    target: str  # the directive's id
    how: str  # stated, via (through a plan), inherited (from its text), inferred
    stated: bool
    inferred: bool
    confidence: float
    via: list[str]  # the plans between the task and the target
    evidence: list[EvidenceRow]


class TaskLinkRow(TypedDict):
    task: TaskRow
    link: LinkRow


class EdgeRow(TypedDict):
    source: str
    target: str
    type: str
    evidence: list[EvidenceRow]


class DirectiveRow(TypedDict):
    id: str
    code: str | None
    kind: str | None
    year: int | None
    issued_on: str | None
    issuer: str | None
    term: str | None
    title: str | None  # its title, or what a citation said it is about


class PlanRow(TypedDict):
    id: str
    via: list[str]


class ChainRow(TypedDict):
    """Everything downstream of a directive."""

    directive: str
    plans: list[PlanRow]
    reviews: list[str]
    guides: list[str]
    amends: list[str]
    tasks: list[TaskLinkRow]
    documents: list[str]


class LineageBodyRow(TypedDict):
    """One body that now makes up another, with what became of it and its directives."""

    id: str
    name: str | None
    existed_from: str | None
    existed_until: str | None
    became: list[EdgeRow]  # its SUCCEEDED_BY / MERGED_INTO links, with their source
    directives: list[DirectiveRow]


class LineageRow(TypedDict):
    body: str
    bodies: list[LineageBodyRow]  # the body first, then its predecessors, nearest first


Row = dict[str, Any]  # any other row
