"""One resolver: the CLI, the API and the query catalogue give the same answer to what a person
types: found, ambiguous with candidates, or unknown with suggestions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from directive_graph.queries.catalogue import run_query
from directive_graph.queries.lookup import UnresolvedReference, resolve_reference

HERE = Path(__file__).parent

# (what a person types, the status, the id or the candidate ids, why)
REFERENCES = [
    ("21-kl-tw-2021", "found", "21-kl-tw-2021"),  # an id
    ("KL 21", "found", "21-kl-tw-2021"),  # a short form the graph holds once
    ("Kết luận số 21-KL/TW", "found", "21-kl-tw-2021"),  # a code without a year
    # the registry knows two: numbers restart each term, and the graph holds one of them
    ("NQ 18", "ambiguous", {"18-nq-tw-2017", "18-nq-tw-2022"}),
    # the subject chooses between them
    ("Nghị quyết 18 về sắp xếp bộ máy", "found", "18-nq-tw-2017"),
    ("Nghị quyết 18-NQ/TW năm 2022", "found", "18-nq-tw-2022"),
    # understood, but the graph does not hold it: found, not in the graph
    ("Quyết định 99999/QĐ-TTg năm 2001", "found", "99999-qd-ttg-2001"),
    ("Kết luận 9999", "unknown", None),  # no year, nowhere: nothing to name
]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    store = EmbeddedStore(folder)
    load_paths([HERE / "fixtures", HERE / "kinds"], store, Registry.load())
    return folder


def cli(*args: str):
    out = subprocess.run(
        [sys.executable, "-m", "directive_graph.api.cli", *args], capture_output=True, check=False
    )
    return out.returncode, out.stdout.decode(), out.stderr.decode()


@pytest.mark.parametrize("ref,status,expected", REFERENCES, ids=[r[0] for r in REFERENCES])
def test_cli_api_and_catalogue_agree(data, ref, status, expected):
    store = EmbeddedStore(data)
    registry = Registry.load()
    res = resolve_reference(store, registry, ref)
    assert res.status == status
    in_graph = res.status == "found" and store.node(res.id) is not None
    app = create_app(Settings(api_key="k" * 24), store=store)
    with TestClient(app) as client:
        r = client.get(f"/directives/{ref}/tasks")
    code, out, err = cli("tasks", ref, "--data", str(data), "--json")
    if code != 0:  # with --json, the error is JSON on standard output
        assert err == "" and json.loads(out)["exit_code"] == code
        err = json.loads(out)["error"]
    if status == "found":
        assert res.id == expected
        if in_graph:
            assert r.status_code == 200 and r.json()["directive"] == expected
            assert code == 0 and json.loads(out)["directive"] == expected
            rows = run_query(store, "tasks-implementing", [ref], registry)
            assert rows == r.json()["tasks"] == json.loads(out)["tasks"]
        else:  # known to the registry only: the same "not in the graph" everywhere
            assert r.status_code == 404 and code == 2 and "does not hold" in err
    elif status == "ambiguous":
        assert {c["id"] for c in res.candidates} == expected
        assert r.status_code == 300 and {c["id"] for c in r.json()["candidates"]} == expected
        assert code == 2 and "ambiguous" in err and all(i in err for i in expected)
        with pytest.raises(UnresolvedReference):
            run_query(store, "tasks-implementing", [ref], registry)
    else:
        assert r.status_code == 404 and code == 2 and "holds no directive" in err


def test_export_and_show_resolve_like_the_rest(data):
    code, out, _ = cli("show", "KL 21", "--data", str(data), "--json")
    assert code == 0 and json.loads(out)["node"]["id"] == "21-kl-tw-2021"
    code, out, _ = cli("export", "--directive", "KL 21", "--format", "json", "--data", str(data))
    assert code == 0 and any(n["id"] == "21-kl-tw-2021" for n in json.loads(out)["nodes"])
    code, _, err = cli("export", "--directive", "NQ 18", "--format", "json", "--data", str(data))
    assert code == 2 and "ambiguous" in err


def test_show_an_unknown_directive_on_neo4j_is_a_clear_error(neo4j_uri):
    """`show` on Neo4j goes through the store protocol like on the embedded store: an unknown
    reference is one line and exit code 2 (it was an AttributeError on the store's path)."""
    code, _, err = cli("show", "99999-nq-tw-1999", "--neo4j", neo4j_uri)
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "99999-nq-tw-1999" in err or "99999" in err


def test_a_code_of_two_years_names_the_one_the_graph_holds(tmp_path):
    """ "NQ 29-NQ/TW" is of 2013 (education) and of 2022 (industrialisation) in the registry;
    in a graph that holds only the one of 2013, `tasks` and `status` mean that one."""
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths
    from directive_graph.queries.lookup import require_directive, require_known

    text = (
        "TỈNH ỦY LÀO CAI\nSố 77-KH/TU\nLào Cai, ngày 10 tháng 3 năm 2025\n\nKẾ HOẠCH\nThực hiện "
        "Nghị quyết số 29-NQ/TW ngày 04/11/2013 của Ban Chấp hành Trung ương Đảng khóa XI\n"
    )
    (tmp_path / "kh.txt").write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    registry = Registry.load()
    load_paths([tmp_path / "kh.txt"], store, registry)
    assert {e.id for e in registry.by_code("29-NQ/TW")} >= {"29-nq-tw-2013", "29-nq-tw-2022"}
    assert require_directive(store, registry, "NQ 29-NQ/TW") == "29-nq-tw-2013"
    assert require_known(store, registry, "Nghị quyết 29-NQ/TW") == "29-nq-tw-2013"
