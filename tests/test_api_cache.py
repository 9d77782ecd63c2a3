"""The answer cache (api/cache.py): a repeated read is served from memory, and never once the
store changed: a write through the API, through a second store object on the same SQLite file,
or through another process; bounded in entries and bytes; off for a store that cannot tell
(Neo4j). The work is counted (the cache's stats), never timed."""

from __future__ import annotations

import json
import subprocess

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.cache import AnswerCache
from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import CLI, FIXTURES, REPORT, ROOT

KEY = "test-key-0123456789abcdef"
PLAN = FIXTURES / "ke-hoach-thuc-hien-kl21.txt"  # nine more tasks that carry out KL 21
TASKS = "/directives/21-kl-tw-2021/tasks"


@pytest.fixture
def data(tmp_path):
    """A data directory holding the report (one task of KL 21), on a real SQLite file."""
    directory = tmp_path / "data"
    store = EmbeddedStore(directory)
    load_paths([REPORT], store, Registry.load())
    store.close()
    return directory


def _client(data, **settings) -> TestClient:
    return TestClient(create_app(Settings(api_key=KEY, **settings), store=EmbeddedStore(data)))


def _tasks(client) -> list[str]:
    r = client.get(TASKS)
    assert r.status_code == 200, r.text
    return [row["task"]["id"] for row in r.json()["tasks"]]


def _grown(before: list[str], after: list[str]) -> bool:
    """The plan's nine tasks joined the report's one."""
    return set(before) < set(after) and len(after) == len(before) + 9


def test_a_repeated_read_is_served_from_memory_with_the_same_bytes(data):
    with _client(data) as client, _client(data, cache_entries=0) as uncached:
        cache: AnswerCache = client.app.state.cache  # type: ignore[attr-defined]
        first = client.get(TASKS, params={"transitive": "false"})
        second = client.get(TASKS, params={"transitive": "false"})
        assert (cache.stats.misses, cache.stats.hits, cache.stats.stores) == (1, 1, 1)
        assert second.content == first.content
        assert second.headers["content-type"] == "application/json"
        # the same bytes as the app without a cache; another query string is another answer
        assert uncached.get(TASKS, params={"transitive": "false"}).content == first.content
        assert client.get(TASKS).json() == uncached.get(TASKS).json()
        assert cache.stats.misses == 2
        # problems (300, 404) and the status (it may depend on today's date) are not kept
        assert client.get("/directives/NQ 18/tasks").status_code == 300
        client.get("/directives/KL 21/status")
        client.get("/directives/KL 21/status")
        assert cache.stats.stores == 2 and cache.stats.entries == 2


def test_a_write_through_the_api_is_seen_at_once(data):
    with _client(data) as client:
        cache = client.app.state.cache  # type: ignore[attr-defined]
        before = _tasks(client)
        assert _tasks(client) == before and cache.stats.hits == 1
        doc = {"name": PLAN.name, "text": PLAN.read_text(encoding="utf-8")}
        r = client.post("/documents", json=doc, headers={"X-API-Key": KEY})
        assert r.status_code == 201, r.text
        after = _tasks(client)
        assert _grown(before, after), (before, after)
        assert cache.stats.flushes == 1 and cache.stats.hits == 1
        assert _tasks(client) == after and cache.stats.hits == 2


def test_a_write_by_a_second_store_object_on_the_file_is_seen(data):
    with _client(data) as client:
        before = _tasks(client)
        _tasks(client)
        other = EmbeddedStore(data)  # another connection to graph.sqlite, as another program
        load_paths([PLAN], other, Registry.load())
        other.close()
        assert _grown(before, _tasks(client))


