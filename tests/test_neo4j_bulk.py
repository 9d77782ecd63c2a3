"""`push --bulk` with the real import tool: the graph written as neo4j-admin CSV files and imported
by `neo4j-admin database import full` into a Neo4j of its own (a temporary DG_NEO4J_HOME, a
second server on free ports started by scripts/neo4j, stopped and deleted at the end; the
suite's server is not touched) answers every query of the catalogue as the embedded store does,
and its documents can still be withdrawn exactly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bench.generate import plan_texts
from directive_graph.graph import cypher
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import Edge, EdgeType, Evidence, Label
from directive_graph.graph.neo4j_bulk import (
    ARRAY_DELIMITER,
    DELIMITER,
    QUOTE,
    BulkImportError,
    project_state,
    write_csv,
)
from directive_graph.graph.neo4j_store import Neo4jStore, _dumps, edge_key, evidence_json
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT
from tests.test_neo4j_store import _answers

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).parent
PASSWORD = "bulk-import-test"
# Texts whose values need the CSV's quoting: a title with a line break, the delimiter, the quote.
ODD = 'Kết luận số 21-KL/TW\nvề \x1d tiếp tục \x1e "đẩy mạnh", xây dựng; chỉnh đốn Đảng'


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"]] + [o for c in plan.get("children", []) for o in _operators(c)]


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "directive_graph.api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _script(command: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "neo4j"), command, *(["--export"] if command == "start" else [])],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def bulk(tmp_path_factory):
    """The embedded store of the fixtures, the seed report and a generated corpus; the same
    graph imported with `push --bulk` into a server of its own; (embedded, neo4j, env)."""
    work = tmp_path_factory.mktemp("bulk")
    texts = work / "texts"
    texts.mkdir()
    for name, text in plan_texts(150):
        (texts / name).write_text(text, encoding="utf-8")
    embedded = EmbeddedStore(work / "embedded")
    load_paths([REPORT, TESTS / "fixtures", TESTS / "kinds", TESTS / "bodies", texts],
               embedded, Registry.load())  # fmt: skip
    # values the CSV must quote (a line break, its delimiter and quote) in plain properties
    odd = {"code": "1-KL/TW", "kind": "ket_luan", "number": "1", "title": ODD, "year": 2021}
    with embedded.session() as s:
        s.bulk_write(
            [("1-kl-tw-odd", Label.DIRECTIVE, odd, {"odd": odd})],
            [Edge("1-kl-tw-odd", "21-kl-tw-2021", EdgeType.CITES, [Evidence("odd", 0, 5, ODD)])],
        )
    home = Path(tempfile.mkdtemp(prefix="dg-neo4j-bulk-"))  # DG_NEO4J_HOME of the second server
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "DG_NEO4J_"))}
    env.update(DG_NEO4J_HOME=str(home), NEO4J_PASSWORD=PASSWORD)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    try:
        # the suite's server was built already: its launcher build serves this one too
        built = project_state() / "build"
        if built.is_dir():
            shutil.copytree(built, home / "build", symlinks=True)
        else:
            out = _script("build", env)
            assert out.returncode == 0, f"scripts/neo4j build failed: {out.stderr[-2000:]}"
        out = _cli("push", "--bulk", "--data", str(work / "embedded"), "--csv",
                   str(work / "csv"), "--neo4j-home", str(home / "server"), env=env)  # fmt: skip
        assert out.returncode == 0, f"push --bulk failed: {out.stderr}"
        assert "imported" in out.stdout and "database neo4j" in out.stdout, out.stdout
        out = _script("start", env)
        assert out.returncode == 0, f"the second server did not start: {out.stderr[-3000:]}"
        for line in out.stdout.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value
        store = Neo4jStore(env["NEO4J_URI"], "neo4j", PASSWORD)  # runs the schema
        try:
            yield embedded, store, env, work
        finally:
            store.close()
    finally:
        _script("stop", env)
        shutil.rmtree(home, ignore_errors=True)


def test_imported_graph_answers_as_the_embedded_store(bulk):
    embedded, store, _, work = bulk
    assert len(embedded.nodes(Label.DIRECTIVE)) > 400
    # the odd values went the quoted, multiline way of the CSV, and came through whole
    assert any(QUOTE in p.read_text(encoding="utf-8") for p in (work / "csv").glob("*.csv"))
    found, _, _ = store.driver.execute_query(
        "MATCH (d:Directive {id: $id})-[r:CITES]->() RETURN d.title AS title, r.sentence AS s",
        id="1-kl-tw-odd",
    )
    assert found[0]["title"] == found[0]["s"] == ODD
    left, right = _answers(embedded), _answers(store)
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == right[key], key
    key = lambda e: e.key  # noqa: E731
    assert sorted(embedded.dump()[1], key=key) == sorted(store.dump()[1], key=key)
    assert sorted(embedded.dump()[0]) == sorted(store.dump()[0])


def test_imported_graph_has_the_schema_and_the_bookkeeping(bulk):
    embedded, store, _, _ = bulk
    names, _, _ = store.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS n"
    )
    assert {"directive_id", "body_id", "document_id", "task_id"} <= set(names[0]["n"])
    labels, _, _ = store.driver.execute_query(
        "MATCH (n) RETURN DISTINCT labels(n) AS labels ORDER BY labels"
    )
    assert [r["labels"] for r in labels] == [["Body"], ["Directive"], ["Document"], ["Task"]]
    # push's relationships between nodes of known labels: one unique-index seek per end
    for query in (
        cypher.create_edges(EdgeType.CITES, Label.DIRECTIVE, Label.DIRECTIVE),
        cypher.merge_edges(EdgeType.HAS_TASK, Label.DOCUMENT, Label.TASK),
    ):
        plan = store.driver.execute_query("EXPLAIN " + query, rows=[])[1].plan
        operators = _operators(plan)
        assert sum(o.startswith("NodeUniqueIndexSeek") for o in operators) == 2, operators
        assert not any("Scan" in o for o in operators), operators
    typed, _, _ = store.driver.execute_query(
        "MATCH (d:Directive) WHERE d.year IS :: INTEGER RETURN count(d) AS n"
    )
    assert typed[0]["n"] > 400
    # a document can be withdrawn exactly: its _touched_* came through
    doc = next(d for d in store.documents() if "bao-cao" in d.props["name"])
    for s in (store, embedded):
        with s.session() as w:
            w.remove_document(doc.id)
    assert store.export() == embedded.export()


def test_bulk_refuses_a_running_server_and_an_existing_database(bulk):
    _, _, env, work = bulk
    home = Path(env["DG_NEO4J_HOME"]) / "server"
    out = _cli("push", "--bulk", "--data", str(work / "embedded"), "--neo4j-home", str(home),
               env=env)  # fmt: skip
    assert out.returncode == 3
    (line,) = out.stderr.strip().splitlines()
    assert "runs (pid" in line and "stop it" in line
    other = work / "other-home"
    (other / "data" / "databases" / "neo4j").mkdir(parents=True)
    out = _cli("push", "--bulk", "--data", str(work / "embedded"), "--neo4j-home", str(other),
               env=env)  # fmt: skip
    assert out.returncode == 3
    (line,) = out.stderr.strip().splitlines()
    assert "already exists" in line and "--replace" in line


def test_bulk_without_the_tool_names_the_fix(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "DG_NEO4J_"))}
    env["DG_NEO4J_HOME"] = str(tmp_path / "no-server")
    EmbeddedStore(tmp_path / "data")
    out = _cli("push", "--bulk", "--data", str(tmp_path / "data"), env=env)
    assert out.returncode == 3
    (line,) = out.stderr.strip().splitlines()
    assert "no neo4j-admin found" in line and "NEO4J_HOME" in line
    assert "scripts/neo4j build" in line


def test_export_writes_the_files_and_the_command(tmp_path):
    data = tmp_path / "data"
    load_paths([TESTS / "fixtures"], EmbeddedStore(data), Registry.load())
    out = _cli("export", "--format", "neo4j-csv", "-o", str(tmp_path / "csv"), "--data",
               str(data), env=dict(os.environ))  # fmt: skip
    assert out.returncode == 0, out.stderr
    command = next(x for x in out.stdout.splitlines() if x.startswith("neo4j-admin "))
    assert command.startswith("neo4j-admin database import full neo4j ")
    files = sorted(p.name for p in (tmp_path / "csv").glob("*.csv"))
    for name in files:
        assert f"{tmp_path / 'csv' / name}" in command
    headers = {
        p.name: p.read_text(encoding="utf-8").split("\n", 1)[0].split(DELIMITER)
        for p in (tmp_path / "csv").glob("*.csv")
    }
    assert headers["relationships-0.csv"][:3] == [":START_ID", ":END_ID", ":TYPE"]
    directive = next(h for n, h in headers.items() if n.startswith("nodes-Directive"))
    assert directive[:2] == ["id:ID", ":LABEL"] and "year:long" in directive


def test_evidence_json_and_edge_keys_are_canonical():
    for ev in (
        Evidence("d", 1, 2, 'câu "trích"\n\\', "x\x1f", False, 0.25, "ghi\u2028chú"),
        Evidence("registry"),
        Evidence("d", 0, 0, confidence=1),  # an int confidence takes the general way
    ):
        assert evidence_json(ev) == _dumps(ev.to_dict())
    assert edge_key('a"\\', "b\n", "CITES") == _dumps(['a"\\', "b\n", "CITES"])


def test_an_array_value_with_the_array_delimiter_is_refused(tmp_path):
    nodes = [("b", Label.BODY, {"name": "B", "aliases": ["x" + ARRAY_DELIMITER + "y"]}, {})]
    with pytest.raises(BulkImportError, match="U\\+001F"):
        write_csv(nodes, [], tmp_path)
    edges = [Edge("b", "b", EdgeType.CITES, [Evidence("d", text=QUOTE + "\n")])]
    files = write_csv([("b", Label.BODY, {"name": "B"}, {})], edges, tmp_path)
    assert files.multiline == [tmp_path / "relationships-0.csv"]
    assert json.loads(evidence_json(edges[0].evidence[0]))["text"] == QUOTE + "\n"
