"""The graph, or a selection of it, in the export formats."""

from __future__ import annotations

import tempfile
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask

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
        **problem_responses(400, 404, 422, 429, 503),
    },
)
def get_export(
    request: Request,
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
    slots = request.app.state.exports
    if not slots.take():
        raise Problem(
            429, "Exports busy", f"{slots.size} exports are running; retry in a few seconds.",
            headers={"Retry-After": "5"},
        )  # fmt: skip
    try:
        return _export(store, format, directive or None, issuer or None, year, depth)
    finally:
        slots.give()


def _export(store, format: str, directive, issuer, year, depth) -> Response:
    data = store.export()
    if directive or issuer or year:
        try:
            data = select(data, directive=directive, issuer=issuer, year=year, depth=depth)
        except SelectionError as e:
            raise Problem(404, "Nothing to select", str(e)) from e
        except InputError as e:  # directive= together with issuer= or year=
            raise Problem(400, "Invalid selection", str(e)) from e
    # written to a spooled file (memory up to 8 MB, then disk) and streamed from it: the
    # answer is never held whole in memory
    spool = tempfile.SpooledTemporaryFile(max_size=8_000_000, mode="w+b")  # noqa: SIM115
    try:
        export(data, format, spool)  # type: ignore[arg-type]  # a binary file, as BinaryIO
        del data
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    chunks = iter(lambda: spool.read(1 << 16), b"")
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[format],
                             background=BackgroundTask(spool.close))  # fmt: skip
