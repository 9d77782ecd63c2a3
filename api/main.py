"""The FastAPI service: `create_app()` gathers the routers; `directive-graph serve` runs it."""

from __future__ import annotations

import gc
import json
import os
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from directive_graph.api import limits, problems, web
from directive_graph.api.cache import AnswerCache, ResponseCache
from directive_graph.api.routes import bodies, citations, directives, documents, export, meta, tasks
from directive_graph.api.settings import Settings
from directive_graph.graph.registry import Registry
from directive_graph.graph.store import GraphStore
from directive_graph.graph.stores import open_store

DESCRIPTION = """A knowledge graph of Vietnamese Party and state directives.

Look up any citation ("NQ 18", "18-NQ/TW", "Nghị quyết 18-NQ/TW năm 2017"), see which tasks
implement a directive and why (each link with its evidence), and check every reference in a
draft at once with `POST /citations`. Write endpoints need the `X-API-Key` header.
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # the threads that run the routes: each holds a store connection and its page cache,
        # so their number bounds the memory as well as the work at once
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        own = store is None
        app.state.store = store or open_store(settings.data, settings.neo4j)
        app.state.settings = settings
        app.state.registry = Registry.load()
        # what start-up built (the registry, routes, caches) lives as long as the process:
        # out of the collector's sight, so its passes stay short (no p99 pauses on a big heap)
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if own:
                app.state.store.close()

    app = FastAPI(
        title="directive-graph", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # served by api/web.py from the package's own files
    )  # fmt: skip
    problems.install(app)
    app.add_middleware(directives.TasksShortcut)  # innermost: its answers are cached, counted
    # innermost of the three: a hit is still counted by the rate limit
    app.state.cache = AnswerCache(settings.cache_entries, settings.cache_bytes)
    app.add_middleware(ResponseCache, cache=app.state.cache)
    limits.install(app, settings.rate_limit, settings.max_body_bytes, settings.body_timeout)
    app.state.exports = limits.ExportSlots()
    for module in (meta, directives, tasks, bodies, citations, documents, export):
        app.include_router(module.router)
    app.include_router(web.router)
    app.mount("/static", web.static_files(), name="static")
    return app


SERVE_ENV = "DIRECTIVE_GRAPH_SERVE"  # `serve --workers N` hands its --data and --neo4j over


def served_app() -> FastAPI:
    """The app of one worker of `directive-graph serve --workers N` (uvicorn's factory): the
    settings from the environment, with the --data and --neo4j the command was given."""
    where = json.loads(os.environ.get(SERVE_ENV) or "{}")
    return create_app(Settings.from_env(where.get("data"), where.get("neo4j")))
