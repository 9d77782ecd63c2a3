"""Directives: search, one directive by any reference, its tasks, citations and chain."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Path, Query, Request, Response
from starlette._utils import get_route_path
from starlette.concurrency import run_in_threadpool

from directive_graph.api.deps import (
    RegistryDep,
    StoreDep,
    json_answer,
    public_store_errors,
    resolve_directive,
)
from directive_graph.api.limits import Receive, Scope, Send
from directive_graph.api.pagination import Cursor, Limit, page
from directive_graph.api.problems import problem_responses
from directive_graph.api.schemas import (
    DirectiveChain,
    DirectiveCitations,
    DirectivePage,
    DirectiveStatus,
    DirectiveTasks,
    DirectiveView,
)
from directive_graph.graph.errors import DirectiveGraphError, UnresolvedReference
from directive_graph.graph.registry import Registry
from directive_graph.graph.store import GraphStore
from directive_graph.graph.text import fold_key
from directive_graph.queries import catalogue
from directive_graph.queries.lookup import describe, require_known, resolve_reference
from directive_graph.queries.status import status as directive_status

router = APIRouter(prefix="/directives", tags=["directives"], responses=problem_responses(422, 503))
# a reference can be ambiguous (300, with candidates) or unknown (404, with suggestions)
BY_REF = problem_responses(300, 404)
SCAN_LIMIT = 200_000  # directives a text filter (q) reads for one page at most

Ref = Annotated[
    str,
    Path(
        description='a canonical id (18-nq-tw-2017) or any citation form ("NQ 18", "18-NQ/TW", '
        '"Nghị quyết 18-NQ/TW năm 2017")',
        examples=["KL 21"],
    ),
]


@router.get(
    "",
    summary="Directives filtered by kind, issuer, year, term and text",
    response_model=DirectivePage,
)
def list_directives(
    store: StoreDep,
    limit: Limit = 50,
    cursor: Cursor = None,
    kind: Annotated[str | None, Query(examples=["nghi_quyet"])] = None,
    issuer: Annotated[str | None, Query(examples=["Bộ Chính trị"])] = None,
    year: Annotated[int | None, Query(ge=1, le=9999, examples=[2022])] = None,  # SQLite: 64 bits
    term: Annotated[str | None, Query(examples=["XIII"])] = None,
    q: Annotated[
        str | None, Query(description="words in the title or subject", examples=["luân chuyển"])
    ] = None,
) -> dict:
    if not q:  # a page straight from the store's index, in id order
        rows = catalogue.directives(
            store, issuer=issuer, kind=kind, year=year, term=term, after=cursor, limit=limit + 1
        )
        return page(rows, limit, None)
    needle = fold_key(q)
    rows, after, scanned = [], cursor, 0
    while len(rows) <= limit and scanned < SCAN_LIMIT:  # words: filter pages until one is full
        chunk = catalogue.directives(
            store, issuer=issuer, kind=kind, year=year, term=term, after=after, limit=1000
        )
        scanned += len(chunk)
        rows += [r for r in chunk if needle in fold_key(r.get("title") or "")]
        if len(chunk) < 1000:
            break
        after = chunk[-1]["id"]
    else:
        if len(rows) <= limit:  # the scan stopped short: go on from where it stopped
            return {"items": rows, "limit": limit, "next_cursor": after}
    return page(rows, limit, None)


@router.get(
    "/{ref:path}/tasks",
    summary="Tasks that implement a directive, with evidence",
    response_model=DirectiveTasks,
    responses=BY_REF,
)
async def directive_tasks(
    request: Request,
    ref: Ref,
    transitive: bool = True,
    include_inferred: bool = False,
) -> Response:
    # async, the store's reads and the JSON in one worker thread: a plain `def` route costs two
    # hops (the route, then the answer's validation), the busiest routes are worth one; the
    # store and the registry straight from the app (StoreDep's work, without solving two
    # dependencies a request). (The embedded store's answers mostly come by `TasksShortcut`.)
    store, registry = request.app.state.store, request.app.state.registry

    def answer() -> Response:
        with public_store_errors(request):
            return tasks_answer(store, registry, ref, transitive, include_inferred)

    return await run_in_threadpool(answer)


def tasks_answer(
    store: GraphStore, registry: Registry, ref: str, transitive: bool, include_inferred: bool
) -> Response:
    """The 200 answer of `GET /directives/{ref}/tasks`; raises the problem (300, 404) or the
    store's error."""
    directive_id, how = resolve_directive(store, registry, ref)
    rows = catalogue.tasks_implementing(store, directive_id, transitive, include_inferred)
    return json_answer({"directive": directive_id, "resolution": how, "tasks": rows})


