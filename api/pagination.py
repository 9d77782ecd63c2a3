"""Keyset pagination over stable ids: `cursor` is the last id of the previous page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from fastapi import Query

Limit = Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")]
Cursor = Annotated[str | None, Query(description="the `next_cursor` of the previous page")]


def page(
    rows: Iterable[Mapping[str, Any]], limit: int, cursor: str | None, key: str = "id"
) -> dict[str, Any]:
    """`{"items", "limit", "next_cursor"}` (the catalogue's rows are TypedDicts: Mappings)."""
    ordered = sorted(rows, key=lambda r: r[key])
    if cursor:
        ordered = [r for r in ordered if r[key] > cursor]
    items = ordered[:limit]
    next_cursor = items[-1][key] if len(ordered) > limit else None
    return {"items": items, "limit": limit, "next_cursor": next_cursor}
