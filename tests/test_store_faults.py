"""The embedded store under faults: a load killed with SIGKILL at any moment leaves the last
committed state (whole documents) and a rerun completes without duplicates; two loads on one
store at once both complete, each document once. Neo4j: a server stopped mid-load gives a clear
error and a non-zero exit; a rerun after restart completes without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import plan_texts
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
CLI = [sys.executable, "-m", "directive_graph.api.cli"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in plan_texts(300, seed=23):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def expected(tmp_path_factory, corpus) -> dict:
    store = EmbeddedStore(tmp_path_factory.mktemp("expected"))
    load_paths([FIXTURES, corpus], store, Registry.load())
    return store.export()


def _load_cmd(data: Path, *paths: Path) -> list[str]:
    return [*CLI, "load", "--data", str(data), *map(str, paths)]


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_sigkill_leaves_a_readable_graph_and_a_rerun_completes(tmp_path, corpus, expected, delay):
    data = tmp_path / "data"
    subprocess.run(_load_cmd(data, FIXTURES), check=True, capture_output=True, cwd=ROOT)
    proc = subprocess.Popen(
        _load_cmd(data, corpus), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # whatever moment it died at, the store holds whole documents: each one loaded so far has
    # all its tasks and mentions (a document is one transaction)
    store = EmbeddedStore(data)
    documents = store.documents()
    assert len(documents) >= 3
    for doc in documents:
        mentions = store.edges(source=doc.id, types=(EdgeType.MENTIONS,))
        assert len(mentions) >= min(1, doc.props.get("citations", 0))
    rerun = subprocess.run(_load_cmd(data, FIXTURES, corpus), capture_output=True, cwd=ROOT)
    assert rerun.returncode == 0, rerun.stderr
    assert EmbeddedStore(data).export() == expected  # nothing twice, nothing missing


def test_two_loads_on_one_store_at_once(tmp_path, corpus, expected):
    data = tmp_path / "data"
    first = subprocess.Popen(_load_cmd(data, corpus), cwd=ROOT, stderr=subprocess.PIPE)
    time.sleep(0.5)
    second = subprocess.run(_load_cmd(data, FIXTURES), capture_output=True, cwd=ROOT)
    first_err = first.communicate()[1]
    assert first.returncode == 0 and second.returncode == 0, (first_err, second.stderr)
    assert first.returncode == 0
    # both wrote while the other did: the store is what one load of everything gives
    assert EmbeddedStore(data).export() == expected


def test_a_reader_sees_what_another_process_wrote(tmp_path):
    reader = EmbeddedStore(tmp_path / "data")
    assert reader.documents() == []
    subprocess.run(
        _load_cmd(tmp_path / "data", FIXTURES), check=True, capture_output=True, cwd=ROOT
    )
    assert len(reader.documents()) == 3  # no reopening: the next read sees the commit


def _neo4j(home: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts/neo4j"), *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


def _counts(uri: str, password: str) -> tuple[int, int]:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def test_neo4j_stopped_mid_load_then_rerun(tmp_path, corpus, expected, neo4j_uri):
    # A server of this test's own, so stopping it leaves the suite's server alone.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(DG_NEO4J_HOME=str(tmp_path / "neo4j"), NEO4J_PASSWORD="fault-test-pw")
    env["NEO4J_RETRY_SECONDS"] = "3"  # give up on the stopped server quickly
    env["PATH"] = f"{ROOT / '.venv/bin'}:{env['PATH']}"
    started = _neo4j(tmp_path, "start", env=env)
    assert started.returncode == 0, started.stderr[-2000:]
    lines = dict(line.split("=", 1) for line in started.stdout.split() if "=" in line)
    uri = lines["NEO4J_URI"]
    try:
        run_env = {**env, "NEO4J_PASSWORD": "fault-test-pw"}
        proc = subprocess.Popen([*CLI, "load", "--neo4j", uri, str(FIXTURES), str(corpus)], cwd=ROOT,
                                env=run_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(4)
        stop = _neo4j(tmp_path, "stop", env=env)
        assert stop.returncode == 0
        _, err = proc.communicate(timeout=300)
        assert proc.returncode != 0, "the load went on without its server"
        assert "Neo4j at" in err and "scripts/neo4j status" in err, err[-2000:]
        restarted = _neo4j(tmp_path, "start", "--keep", env=env)
        assert restarted.returncode == 0, restarted.stderr[-2000:]
        uri = dict(line.split("=", 1) for line in restarted.stdout.split() if "=" in line)[
            "NEO4J_URI"
        ]
        rerun = subprocess.run([*CLI, "load", "--neo4j", uri, str(FIXTURES), str(corpus), "--json"],
                               cwd=ROOT, env=run_env, capture_output=True, text=True)  # fmt: skip
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        # no duplicates: the same numbers of nodes and relationships as the embedded store holds
        want_nodes = len(expected["nodes"])
        want_rels = len(expected["links"])
        assert _counts(uri, "fault-test-pw") == (want_nodes, want_rels)
        assert json.loads(rerun.stdout)["failures"] == []
    finally:
        _neo4j(tmp_path, "stop", env=env)


def test_a_full_disk_is_one_line_and_loses_what_was_committed_nothing_more(tmp_path, corpus):
    """SQLite's own "database or disk is full" (the file may not grow past max_page_count, as
    on a full disk): a clear StoreError naming the file and the fix; the store still reads
    what it held, and a rerun with room completes."""
    from directive_graph.graph.errors import StoreError

    store = EmbeddedStore(tmp_path / "data")
    load_paths([FIXTURES], store, Registry.load())
    held = store.stats()
    pages = store._db().execute("PRAGMA page_count").fetchone()[0]
    store._db().execute(f"PRAGMA max_page_count={pages + 2}")
    with pytest.raises(StoreError, match=r"disk is full.*free disk space"):
        load_paths([corpus], store, Registry.load())
    assert store.stats()["nodes"]["Document"] >= held["nodes"]["Document"]
    store._db().execute("PRAGMA max_page_count=1073741823")
    load_paths([corpus], store, Registry.load())
    assert store.stats()["nodes"]["Document"] == held["nodes"]["Document"] + 300
