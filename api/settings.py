"""Settings of the HTTP service, from the environment. Unsafe values are refused at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from limits import parse_many

from directive_graph.api.cache import MAX_BYTES as CACHE_BYTES
from directive_graph.api.cache import MAX_ENTRIES as CACHE_ENTRIES
from directive_graph.api.limits import BODY_TIMEOUT, MAX_BODY_BYTES, RATE_LIMIT
from directive_graph.graph.errors import ConfigError

MAX_TEXT_BYTES = 1_000_000  # POST /citations and POST /documents: 1 MB of UTF-8 text
MIN_KEY_LENGTH = 16
THREADS = 8  # anyio's default is 40; each thread holds a store connection and its cache
MAX_CITATIONS = 1000  # per POST /citations (CourtListener's lookup caps at 250)
MAX_DOCUMENT_CITATIONS = 5000  # per POST /documents (the densest real text holds a few hundred)


class SettingsError(ConfigError):
    """A setting of the service (its environment) is wrong."""


@dataclass(frozen=True, slots=True)
class Settings:
    data: str | None = None  # embedded store directory
    neo4j: str | None = None  # Neo4j URI (then the Neo4j store)
    api_key: str | None = None  # enables the write endpoints
    max_text_bytes: int = MAX_TEXT_BYTES
    max_body_bytes: int = MAX_BODY_BYTES  # any request body, refused while it is read
    body_timeout: float = BODY_TIMEOUT  # seconds for a body to arrive
    rate_limit: str | None = None  # per client ("1200/minute"); from_env turns it on
    max_citations: int = MAX_CITATIONS  # POST /citations answers at most this many
    max_document_citations: int = MAX_DOCUMENT_CITATIONS  # POST /documents refuses more
    threads: int = THREADS  # requests worked on at once (the others wait their turn)
    cache_entries: int = CACHE_ENTRIES  # answers kept in memory (api/cache.py); 0: none
    cache_bytes: int = CACHE_BYTES  # and their bytes at most

    @classmethod
    def from_env(cls, data: str | None = None, neo4j: str | None = None) -> Settings:
        key = os.environ.get("DIRECTIVE_GRAPH_API_KEY") or None
        if key is not None and len(key) < MIN_KEY_LENGTH:
            raise SettingsError(
                f"DIRECTIVE_GRAPH_API_KEY is {len(key)} characters; use {MIN_KEY_LENGTH} or more "
                "(`python -c 'import secrets; print(secrets.token_urlsafe(32))'` makes one), "
                "or unset it to turn the write endpoints off"
            )
        rate = os.environ.get("DIRECTIVE_GRAPH_RATE_LIMIT") or RATE_LIMIT
        if rate.lower() != "off":
            try:
                parse_many(rate)
            except ValueError as e:
                raise SettingsError(
                    f"DIRECTIVE_GRAPH_RATE_LIMIT={rate!r} is not a rate; write it as "
                    '"1200/minute" or "20/second", or "off"'
                ) from e
        entries = os.environ.get("DIRECTIVE_GRAPH_CACHE_ENTRIES") or str(CACHE_ENTRIES)
        if not entries.isdigit():
            raise SettingsError(
                f"DIRECTIVE_GRAPH_CACHE_ENTRIES={entries!r} is not a count; write a whole number "
                "of answers to keep in memory (0 turns the cache off)"
            )
        return cls(
            data=data or os.environ.get("DIRECTIVE_GRAPH_DATA"),
            cache_entries=int(entries),
            neo4j=neo4j or (None if data else os.environ.get("NEO4J_URI")),
            api_key=key,
            rate_limit=rate,
        )
