"""`GET /directives/{ref}/tasks` by the shortcut (api/routes/directives.py `TasksShortcut`): the
same status, headers and bytes as the route answers through FastAPI, for every directive and
every spelling of the flags; problems and flags it does not read go on to the route. Which of
the two answered is counted (the route's worker-thread hops), never timed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.routes import directives
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import FIXTURES, REPORT

QUERIES = ["", "?transitive=false", "?include_inferred=true", "?transitive=false&include_inferred=true",
           "?include_inferred=false&transitive=true", "?other=1", "?transitive=true&other=x"]  # fmt: skip
# the route's own reading: the shortcut leaves these to it
ROUTE_QUERIES = ["?transitive=False", "?transitive=0", "?include_inferred=yes", "?transitive=",
                 "?transitive=maybe", "?transitive=true&transitive=false"]  # fmt: skip
PROBLEMS = ["NQ 18", "Kết luận 9999", "no such thing", ""]  # 300, 404 ...


class ThreadedStore(EmbeddedStore):
    """The embedded store, read as a store with remote reads is (the route, in a thread)."""

    local_reads = False


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    directory = tmp_path_factory.mktemp("shortcut") / "data"
    store = EmbeddedStore(directory)
    load_paths([FIXTURES, REPORT], store, Registry.load())
    store.close()
    return directory


@pytest.fixture
def hops(monkeypatch):
    """How many times the route ran in a worker thread."""
    count = [0]
    real = directives.run_in_threadpool

    async def counted(func, *args, **kwargs):
        count[0] += 1
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(directives, "run_in_threadpool", counted)
    return count


def _answer(client: TestClient, path: str) -> tuple:
    r = client.get(path)
    return r.status_code, sorted(r.headers.items()), r.content


def test_the_shortcut_answers_as_the_route_does(data, hops):
    store = EmbeddedStore(data)
    refs = sorted(n.id for n in store.nodes() if str(n.label) == "Directive")
    refs += ["KL 21", "Kết luận 21-KL/TW", "  21-kl-tw-2021 "]
    assert len(refs) >= 10
    settings = Settings(cache_entries=0)
    with (
        TestClient(create_app(settings, store=store)) as short,
        TestClient(create_app(settings, store=ThreadedStore(data))) as route,
    ):
        tasks = 0
        for ref in refs:
            for query in QUERIES:
                path = f"/directives/{ref}/tasks{query}"
                before = hops[0]
                ours = _answer(short, path)
                assert hops[0] == before, path  # the shortcut answered
                assert ours == _answer(route, path), path
                assert hops[0] == before + 1  # the route answered the other
                assert ours[0] == 200
                tasks += ours[2].count(b'"task":')
        assert tasks > 50  # answers with tasks, not only empty ones


def test_problems_and_other_spellings_go_to_the_route(data, hops):
    settings = Settings(cache_entries=0)
    with (
        TestClient(create_app(settings, store=EmbeddedStore(data))) as short,
        TestClient(create_app(settings, store=ThreadedStore(data))) as route,
    ):
        paths = [f"/directives/KL 21/tasks{q}" for q in ROUTE_QUERIES]
        paths += [f"/directives/{ref}/tasks" for ref in PROBLEMS]
        for path in paths:
            before = hops[0]
            ours = _answer(short, path)
            # the route answered (FastAPI refuses a flag it cannot read before the route runs)
            assert hops[0] == before + (ours[0] != 422), path
            assert ours == _answer(route, path), path
        statuses = {_answer(short, p)[0] for p in paths}
        assert statuses >= {200, 300, 404, 422}