TASKS_PREFIX, TASKS_SUFFIX = "/directives/", "/tasks"
FLAGS = {"transitive": True, "include_inferred": False}  # the route's query parameters
FLAG_VALUES = {"true": True, "false": False}  # those the shortcut reads (others: the route)


class TasksShortcut:
    """ASGI middleware (inside the answer cache and the rate limit): `GET /directives/{ref}/
    tasks` answered from a store whose reads are local and short (`local_reads`: the
    embedded store's SQLite file) on the event loop, without FastAPI's routing, parameter
    parsing and worker thread, with the route's own `tasks_answer` (the same bytes and
    headers). Everything else goes on to the app: other paths and methods, a query string
    with a flag written otherwise than true/false or given twice, another store, and any
    answer other than 200 (the route computes it again and answers the problem: rare). An
    answer holds the event loop while it is computed (two indexed queries; in a worker thread
    it would hold the GIL as long), and no thread hops: CPU-bound requests are answered in
    the order they came."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self._answer(scope) if scope["type"] == "http" else None
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    @staticmethod
    def _answer(scope: Scope) -> Response | None:
        path = get_route_path(scope)
        if (
            scope["method"] != "GET"
            or not path.startswith(TASKS_PREFIX)
            or not path.endswith(TASKS_SUFFIX)
            or len(path) < len(TASKS_PREFIX) + len(TASKS_SUFFIX)
        ):
            return None
        state = scope["app"].state
        if not getattr(state.store, "local_reads", False):
            return None
        flags = dict(FLAGS)
        seen = set()
        for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                    keep_blank_values=True):  # fmt: skip
            if key in flags:
                if key in seen or value not in FLAG_VALUES:
                    return None
                seen.add(key)
                flags[key] = FLAG_VALUES[value]
        ref = path[len(TASKS_PREFIX) : -len(TASKS_SUFFIX)]
        try:
            return tasks_answer(state.store, state.registry, ref, **flags)
        except DirectiveGraphError:
            return None


@router.get(
    "/{ref:path}/citations",
    summary="What a directive cites and what cites it",
    response_model=DirectiveCitations,
    responses=BY_REF,
)
async def directive_citations(ref: Ref, store: StoreDep, registry: RegistryDep) -> Response:
    def answer() -> Response:
        directive_id, how = resolve_directive(store, registry, ref)
        return json_answer({
            "directive": directive_id,
            "resolution": how,
            "cites": catalogue.cites(store, directive_id),
            "cited_by": catalogue.cited_by(store, directive_id),
        })  # fmt: skip

    return await run_in_threadpool(answer)


@router.get(
    "/{ref:path}/chain",
    summary="Plans, reviews, tasks and documents downstream",
    response_model=DirectiveChain,
    responses=BY_REF,
)
async def directive_chain(
    ref: Ref, store: StoreDep, registry: RegistryDep, include_inferred: bool = False
) -> Response:
    def answer() -> Response:
        directive_id, how = resolve_directive(store, registry, ref)
        chain = catalogue.implementation_chain(store, directive_id, include_inferred)
        return json_answer({"resolution": how, **chain})

    return await run_in_threadpool(answer)


@router.get(
    "/{ref:path}/status",
    summary="In force, amended, replaced or repealed (on a date), and by what",
    response_model=DirectiveStatus,
    responses=BY_REF,
)
def get_status(
    ref: Ref,
    store: StoreDep,
    registry: RegistryDep,
    on: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            description="the day (YYYY-MM-DD); default: all known",
            examples=["2020-01-01"],
        ),
    ] = None,
) -> dict:
    """From the links texts state (REPLACES, REPEALS, AMENDS ... into it) and the registry
    (the Pháp điển's relations, in-force dates). A directive only the registry knows (a decree
    no loaded text cites) is answered too."""
    try:
        directive_id = require_known(store, registry, ref)
    except UnresolvedReference:
        resolve_directive(store, registry, ref)  # raises the problem (300 or 404)
        raise
    how = resolve_reference(store, registry, ref).to_dict()
    if how.get("id") != directive_id:
        how = {"status": "found", "id": directive_id, "how": "the registry's id"}
    return {**directive_status(store, directive_id, on, registry), "resolution": how}


@router.get(
    "/{ref:path}",
    summary="One directive by id or citation, with its links",
    response_model=DirectiveView,
    responses=BY_REF,
)
async def get_directive(ref: Ref, store: StoreDep, registry: RegistryDep) -> Response:
    def answer() -> Response:
        directive_id, how = resolve_directive(store, registry, ref)
        return json_answer({"resolution": how, **describe(store, directive_id)})

    return await run_in_threadpool(answer)
