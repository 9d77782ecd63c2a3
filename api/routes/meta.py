"""Health and version."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from directive_graph.api.deps import StoreDep
from directive_graph.api.schemas import Health, Version

router = APIRouter(tags=["service"])


@router.get("/health", summary="The store and whether it answers", response_model=Health)
def health(store: StoreDep) -> dict:
    try:
        count = len(store.nodes_by_id(["body-bo-chinh-tri"]))
        ok = True
        detail = "answers"
    except Exception as e:  # a health check reports, it does not fail
        ok, count, detail = False, 0, f"{type(e).__name__}: {e}"
    return {
        "status": "ok" if ok else "unavailable",
        "store": store.describe(),
        "detail": detail,
        "probe": count,
    }


@router.get("/version", summary="The service's version", response_model=Version)
def get_version() -> dict:
    try:
        v = version("directive-graph")
    except PackageNotFoundError:
        v = "unknown"
    return {"name": "directive-graph", "version": v}
