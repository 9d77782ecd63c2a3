"""Issuing bodies and their directives."""

from __future__ import annotations

from fastapi import APIRouter

from directive_graph.api.deps import StoreDep
from directive_graph.api.pagination import Cursor, Limit, page
from directive_graph.api.problems import Problem, problem_responses
from directive_graph.api.schemas import BodyDirectives, BodyPage
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
