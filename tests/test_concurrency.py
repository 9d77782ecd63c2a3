"""Many programs on one data directory at once: `directive-graph load` of a folder while the
running service takes 8 clients posting documents and 8 reading /export, /directives and
/bodies. Afterwards every document of both is in the store, no answer was a 5xx or a dropped
connection, and every write the service reported as failed is absent (none is lost, none is
half-written)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import httpx

from bench.api_load import free_port, serve_command, wait_ready
from bench.generate import plan_texts
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
KEY = "concurrency-test-key-0123456789"
WRITERS, READERS, POSTS_PER_WRITER = 8, 8, 12


def test_cli_load_and_service_writers_and_readers_at_once(tmp_path):
    data = tmp_path / "data"
    load_paths([FIXTURES], EmbeddedStore(data), Registry.load())  # the service needs a graph
    folder = tmp_path / "corpus"
    folder.mkdir()
    cli_texts = plan_texts(120, seed=31)
    for name, text in cli_texts:
        (folder / name).write_text(text, encoding="utf-8")
    posts = [(f"api-{name}", text) for name, text in plan_texts(WRITERS * POSTS_PER_WRITER, 47)]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DIRECTIVE_GRAPH_API_KEY": KEY}
    env.pop("NEO4J_URI", None)
    log = tmp_path / "server.log"
    command = [*serve_command(), "serve", "--port", str(port), "--data", str(data)]
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [*command, "--log-level", "warning"], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    statuses: Counter = Counter()
    problems: list[str] = []
    written: dict[str, bool] = {}  # posted name -> reported as saved
    lock = threading.Lock()
    writing = threading.Event()
    try:
        wait_ready(server, base, log)

        def writer(share: list[tuple[str, str]]) -> None:
            with httpx.Client(base_url=base, timeout=120, headers={"X-API-Key": KEY}) as c:
                for name, text in share:
                    try:
                        r = c.post("/documents", json={"name": name, "text": text})
                        status = r.status_code
                    except httpx.HTTPError as e:
                        status = f"transport error {type(e).__name__}"
                    with lock:
                        statuses[status] += 1
                        written[name] = status == 201
                        if status != 201:
                            problems.append(f"POST {name}: {status}")

        def reader(i: int) -> None:
            paths = ["/export", "/directives?limit=50", "/bodies"]
            with httpx.Client(base_url=base, timeout=120) as c:
                n = 0
                while writing.is_set() or n < 3:
                    path = paths[(i + n) % len(paths)]
                    try:
                        status = c.get(path).status_code
                    except httpx.HTTPError as e:
                        status = f"transport error {type(e).__name__}"
                    with lock:
                        statuses[status] += 1
                        if status != 200:
                            problems.append(f"GET {path}: {status}")
                    n += 1

        writing.set()
        cli = subprocess.Popen(
            [sys.executable, "-m", "directive_graph.api.cli", "load", "--data", str(data), str(folder)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        threads = [
            threading.Thread(target=writer, args=(posts[i::WRITERS],)) for i in range(WRITERS)
        ]
        threads += [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
        for t in threads:
            t.start()
        _, cli_err = cli.communicate(timeout=600)
        for t in threads[:WRITERS]:
            t.join(timeout=600)
        writing.clear()
        for t in threads[WRITERS:]:
            t.join(timeout=600)
    finally:
        server.terminate()
        server.wait(timeout=60)

    assert cli.returncode == 0, cli_err
    assert not [s for s in statuses if not isinstance(s, int) or s >= 500], (statuses, problems)
    assert len(written) == len(posts)
    store = EmbeddedStore(data)
    paths = {d.props.get("path"): d for d in store.documents()}
    for name, _ in cli_texts:
        assert str(folder / name) in paths or any(p.endswith(name) for p in paths), name
    for name, saved in written.items():
        # saved: there, whole (its tasks with it); failed: not there at all
        assert (f"api:{name}" in paths) == saved, (name, saved)
    for doc in paths.values():
        if str(doc.props.get("path", "")).startswith("api:"):
            assert store.edges(source=doc.id, types=(EdgeType.HAS_TASK,)), doc.id
    assert sum(written.values()) >= len(posts) // 2, statuses  # most writes go through


def test_a_writer_takes_its_turn_between_two_groups_of_a_load(tmp_path):
    """A load commits its documents in groups (one transaction for many); another writer that
    comes meanwhile gets in after at most a couple of groups, not after the load: it asks for
    the lock every millisecond and the loader pauses after each commit."""
    from directive_graph.loaders.documents import read_document
    from directive_graph.loaders.load import build_batch

    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in plan_texts(2, seed=41):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    first, second = sorted(folder.iterdir())
    registry = Registry.load()
    batch = build_batch(read_document(first), registry)[0]
    other = build_batch(read_document(second), registry)[0]
    loader, writer = EmbeddedStore(tmp_path / "d"), EmbeddedStore(tmp_path / "d")
    commits = []
    stop = threading.Event()
    started = threading.Event()

    def load() -> None:
        with loader.session() as session, session.grouped():
            commit = session.commit_group

            def counted() -> None:
                commit()
                commits.append(1)

            session.commit_group = counted  # type: ignore[method-assign]
            while not stop.is_set():
                session.apply_many([batch])  # the same text again and again: the lock is held
                started.set()

    thread = threading.Thread(target=load)
    thread.start()
    try:
        assert started.wait(60)
        before = len(commits)
        with writer.session() as session:
            session.apply_many([other])
        after = len(commits)
    finally:
        stop.set()
        thread.join(60)
    assert after - before <= 3, f"the writer waited for {after - before} of the load's groups"
    assert writer.node(other.document.id) is not None
