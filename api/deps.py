"""Dependencies of the routes: the store, the settings, the API key check."""

from __future__ import annotations

import contextlib
import hmac
import logging
import math
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import orjson
from fastapi import Depends, Header, Request, Response

from directive_graph.api.problems import Problem
from directive_graph.api.settings import Settings
from directive_graph.graph.errors import StoreError
from directive_graph.graph.model import Label
from directive_graph.graph.registry import Registry
from directive_graph.graph.store import GraphStore
from directive_graph.queries.lookup import resolve_reference

log = logging.getLogger("directive_graph.api")


@contextlib.contextmanager
def public_store_errors(request: Request) -> Iterator[None]:
    """A store error raised inside leaves with the store's public message (`public_message`):
    the answer names the store, never its URI or user; the log keeps the full message."""
    try:
        yield
    except StoreError as e:
        public = public_message(e)
        if public == str(e):
            raise
        log.error("store error on %s: %s", request.url.path, e)
        clean = StoreError(public)
        cooldown = getattr(request.app.state.store, "cooldown", 0)
        if cooldown:  # the store answers at once until then (graph/neo4j_store.py)
            clean.headers = {"Retry-After": str(max(1, math.ceil(cooldown)))}  # type: ignore[attr-defined]
        raise clean from e


async def get_store(request: Request) -> AsyncIterator[GraphStore]:
    """The app's store, with `public_store_errors` around the route's use of it. (The
    dependencies here are `async def`: they do not block, and FastAPI runs a plain `def`
    dependency in a worker thread, a hop per request each.)"""
    with public_store_errors(request):
        yield request.app.state.store


def public_message(e: StoreError) -> str:
    """What a client may read of a store error: the store's `public` text when it has one (the
    Neo4j store's: no URI, no credentials), else the message itself (the embedded store's)."""
    public = getattr(e, "public", None)
    return public if isinstance(public, str) else str(e)


def describe_store(store: GraphStore) -> str:
    """The store as a client may read it: `describe_public()` when the store has it."""
    public = getattr(store, "describe_public", None)
    return public() if callable(public) else store.describe()


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_registry(request: Request) -> Registry:
    return request.app.state.registry


async def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Write endpoints: off without a configured key; otherwise the X-API-Key header must match."""
    if not settings.api_key:
        raise Problem(
            403,
            "Writes are disabled",
            "This service has no API key configured; set DIRECTIVE_GRAPH_API_KEY to enable writes.",
        )
    if not x_api_key or not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise Problem(401, "Unauthorized", "Send the service's API key in the X-API-Key header.")


def json_answer(content: dict) -> Response:
    """An answer the route built to its response model, as orjson's bytes: the models are
    strict and forbid extra keys (api/schemas.py `_Row`), so these are the values FastAPI's
    validated dump gives (tests/test_api_cache.py compares them), without validating each
    answer again (half the cost of a small answer). The model still documents the route."""
    return Response(orjson.dumps(content), media_type="application/json")


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
WriteAccess = Depends(require_api_key)


def resolve_directive(store: GraphStore, registry: Registry, ref: str) -> tuple[str, dict]:
    """The directive a reference names (as the CLI and the catalogue resolve it), or a problem:
    300 with the candidates when it is ambiguous, 404 with suggestions when it is unknown."""
    res = resolve_reference(store, registry, ref)
    row = res.to_dict()
    if res.status == "found" and res.id:
        node = res.node or store.node(res.id)
        if node is not None and node.label is Label.DIRECTIVE:
            return res.id, row
        if node is not None:  # the id of a body, task or document names no directive
            raise Problem(
                404,
                "Directive not found",
                f"{res.id!r} is a {node.label}, not a directive; look tasks up at /tasks/{{id}} "
                "and bodies at /bodies/{id}/directives.",
                suggestions=[],
            )
        raise Problem(
            404,
            "Directive not found",
            f"{ref!r} is {res.id}, which the graph does not hold; load a text that cites it.",
            suggestions=[],
        )
    if res.status == "ambiguous":
        raise Problem(
            300,
            "Ambiguous reference",
            f"{ref!r} fits several directives; ask again with one of the candidate ids, or add the "
            'year or the subject ("Nghị quyết 18-NQ/TW năm 2017", "Nghị quyết 18 về sắp xếp bộ '
            'máy").',
            candidates=res.candidates,
            how=res.how,
        )
    raise Problem(
        404,
        "Directive not found",
        f"The graph holds no directive for {ref!r}; load a text that cites it, or check the "
        "suggestions.",
        suggestions=res.suggestions,
    )
