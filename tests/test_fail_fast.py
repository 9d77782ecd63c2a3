"""Neo4j down: the service answers 503 at once and says so on /health, without naming the server.

A Neo4j store is opened on the real test server through a relay on a loopback port of the test's
own (`_Relay`); the relay then goes down (its port closed: connections refused) or hangs (the port
accepts connections and answers nothing), while the shared server itself runs on untouched. Every
request must then answer 503, and no answer may hold the bolt URI, its port or a hint about the
password. The work is bounded, counted in connection attempts (the relay counts them; no test
here measures seconds): a failing store tries the server at most twice, then not at all while
its short cut lasts. With the server up, /health is 200.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.errors import StoreError
from directive_graph.graph.neo4j_store import Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = [
    ("GET", "/health", None),
    ("GET", "/directives", None),
    ("GET", "/directives/KL 21", None),
    ("GET", "/directives/KL 21/tasks", None),
    ("GET", "/tasks/t-1", None),
    ("GET", "/bodies", None),
    ("GET", "/citations/resolve?q=NQ 18", None),
    ("GET", "/export", None),
    ("POST", "/citations", {"text": "Thực hiện Kết luận số 21-KL/TW."}),
]


class _Relay:
    """A TCP relay from a free loopback port to the real server. `down()` closes the port and cuts
    the open connections (a stopped server); `hang()` keeps accepting connections but relays and
    answers nothing (a server that is stuck)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.hung = False
        self.attempts = 0  # connections accepted: the store's tries to reach the server
        self.sockets: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # the listener is shut
            self.sockets.append(client)
            self.attempts += 1
            if self.hung:
                continue  # accepted, never answered
            upstream = socket.create_connection(self.target)
            self.sockets.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                if self.hung:
                    return
                b.sendall(data)
        except OSError:
            pass

    def _cut(self) -> None:
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self.sockets.clear()

    def hang(self) -> None:
        self.hung = True
        self._cut()

    def down(self) -> None:
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        self._cut()


@pytest.fixture
def relay(neo4j_uri) -> Iterator[_Relay]:
    url = urlsplit(neo4j_uri)
    r = _Relay(url.hostname or "127.0.0.1", url.port or 7687)
    yield r
    r.down()


@pytest.fixture
def relayed_store(relay) -> Iterator[Neo4jStore]:
    """A Neo4j store on the real server, through the relay (nothing is written but the schema,
    which is idempotent: the shared server's data stays as it is)."""
    store = Neo4jStore(f"bolt://127.0.0.1:{relay.port}")
    assert store.node("no-such-node") is None  # it answers through the relay
    yield store
    store.close()


def _client(store: Neo4jStore) -> TestClient:
    return TestClient(create_app(Settings(api_key="k" * 24), store=store))


def _assert_private(text: str, port: int) -> None:
    assert "bolt://" not in text and "127.0.0.1" not in text
    assert str(port) not in text
    assert "password" not in text.lower() and "NEO4J_USER" not in text
    assert os.environ.get("NEO4J_PASSWORD", "-" * 40) not in text


@pytest.mark.parametrize("failure", ["down", "hang"])
def test_every_request_is_503_within_bound_when_neo4j_fails(relay, relayed_store, failure):
    getattr(relay, failure)()
    with _client(relayed_store) as client:
        before = relay.attempts
        for round_ in range(2):  # the first failure, then the short cut after it
            for method, path, body in REQUESTS:
                r = client.request(method, path, json=body)
                where = (failure, round_, method, path)
                assert r.status_code == 503, (where, r.status_code, r.text)
                _assert_private(r.text, relay.port)
                if path != "/health":
                    problem = r.json()
                    assert r.headers["content-type"].startswith("application/problem+json")
                    assert problem["title"] == "Graph store unavailable"
                    assert "Neo4j store is unavailable" in problem["detail"], problem
                    assert "scripts/neo4j start" in problem["detail"], problem
    if failure == "hang":  # bounded work: 18 requests, at most a few tries of the server
        assert relay.attempts - before <= 4, relay.attempts - before


def test_health_is_503_with_its_body_when_neo4j_is_down(relay, relayed_store):
    relay.down()
    with _client(relayed_store) as client:
        r = client.get("/health")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == "unavailable" and body["probe"] == 0
    assert body["store"] == "the Neo4j store"
    assert "Neo4j store is unavailable" in body["detail"]
    _assert_private(r.text, relay.port)


def test_the_store_comes_back_after_the_short_cut(relay, relayed_store, neo4j_uri):
    relay.hang()
    with pytest.raises(StoreError):
        relayed_store.node("x")
    tried = relay.attempts
    with pytest.raises(StoreError) as err:  # within the cool-down: no try of the server at all
        relayed_store.node("x")
    assert relay.attempts == tried
    assert "Neo4j at bolt://127.0.0.1:" in str(err.value)  # the operator's message names it
    # the same store object, its server back (here: the driver pointed at the server itself)
    relayed_store.driver.close()
    url = urlsplit(neo4j_uri)
    relayed_store.driver = relayed_store._new_driver(f"bolt://{url.hostname}:{url.port}")
    time.sleep(relayed_store.cooldown + 0.1)
    assert relayed_store.node("no-such-node") is None


def test_health_is_200_when_neo4j_answers(neo4j_uri):
    store = Neo4jStore(neo4j_uri)
    try:
        with _client(store) as client:
            r = client.get("/health")
    finally:
        store.close()
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ok" and body["detail"] == "answers"
    assert body["store"] == "the Neo4j store"
    _assert_private(r.text, urlsplit(neo4j_uri).port or 7687)


def test_opening_on_a_closed_port_fails_fast_with_the_operators_message():
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # free, then closed
    with pytest.raises(StoreError) as err:
        Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", "whatever1")
    assert f"127.0.0.1:{port}" in str(err.value)  # the command line names the server


def test_health_is_documented_with_its_503(neo4j_uri):
    store = Neo4jStore(neo4j_uri)
    try:
        with _client(store) as client:
            spec = client.get("/openapi.json").json()
    finally:
        store.close()
    responses = spec["paths"]["/health"]["get"]["responses"]
    assert responses["503"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Health"
    }


def test_scripts_neo4j_help_documents_reset_and_keep():
    # only the help: the shared test server is never reset
    out = subprocess.run(
        [str(ROOT / "scripts/neo4j"), "--help"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "--reset" in out.stdout and "--keep" in out.stdout
    assert "keeps the store" in out.stdout
