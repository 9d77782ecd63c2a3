"""Bounds on every request, enforced before the request's work starts.

- `BodyLimit` (ASGI middleware): a body larger than `Settings.max_body_bytes` is refused with
  413 as soon as its Content-Length says so, or as soon as the bytes read pass the limit (a
  chunked body), before anything parses it; a body that has not fully arrived within
  `Settings.body_timeout` seconds is refused with 408 (a client sending a byte every two seconds
  holds no worker).
- `RateLimit` (ASGI middleware): requests per client address, with 429 and Retry-After, counted
  by the well-kept `limits` library (the one slowapi and Flask-Limiter use; slowapi's own
  middleware exempted every route of this app when tried: its route lookup found no endpoint)
  at `Settings.rate_limit` ("1200/minute" by default for `serve`; "off" turns it off).
- `HeaderTimeoutHttpTools` (the default of `directive-graph serve`, uvicorn's httptools
  protocol) and `HeaderTimeoutH11` (its h11 one, when httptools is not installed): a deadline
  for the request line and headers (uvicorn bounds only the idle time between requests); the
  httptools one also refuses headers over MAX_HEADER_BYTES with 431 (h11 has its own bound,
  `h11_max_incomplete_event_size`). `serve` adds uvicorn's own limits (concurrent connections,
  keep-alive).
- `ExportSlots`: at most two whole-graph exports at once; a third is told to retry (429).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed: `serve` uses HeaderTimeoutH11
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

from directive_graph.api.problems import PROBLEM

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_BODY_BYTES = 8_000_000  # a 1 MB text as JSON with every letter escaped (\u1ec7) fits
BODY_TIMEOUT = 30.0  # seconds for the whole body to arrive
HEADER_TIMEOUT = 10.0  # seconds for the request line and headers
MAX_HEADER_BYTES = 16_384  # the request line and headers
RATE_LIMIT = "1200/minute"  # per client address
EXPORT_SLOTS = 2  # whole-graph exports at once


async def _refuse(send: Send, status: int, title: str, detail: str, path: str) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status,
                       "detail": detail, "instance": path}).encode()  # fmt: skip
    headers = [(b"content-type", PROBLEM.encode()), (b"content-length", b"%d" % len(body)),
               (b"connection", b"close")]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Read a request's body within `max_bytes` and `timeout` seconds, or refuse it (413, 408)
    before the application sees it; the application then reads the body from memory."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES, timeout: float = BODY_TIMEOUT):
        self.app, self.max_bytes, self.timeout = app, max_bytes, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        length = dict(scope.get("headers") or ()).get(b"content-length")
        too_large = f"The body is larger than {self.max_bytes:,} bytes; send a smaller text."
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await _refuse(send, 413, "Content too large", too_large, path)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                late = f"The body did not arrive within {self.timeout:g} s."
                await _refuse(send, 408, "Request timeout", late, path)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _refuse(send, 413, "Content too large", too_large, path)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # the disconnect, when it comes

        await self.app(scope, replay, send)


class RateLimit:
    """Per-client rate limit (ASGI middleware) on the `limits` library's fixed window: a client
    over `rate` gets 429 with Retry-After, before the request does any work."""

    def __init__(self, app, rate: str):
        self.app = app
        self.rate = parse(rate)
        self.window = FixedWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        if self.window.hit(self.rate, client):
            await self.app(scope, receive, send)
            return
        reset, _ = self.window.get_window_stats(self.rate, client)
        wait = max(1, int(reset - time.time()) + 1)
        body = json.dumps({
            "type": "about:blank", "title": "Too many requests", "status": 429,
            "detail": f"More than {self.rate} from this client; retry in {wait} s.",
            "instance": scope.get("path", ""),
        }).encode()  # fmt: skip
        headers = [(b"content-type", PROBLEM.encode()), (b"retry-after", b"%d" % wait),
                   (b"content-length", b"%d" % len(body))]  # fmt: skip
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, rate_limit: str | None, max_body_bytes: int, body_timeout: float) -> None:
    """The body limit and (unless `rate_limit` is None or "off") the rate limit, outermost."""
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes, timeout=body_timeout)
    if rate_limit and rate_limit.lower() != "off":
        app.add_middleware(RateLimit, rate=rate_limit)


class HeaderTimeoutH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request line and headers have not
    arrived within HEADER_TIMEOUT seconds of its opening (or of the previous response)."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._waiting_for = self.cycle
        self._header_timer: asyncio.TimerHandle | None = self.loop.call_later(
            self.header_timeout, self._headers_late
        )

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not self._waiting_for:  # a request's headers arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._disarm()
            self._arm()

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.cycle is self._waiting_for and not self.transport.is_closing():
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class _HeaderDeadline:
    """The deadline and byte count of HeaderTimeoutHttpTools, on uvicorn's httptools protocol:
    armed when a connection opens and after each response, disarmed when a request's headers
    are complete (the protocol then makes a new `cycle`)."""

    header_timeout = HEADER_TIMEOUT
    max_header_bytes = MAX_HEADER_BYTES
    _header_timer: asyncio.TimerHandle | None = None
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    cycle: Any

    def _arm(self) -> None:
        self._waiting_for = self.cycle
        self._head_bytes = 0
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _waiting(self) -> bool:
        """Between requests: no new request's headers since the deadline was armed, and the
        current request (if any) answered (a pipelined one may still be worked on)."""
        cycle = self.cycle
        return cycle is self._waiting_for and (cycle is None or cycle.response_complete)

    def _headers_late(self) -> None:
        self._header_timer = None
        if self._waiting() and not self.transport.is_closing():
            self.transport.close()


if HttpToolsProtocol is not None:

    class HeaderTimeoutHttpTools(_HeaderDeadline, HttpToolsProtocol):
        """uvicorn's httptools protocol (with uvloop, what `serve` runs): a connection whose
        request line and headers have not arrived within `header_timeout` seconds of its
        opening (or of the previous response) is closed; headers over `max_header_bytes` are
        refused with 431 and the connection closed."""

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            waiting = self._waiting()
            if waiting:
                self._head_bytes += len(data)
            super().data_received(data)
            if (waiting and self._waiting() and self._head_bytes > self.max_header_bytes
                    and not self.transport.is_closing()):  # fmt: skip
                self._disarm()
                body = b"The request line and headers are over %d bytes." % self.max_header_bytes
                self.transport.write(
                    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                    b"content-type: text/plain; charset=utf-8\r\n"
                    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(body), body)
                )
                self.transport.close()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._disarm()
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)


class ExportSlots:
    """A bounded number of whole-graph exports at once (each holds the graph in memory)."""

    def __init__(self, slots: int = EXPORT_SLOTS):
        self._slots = threading.BoundedSemaphore(slots)
        self.size = slots

    def take(self) -> bool:
        """A slot, if one is free (then `give` it back)."""
        return self._slots.acquire(blocking=False)

    def give(self) -> None:
        self._slots.release()
