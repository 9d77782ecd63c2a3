"""Keyset pagination over stable ids: `cursor` is the last id of the previous page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

Limit = Annotated[int, Query(ge=1, le=1000, description="page size (1-1000)")]
Cursor = Annotated[str | None, Query(description="the `next_cursor` of the previous page")]


def page(rows: list[dict], limit: int, cursor: str | None, key: str = "id") -> dict:
    rows = sorted(rows, key=lambda r: r[key])
    if cursor:
        rows = [r for r in rows if r[key] > cursor]
    items = rows[:limit]
    next_cursor = items[-1][key] if len(rows) > limit else None
    return {"items": items, "limit": limit, "next_cursor": next_cursor}