def test_a_write_by_another_process_is_seen(data):
    with _client(data) as client:
        before = _tasks(client)
        assert _tasks(client) == before
        subprocess.run([*CLI, "load", str(PLAN), "--data", str(data)], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        assert _grown(before, _tasks(client))


def test_the_cache_holds_at_most_its_entries_and_bytes(data):
    paths = [TASKS, "/directives/KL 21", "/directives/KL 21/citations", "/directives/KL 21/chain",
             "/tasks/" + "x", "/bodies"]  # fmt: skip
    with _client(data, cache_entries=3) as client:
        cache = client.app.state.cache  # type: ignore[attr-defined]
        for path in paths:
            client.get(path)
        kept = cache.stats.stores
        assert kept >= 4 and cache.stats.entries == 3
        assert cache.stats.evictions == kept - 3
        # least recently used out first: the last three answers are the ones kept
        assert [k[0] for k in cache.entries] == [
            p for p in paths if client.get(p).status_code == 200
        ][-3:]
    sizes = []
    with _client(data) as client:
        for path in paths[:4]:
            sizes.append(len(client.get(path).content))
    limit = sum(sorted(sizes)[:2]) + 1000  # room for the two smallest answers, not for all
    with _client(data, cache_bytes=limit) as client:
        cache = client.app.state.cache  # type: ignore[attr-defined]
        for path in paths[:4]:
            client.get(path)
        assert 0 < cache.stats.bytes <= limit and cache.stats.entries < 4
        assert cache.stats.bytes == sum(
            len(p) + len(q) + len(body) + 200 for (p, q), (_, _, body) in cache.entries.items()
        )
    cache = AnswerCache(max_entries=10, max_bytes=10_000, max_entry_bytes=100)
    cache.at(1)
    start = {"status": 200, "headers": [(b"content-type", b"application/json")]}
    cache.offer(("/a", b""), 1, start, b"x" * 101)  # over the size of one answer
    cache.offer(("/b", b""), 0, start, b"{}")  # computed before the store changed
    cache.offer(("/c", b""), 1, {**start, "status": 404}, b"{}")
    assert cache.stats.stores == 0 and not cache.entries


class _Blind(EmbeddedStore):
    """A store that cannot tell when it was written (as the Neo4j store)."""

    def data_version(self):
        return None


def test_nothing_is_cached_for_a_store_that_cannot_tell(data):
    app = create_app(Settings(), store=_Blind(data))
    with TestClient(app) as client:
        answers = [client.get(TASKS).json() for _ in range(3)]
        cache = app.state.cache
        assert cache.stats.hits == cache.stats.misses == cache.stats.stores == 0
        assert answers[0] == answers[2] and json.dumps(answers[0])


def test_the_routes_answering_with_orjson_give_what_their_model_validates_to(data):
    """The directive routes answer with orjson's bytes of the rows they build
    (deps.json_answer), not re-validated: each answer is what FastAPI's validated dump of the
    response model gives (strict models, no extra keys), for every directive of the graph."""
    from pydantic import TypeAdapter

    from directive_graph.api.schemas import (
        DirectiveChain,
        DirectiveCitations,
        DirectiveTasks,
        DirectiveView,
    )

    store = EmbeddedStore(data)
    load_paths([FIXTURES], store, Registry.load())
    ids = sorted(n.id for n in store.nodes() if str(n.label) == "Directive")
    assert len(ids) >= 10
    routes = [("/tasks", DirectiveTasks), ("/tasks?include_inferred=true", DirectiveTasks),
              ("/citations", DirectiveCitations), ("/chain", DirectiveChain), ("", DirectiveView)]  # fmt: skip
    with TestClient(create_app(Settings(cache_entries=0), store=store)) as client:
        for directive in ids:
            for suffix, model in routes:
                path, _, query = suffix.partition("?")
                r = client.get(f"/directives/{directive}{path}" + (f"?{query}" if query else ""))
                assert r.status_code == 200, (directive, suffix, r.text)
                adapter = TypeAdapter(model)
                dumped = adapter.dump_json(adapter.validate_json(r.content), by_alias=True)
                assert json.loads(dumped) == r.json(), (directive, suffix)


def test_serve_with_two_workers_answers_and_never_serves_stale(data):
    """`directive-graph serve --workers 2` (uvloop, httptools, a cache in each worker): every
    connection sees a write made by another process at once, whichever worker it lands on."""
    import socket
    import sys
    import time
    from pathlib import Path

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve = Path(sys.executable).with_name("directive-graph")
    command = [str(serve)] if serve.exists() else CLI
    server = subprocess.Popen([*command, "serve", "--workers", "2", "--port", str(port),
                               "--data", str(data), "--log-level", "warning"], cwd=ROOT,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        clients = [httpx.Client(base_url=base) for _ in range(4)]  # connections spread out
        before = [[row["task"]["id"] for row in c.get(TASKS).json()["tasks"]] for c in clients]
        assert all(b == before[0] for b in before) and len(before[0]) == 1
        for c in clients:  # each connection's worker now holds the answer
            assert c.get(TASKS).status_code == 200
        subprocess.run([*CLI, "load", str(PLAN), "--data", str(data)], cwd=ROOT, check=True,
                       capture_output=True)  # fmt: skip
        for c in clients:
            after = [row["task"]["id"] for row in c.get(TASKS).json()["tasks"]]
            assert _grown(before[0], after)
            c.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


class _Failing(_Blind):
    """A store whose reads fail with a private message and a public one (as Neo4j's)."""

    cooldown = 2.0

    def node(self, node_id):
        from directive_graph.graph.errors import StoreError

        e = StoreError("bolt://user:secret@10.0.0.1:7687 refused")
        e.public = "The graph store is unavailable; try again."  # type: ignore[attr-defined]
        raise e


@pytest.mark.parametrize("path", [TASKS, "/directives/KL 21", "/directives/KL 21/chain",
                                  "/directives/KL 21/citations"])  # fmt: skip
def test_the_fast_routes_answer_a_store_failure_with_its_public_message(data, path):
    with TestClient(create_app(Settings(), store=_Failing(data))) as client:
        r = client.get(path)
        assert r.status_code == 503, r.text
        assert "secret" not in r.text and "bolt://" not in r.text
        assert "unavailable" in r.json()["detail"] and r.headers["retry-after"] == "2"
