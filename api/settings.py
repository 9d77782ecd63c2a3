"""Settings of the HTTP service, from the environment. Unsafe values are refused at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from directive_graph.graph.errors import ConfigError

MAX_TEXT_BYTES = 1_000_000  # POST /citations and POST /documents: 1 MB of UTF-8 text
MIN_KEY_LENGTH = 16


class SettingsError(ConfigError):
    """A setting of the service (its environment) is wrong."""


@dataclass(frozen=True, slots=True)
class Settings:
    data: str | None = None  # embedded store directory
    neo4j: str | None = None  # Neo4j URI (then the Neo4j store)
    api_key: str | None = None  # enables the write endpoints
    max_text_bytes: int = MAX_TEXT_BYTES

    @classmethod
    def from_env(cls, data: str | None = None, neo4j: str | None = None) -> Settings:
        key = os.environ.get("DIRECTIVE_GRAPH_API_KEY") or None
        if key is not None and len(key) < MIN_KEY_LENGTH:
            raise SettingsError(
                f"DIRECTIVE_GRAPH_API_KEY is {len(key)} characters; use {MIN_KEY_LENGTH} or more "
                "(`python -c 'import secrets; print(secrets.token_urlsafe(32))'` makes one), "
                "or unset it to turn the write endpoints off"
            )
        return cls(
            data=data or os.environ.get("DIRECTIVE_GRAPH_DATA"),
            neo4j=neo4j or (None if data else os.environ.get("NEO4J_URI")),
            api_key=key,
        )
