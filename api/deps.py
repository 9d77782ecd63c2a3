"""Dependencies of the routes: the store, the settings, the API key check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from api.problems import Problem
from api.settings import Settings
from graph.registry import Registry
from graph.store import GraphStore


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_registry(request: Request) -> Registry:
    return request.app.state.registry


def require_api_key(
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


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
WriteAccess = Depends(require_api_key)
