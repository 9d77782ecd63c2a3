"""Hot answers from memory: `ResponseCache`, ASGI middleware that keeps the bytes of recent
`200 application/json` answers to the read routes (`GET /directives/...` but a status, `/tasks/`,
`/bodies`) and serves a repeated request from them, without routing, validation or the store.

Never stale: each entry is stamped with the store's `data_version()` read *before* the answer
was computed; a request is served from memory only while the store's token is still that one.
The embedded store's token changes when any connection commits to the SQLite file: a write
through the API, another `EmbeddedStore` object, another process (`directive-graph load`). A
store whose token is None (Neo4j: other clients' writes are not seen) is never cached.

Bounded: at most `max_entries` answers and `max_bytes` bytes of them (least recently used out
first); an answer over `max_entry_bytes` is not kept. Runs on the event loop (a hit does no
blocking work: the token is one `PRAGMA data_version`, microseconds), inside the rate limit.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from directive_graph.api.limits import Message, Receive, Scope, Send

MAX_ENTRIES = 10_000
MAX_BYTES = 64_000_000
MAX_ENTRY_BYTES = 1_000_000
PREFIXES = ("/directives", "/tasks/", "/bodies")
ENTRY_OVERHEAD = 200  # bytes an entry costs beside its key and body (dict slot, tuple, headers)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stores: int = 0  # answers kept
    evictions: int = 0  # answers dropped for room
    flushes: int = 0  # times every answer was dropped because the store changed
    entries: int = 0
    bytes: int = 0


def cacheable(scope: Scope) -> bool:
    """A GET of a read route whose answer depends on the store, the registry and the URL only."""
    path = scope["path"]
    return (
        scope["method"] == "GET"
        and path.startswith(PREFIXES)
        and "/status" not in path  # a status may depend on today's date
    )


class AnswerCache:
    """The answers kept, least recently used first, within the bounds; `stats` counts the work
    (tests read it). Used from the event loop only (no lock)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES,
                 max_entry_bytes: int = MAX_ENTRY_BYTES):  # fmt: skip
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.entries: OrderedDict[tuple[str, bytes], tuple[int, tuple, bytes]] = OrderedDict()
        self.version: object | None = None
        self.stats = CacheStats()

    @property
    def enabled(self) -> bool:
        return self.max_entries > 0 and self.max_bytes > 0

    def clear(self) -> None:
        self.entries.clear()
        self.stats.entries = self.stats.bytes = 0

    def at(self, version: object) -> None:
        """The store's token now: every answer of an older one is dropped."""
        if version != self.version:
            if self.entries:
                self.stats.flushes += 1
            self.clear()
            self.version = version

    def get(self, key: tuple[str, bytes]) -> tuple[int, tuple, bytes] | None:
        hit = self.entries.get(key)
        if hit is None:
            self.stats.misses += 1
            return None
        self.entries.move_to_end(key)
        self.stats.hits += 1
        return hit

    @staticmethod
    def _cost(key: tuple[str, bytes], body: bytes) -> int:
        return len(key[0]) + len(key[1]) + len(body) + ENTRY_OVERHEAD

    def offer(self, key: tuple[str, bytes], version: object, start: Message, body: bytes) -> None:
        """Keep a finished answer if it is a plain 200 JSON one, small enough, and the store's
        token is still `version` (read before the answer was computed)."""
        if start["status"] != 200 or len(body) > self.max_entry_bytes or version != self.version:
            return
        headers = list(start.get("headers") or ())
        if any(k.lower() == b"set-cookie" for k, _ in headers) or (
            dict(headers).get(b"content-type") != b"application/json"
        ):
            return
        cost = self._cost(key, body)
        if cost > self.max_bytes:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.stats.bytes -= self._cost(key, old[2])
        while self.entries and (
            len(self.entries) >= self.max_entries or self.stats.bytes + cost > self.max_bytes
        ):
            dropped_key, (_, _, dropped) = self.entries.popitem(last=False)
            self.stats.bytes -= self._cost(dropped_key, dropped)
            self.stats.evictions += 1
        # tuples of str, bytes and ints only: the collector stops tracking them (short passes)
        self.entries[key] = (start["status"], tuple(headers), body)
        self.stats.bytes += cost
        self.stats.entries = len(self.entries)
        self.stats.stores += 1


class ResponseCache:
    """The middleware (see the module's docstring) over the app's `AnswerCache`."""

    def __init__(self, app, cache: AnswerCache):
        self.app, self.cache = app, cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache
        if scope["type"] != "http" or not cache.enabled or not cacheable(scope):
            await self.app(scope, receive, send)
            return
        store = getattr(getattr(scope.get("app"), "state", None), "store", None)
        version = store.data_version() if store is not None else None
        if version is None:  # a store that cannot tell: nothing is cached
            await self.app(scope, receive, send)
            return
        cache.at(version)
        key = (scope["path"], scope.get("query_string", b""))
        hit = cache.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    cache.offer(key, version, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, keep)
