"""The Neo4j store against a real Neo4j server: the same graph and the same answers as the
embedded store, idempotent loads, exact withdrawal of a document, clear errors on outage."""

from __future__ import annotations

import inspect
import itertools
import json
from pathlib import Path

import pytest

from bench.generate import plan_texts
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import StoreError
from directive_graph.graph.model import Label
from directive_graph.graph.neo4j_store import Neo4jStore
from directive_graph.graph.push import push
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from directive_graph.queries import catalogue
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    for name, text in plan_texts(150):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _load_both(paths, tmp_path, neo4j_store, registry):
    embedded = EmbeddedStore(tmp_path / "embedded")
    a = load_paths(paths, embedded, registry)
    b = load_paths(paths, neo4j_store, registry)
    assert a.to_dict() == b.to_dict()
    return embedded


# Sample values of each parameter the catalogue's queries take; a query is run with every
# combination. A new query is covered as soon as it is in catalogue.QUERIES (a parameter without
# samples fails the test, naming it).
def _samples(store) -> dict[str, list]:
    directives = sorted(n.id for n in store.nodes(Label.DIRECTIVE))
    tasks = sorted(n.id for n in store.nodes(Label.TASK))
    bodies = sorted(n.id for n in store.nodes(Label.BODY))
    return {
        "directive_id": directives[:: max(1, len(directives) // 150)],
        "task_id": tasks[:: max(1, len(tasks) // 100)],
        "transitive": [True, False],
        "include_inferred": [False, True],
        "issuer": ["Bộ Chính trị", "Ban Bí thư", "body-bo-chinh-tri", None],
        "kind": [None, "quy_dinh"],
        "year": [None, 2022],
        "term": [None, "XIII"],
        "on": [None, "2020-01-01"],
        "body": bodies[:: max(1, len(bodies) // 20)]
        + ["Bộ Tài chính", "body-bo-tai-chinh"] * ("body-bo-tai-chinh" in bodies),
    }


def _answers(store) -> dict:
    """Every query of the catalogue (catalogue.QUERIES) with every combination of sample
    arguments, the stats, the export and the paged listings."""
    samples = _samples(store)
    out = {"stats": store.stats(), "export": store.export()}
    for name, query in sorted(catalogue.QUERIES.items()):
        missing = [p for p in query.params if p not in samples]
        assert not missing, f"query {name}: no sample values for {missing}; add them to _samples"
        signature = inspect.signature(query.function).parameters
        required = {p for p in query.params if signature[p].default is inspect.Parameter.empty}
        choices = [
            [v for v in samples[p] if v is not None or p not in required] for p in query.params
        ]
        for values in itertools.product(*choices):
            kwargs = {p: v for p, v in zip(query.params, values, strict=True) if v is not None}
            out[f"{name} {kwargs}"] = query.function(store, **kwargs)
    for filters in ({"issuer": "Bộ Chính trị"}, {"year": 2022}, {}):
        out[f"pages {filters}"] = _pages(store, **filters)
    return out


def test_every_catalogue_query_is_registered():
    """What the parity test runs is catalogue.QUERIES: every public query function is in it."""
    functions = {
        name
        for name, fn in vars(catalogue).items()
        if inspect.isfunction(fn)
        and fn.__module__ == catalogue.__name__
        and not name.startswith("_")
        and name != "run_query"  # runs the others by name
        and list(inspect.signature(fn).parameters)[:1] == ["store"]
    }
    registered = {q.function.__name__ for q in catalogue.QUERIES.values()}
    assert functions <= registered, functions - registered
    for query in catalogue.QUERIES.values():
        assert set(query.params) <= set(inspect.signature(query.function).parameters)


def _pages(store, **filters) -> list[list[str]]:
    """A listing page by page (3 a page), as GET /directives walks it; checks that the pages
    cover the whole listing once, in id order."""
    pages, after = [], None
    while True:
        page = [r["id"] for r in catalogue.directives(store, after=after, limit=3, **filters)]
        if not page:
            break
        pages.append(page)
        after = page[-1]
    walked = [x for p in pages for x in p]
    assert walked == sorted(r["id"] for r in catalogue.directives(store, **filters))
    return pages


def test_parity_on_seed_and_fixtures(tmp_path, neo4j_store, registry):
    kinds = Path(__file__).parent / "kinds"  # texts of every kind, some with no number of their own
    bodies = Path(__file__).parent / "bodies"  # bodies merged and renamed in 2025
    embedded = _load_both([REPORT, FIXTURES, kinds, bodies], tmp_path, neo4j_store, registry)
    left, right = _answers(embedded), _answers(neo4j_store)
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == right[key], key
    # the answers are not vacuous: every query answers something somewhere
    for name in catalogue.QUERIES:
        assert any(v for k, v in left.items() if k.startswith(f"{name} ")), name
    tasks = (
        "tasks-implementing {'directive_id': '%s', 'transitive': True, 'include_inferred': False}"
    )
    assert left[tasks % "21-kl-tw-2021"]
    assert any(r["link"]["how"] == "inherited" for r in left[tasks % "57-nq-tw-2024"])


def test_parity_on_a_generated_corpus(tmp_path, neo4j_store, registry, generated):
    embedded = _load_both([generated], tmp_path, neo4j_store, registry)
    assert len(embedded.nodes(Label.DIRECTIVE)) > 400
    left, right = _answers(embedded), _answers(neo4j_store)
    for key in left:
        assert left[key] == right[key], key


def test_reload_is_idempotent_and_changes_replace(tmp_path, neo4j_store, registry):
    path = tmp_path / "bao-cao.txt"
    path.write_text("Thực hiện Nghị định số 15/2020/NĐ-CP của Chính phủ.", encoding="utf-8")
    load_paths([path], neo4j_store, registry)
    first = neo4j_store.export()
    again = load_paths([path], neo4j_store, registry)
    assert again.documents_unchanged == 1 and neo4j_store.export() == first
    path.write_text("Thực hiện Nghị định số 30/2020/NĐ-CP của Chính phủ.", encoding="utf-8")
    load_paths([path], neo4j_store, registry)
    assert neo4j_store.node("15-2020-nd-cp") is None
    assert neo4j_store.node("30-2020-nd-cp").props["issuer"] == "Chính phủ"
    assert len(neo4j_store.documents()) == 1


def test_conflicts_recorded(tmp_path, neo4j_store, registry):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Quy định số 57-QĐ/TW, ngày 08/02/2022 của Ban Bí thư.", encoding="utf-8")
    b.write_text("Quy định số 57-QĐ/TW, ngày 18/02/2022 của Ban Bí thư.", encoding="utf-8")
    load_paths([a, b], neo4j_store, registry)
    conflict = neo4j_store.node("57-qd-tw-2022").props["conflicts"]["issued_on"]
    assert {c["value"] for c in conflict} == {"2022-02-08", "2022-02-18"}


def test_push_copies_the_embedded_store(tmp_path, neo4j_store, registry):
    embedded = EmbeddedStore(tmp_path / "e")
    load_paths([REPORT, FIXTURES], embedded, registry)
    counts = push(embedded, neo4j_store)
    assert counts["nodes"] == len(embedded.nodes())
    assert neo4j_store.export() == embedded.export()
    push(embedded, neo4j_store, replace=True)  # emptied first, relationships created outright
    assert neo4j_store.export() == embedded.export()
    # a pushed document can still be withdrawn exactly
    doc = next(d for d in neo4j_store.documents() if "bao-cao" in d.props["name"])
    for store in (neo4j_store, embedded):
        with store.session() as s:
            s.remove_document(doc.id)
    assert neo4j_store.export() == embedded.export()


def test_browsable_properties_and_schema(tmp_path, neo4j_store, registry):
    load_paths([REPORT], neo4j_store, registry)
    records, _, _ = neo4j_store.driver.execute_query(
        "MATCH (d:Directive {code: $code}) RETURN d.caption AS caption, d.issued_on AS date",
        code="74-KL/TW",
    )
    assert records[0]["caption"] == "74-KL/TW" and records[0]["date"] == "2020-05-22"
    names, _, _ = neo4j_store.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS n"
    )
    assert {"directive_id", "body_id", "document_id", "task_id"} <= set(names[0]["n"])
    found, _, _ = neo4j_store.driver.execute_query(
        "CALL db.index.fulltext.queryNodes('text_search', $q) YIELD node RETURN node.id AS id",
        q="luân chuyển",
    )
    assert "65-qd-tw-2022" in {r["id"] for r in found}


def test_outage_is_a_clear_error():
    with pytest.raises(StoreError) as err:
        Neo4jStore("bolt://127.0.0.1:9", "neo4j", "whatever1")
    message = str(err.value)
    assert "127.0.0.1:9" in message and "scripts/neo4j status" in message


def test_cli_works_on_neo4j(tmp_path, neo4j_uri, neo4j_store):
    import subprocess
    import sys

    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "directive_graph.api.cli", *a, "--neo4j", neo4j_uri],
        capture_output=True,
        check=False,
    )
    out = run("load", str(FIXTURES), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents_read"] == 3
    tasks = json.loads(run("tasks", "KL 21", "--json").stdout)
    assert tasks["directive"] == "21-kl-tw-2021" and tasks["tasks"]
