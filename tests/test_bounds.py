"""Every request's work is bounded before it starts (api/limits.py): body size and arrival time,
header time, rate per client, citations per answer, exports at once. Against a real uvicorn
server on loopback (slow clients need a real socket) and the app itself."""

from __future__ import annotations

import contextlib
import json
import os
import socket

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.limits import HeaderTimeoutH11, HeaderTimeoutHttpTools
from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings, SettingsError
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT, serving


class _QuickHeaders(HeaderTimeoutH11):
    header_timeout = 1.0


class _QuickHeadersHttpTools(HeaderTimeoutHttpTools):  # what `serve` runs (with uvloop)
    header_timeout = 1.0


# every bound on a real server holds with both protocols of `directive-graph serve`
PROTOCOLS = pytest.mark.parametrize("protocol", [_QuickHeadersHttpTools, _QuickHeaders],
                                    ids=["httptools", "h11"])  # fmt: skip


@contextlib.contextmanager
def _server(settings: Settings, store, protocol=_QuickHeadersHttpTools):
    """The app on a real uvicorn with a short header deadline; yields its port."""
    app = create_app(settings, store=store)
    with serving(app, http=protocol, lifespan="on", h11_max_incomplete_event_size=16_384) as base:
        yield int(base.rsplit(":", 1)[1])


def _read_all(conn: socket.socket, wait: float) -> bytes:
    """What the server sends until it closes the connection; TimeoutError when it is still
    open after `wait` seconds (the server did not end it: the bound under test failed)."""
    conn.settimeout(wait)
    out = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := conn.recv(65536):
            out += chunk
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = EmbeddedStore(tmp_path_factory.mktemp("bounds") / "data")
    load_paths([REPORT], s, Registry.load())
    return s


@PROTOCOLS
def test_a_body_over_the_limit_is_refused_before_it_is_read(store, protocol):
    with _server(Settings(max_body_bytes=10_000), store, protocol) as port:
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"POST /citations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 300000000\r\n\r\n{\"text\": \"")  # fmt: skip
        answer = _read_all(conn, 5)  # answered and closed, with 300 MB never sent
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        # chunked, no length: refused when the bytes read pass the limit
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"POST /citations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")  # fmt: skip
        # three chunks of 4,096 bytes at once: the third passes the limit; nothing is left
        # unread on the server's side when it answers (no reset to lose the answer in)
        conn.sendall((b"1000\r\n" + b"a" * 4096 + b"\r\n") * 3)
        assert _read_all(conn, 5).startswith(b"HTTP/1.1 413")


@PROTOCOLS
def test_a_slow_body_and_slow_headers_hold_no_connection(store, protocol):
    with _server(Settings(body_timeout=1.0), store, protocol) as port:
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"POST /citations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{")  # fmt: skip
        answer = _read_all(conn, 5)  # the body never comes: the server ends it first
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert _read_all(conn, 5) == b""  # closed by the server, with no answer
        # a connection that sends its headers in time is served as usual
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert _read_all(conn, 5).startswith(b"HTTP/1.1 200")


@PROTOCOLS
def test_headers_over_16_kb_are_refused_and_a_kept_alive_connection_gets_its_deadline(
    store, protocol
):
    with _server(Settings(), store, protocol) as port:
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 20_000 + b"\r\n")
        answer = _read_all(conn, 5)  # refused (431 or h11's 400) and closed, never served
        assert answer.startswith((b"HTTP/1.1 431", b"HTTP/1.1 400")), answer[:200]
        # after an answer on a kept-alive connection, the next headers have the deadline too
        conn = socket.create_connection(("127.0.0.1", port))
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        conn.settimeout(5)
        first = b""
        while b"\r\n\r\n" not in first or len(first.split(b"\r\n\r\n", 1)[1]) < int(
            first.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0]
        ):
            first += conn.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), first[:200]
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        assert _read_all(conn, 5) == b""


def test_a_client_over_its_rate_gets_429_with_retry_after(store):
    with TestClient(create_app(Settings(rate_limit="5/minute"), store=store)) as client:
        codes = [client.get("/health").status_code for _ in range(8)]
        assert codes == [200] * 5 + [429] * 3
        r = client.get("/directives")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert r.json()["title"] == "Too many requests"
    with pytest.raises(SettingsError, match="not a rate"):
        os.environ["DIRECTIVE_GRAPH_RATE_LIMIT"] = "fast"
        try:
            Settings.from_env()
        finally:
            del os.environ["DIRECTIVE_GRAPH_RATE_LIMIT"]


def test_citations_are_capped_and_the_cap_is_said(store):
    with TestClient(create_app(Settings(max_citations=50), store=store)) as client:
        r = client.post("/citations", json={"text": "Thực hiện NQ 18 và KL 21. " * 400})
        body = r.json()
        assert r.status_code == 200
        assert (len(body["citations"]), body["limit"], body["truncated"]) == (50, 50, True)
        small = client.post("/citations", json={"text": "Thực hiện Kết luận số 21-KL/TW."}).json()
        assert (small["truncated"], len(small["citations"])) == (False, 1)
        spec = client.get("/openapi.json").json()
        fields = spec["components"]["schemas"]["CitationList"]["properties"]
        assert {"limit", "truncated"} <= set(fields)


def test_exports_at_once_are_bounded_and_empty_parameters_select_nothing(store):
    app = create_app(Settings(), store=store)
    with TestClient(app) as client:
        slots = app.state.exports
        taken = [slots.take() for _ in range(slots.size)]
        assert all(taken)
        r = client.get("/export", params={"format": "nt"})
        assert r.status_code == 429 and r.headers["retry-after"] == "5"
        for _ in taken:
            slots.give()
        assert client.get("/export", params={"format": "nt"}).status_code == 200
        r = client.get("/export", params={"directive": "", "issuer": "", "year": 2021})
        assert r.status_code == 200, r.text
        assert json.loads(r.text)["nodes"]


def test_a_posted_document_with_too_many_citations_is_refused_unread(tmp_path):
    key = "k" * 24
    store = EmbeddedStore(tmp_path / "data")
    app = create_app(Settings(api_key=key, max_document_citations=100), store=store)
    with TestClient(app) as client:
        headers = {"X-API-Key": key}
        r = client.post("/documents", json={"name": "x.txt", "text": "NQ 18 và KL 21. " * 80},
                        headers=headers)  # fmt: skip
        assert r.status_code == 413 and "100" in r.json()["detail"]
        assert not store.nodes()  # nothing written
        r = client.post("/documents", json={"name": "y.txt", "text": "NQ 18 và KL 21. " * 40},
                        headers=headers)  # fmt: skip
        body = r.json()
        assert r.status_code == 201
        assert body["unresolved_total"] == 40 and len(body["unresolved"]) == 40
