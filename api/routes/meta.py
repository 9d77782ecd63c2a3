"""Health and version."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from directive_graph.api.deps import StoreDep, describe_store, public_message
from directive_graph.api.schemas import Health, Version
from directive_graph.graph.errors import StoreError

router = APIRouter(tags=["service"])
log = logging.getLogger("directive_graph.api")

UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": Health,
        "description": 'The store does not answer: the same body, `status` "unavailable" and '
        "why in `detail` (no URI, no credentials)",
    }
}


@router.get(
    "/health",
    summary="The store and whether it answers",
    response_model=Health,
    responses=UNAVAILABLE,
)
def health(store: StoreDep) -> dict | JSONResponse:
    """200 when the store answers a trivial query, else 503 with the same fields (with Neo4j down
    it answers within about 2 s, at once for 2 s after a failure)."""
    try:
        count = len(store.nodes_by_id(["body-bo-chinh-tri"]))
    except StoreError as e:  # a health check reports, it does not fail
        log.error("health: %s", e)
        detail = public_message(e)
    except Exception as e:
        log.exception("health: the store failed")
        detail = f"the store failed ({type(e).__name__}); the service's log has the details"
    else:
        return {"status": "ok", "store": describe_store(store), "detail": "answers", "probe": count}
    body = {"status": "unavailable", "store": describe_store(store), "detail": detail, "probe": 0}
    return JSONResponse(Health.model_validate(body).model_dump(mode="json"), status_code=503)


@router.get("/version", summary="The service's version", response_model=Version)
def get_version() -> dict:
    try:
        v = version("directive-graph")
    except PackageNotFoundError:
        v = "unknown"
    return {"name": "directive-graph", "version": v}
