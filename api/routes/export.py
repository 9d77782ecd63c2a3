"""The graph, or a selection of it, in the export formats."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from directive_graph.api.deps import RegistryDep, StoreDep, resolve_directive
from directive_graph.api.problems import Problem, problem_responses
from directive_graph.api.schemas import ExportGraph
from directive_graph.graph.errors import InputError
from directive_graph.graph.export import MEDIA_TYPES, SelectionError, export, select

router = APIRouter(tags=["export"])


@router.get(
    "/export",
    summary="The graph as Turtle, JSON-LD, N-Triples, GraphML or node-link JSON",
    response_class=Response,
    responses={
        200: {
            "description": "The graph, or the selection, in the format asked for",
            # format=json (node-link JSON) as a model; the other formats are text (RDF, GraphML)
            "model": ExportGraph,
            "content": {media: {} for media in dict.fromkeys(MEDIA_TYPES.values())},
        },
        **problem_responses(400, 404, 422, 503),
    },
)
def get_export(
    store: StoreDep,
    registry: RegistryDep,
    format: Literal["turtle", "jsonld", "nt", "graphml", "json"] = "json",
    directive: Annotated[
        str | None,
        Query(description="a directive and its neighbourhood (not with `issuer` or `year`)"),
    ] = None,
    issuer: Annotated[str | None, Query(description="an issuer's directives")] = None,
    year: Annotated[int | None, Query(ge=1945, le=2100)] = None,
    depth: Annotated[int, Query(ge=0, le=3)] = 1,
) -> Response:
    if directive:
        directive, _ = resolve_directive(store, registry, directive)
    data = store.export()
    if directive or issuer or year:
        try:
            data = select(data, directive=directive, issuer=issuer, year=year, depth=depth)
        except SelectionError as e:
            raise Problem(404, "Nothing to select", str(e)) from e
        except InputError as e:  # directive= together with issuer= or year=
            raise Problem(400, "Invalid selection", str(e)) from e
    buffer = io.BytesIO()
    export(data, format, buffer)
    return Response(buffer.getvalue(), media_type=MEDIA_TYPES[format])
