"""Issuing bodies and their directives."""

from __future__ import annotations

from fastapi import APIRouter

from directive_graph.api.deps import StoreDep
from directive_graph.api.pagination import Cursor, Limit, page
from directive_graph.api.problems import Problem, problem_responses
from directive_graph.api.schemas import BodyDirectives, BodyPage, Lineage
from directive_graph.graph.errors import QueryError
from directive_graph.graph.model import Label
from directive_graph.queries import catalogue

router = APIRouter(prefix="/bodies", tags=["bodies"], responses=problem_responses(422, 503))


@router.get("", summary="Bodies (issuers), with their part-of links", response_model=BodyPage)
def list_bodies(store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> dict:
    rows = [{"id": n.id, **n.props} for n in store.nodes(Label.BODY)]
    return page(rows, limit, cursor)


@router.get(
    "/{body_id}/directives",
    summary="A body's directives in date order",
    response_model=BodyDirectives,
    responses=problem_responses(404),
)
def body_directives(
    body_id: str, store: StoreDep, limit: Limit = 50, cursor: Cursor = None
) -> dict:
    node = store.node(body_id)
    if node is None or node.label is not Label.BODY:
        raise Problem(404, "Body not found", f"No body {body_id!r}; list them at /bodies.")
    rows = catalogue.timeline(store, body_id)
    return {"body": body_id, **page(rows, limit, cursor)}


@router.get(
    "/{body}/lineage",
    summary="The bodies that now make up a body (merged, renamed or split into it), with "
    "their directives",
    response_model=Lineage,
    responses=problem_responses(404),
)
def body_lineage(body: str, store: StoreDep) -> dict:
    """`body` is a body id or a name ("Bộ Tài chính"): Bộ Tài chính, then Bộ Kế hoạch và Đầu tư
    (merged into it on 2025-02-18), each with its directives."""
    try:
        return dict(catalogue.lineage(store, body))
    except QueryError as e:
        raise Problem(404, "Body not found", str(e)) from e
