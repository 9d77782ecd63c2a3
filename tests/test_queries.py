"""The catalogue of named questions, on the seed and the project's fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.graph.store import GraphStore
from directive_graph.loaders.load import load_paths
from directive_graph.queries.catalogue import (
    QueryError,
    cited_by,
    cites,
    directives,
    implementation_chain,
    run_query,
    tasks_implementing,
    timeline,
    unimplemented,
)
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("q"))
    load_paths([REPORT, FIXTURES], store, Registry.load())
    return store


def test_implementation_chain_of_kl21(store):
    chain = implementation_chain(store, "21-kl-tw-2021")
    plans = {p["id"] for p in chain["plans"]}
    assert {"3-kh-tw-2021", "12-kh-tu-quang-nam-2022"} <= plans
    assert any(t["task"]["ordinal"] == "1" for t in chain["tasks"])  # the seed's task 1
    assert any(t["task"]["ordinal"] == "II.1.b" for t in chain["tasks"])  # the plan's task
    assert chain["documents"]


def test_reviews_appear_in_the_chain(store):
    chain = implementation_chain(store, "18-nq-tw-2017")
    assert chain["reviews"] == ["74-kl-tw-2020"]


def test_cites_and_cited_by(store):
    out = cites(store, "74-kl-tw-2020")
    assert {(r["type"], r["target"]) for r in out} == {
        ("REVIEWS", "18-nq-tw-2017"),
        ("REVIEWS", "19-nq-tw-2017"),
        ("REVIEWS", "39-nq-tw-2015"),
    }
    incoming = cited_by(store, "18-nq-tw-2017")
    assert ("REVIEWS", "74-kl-tw-2020") in {(r["type"], r["source"]) for r in incoming}
    assert any(r["type"] == "MENTIONS" for r in incoming)


def test_directives_by_filters(store):
    politburo_2022 = directives(store, issuer="Bộ Chính trị", year=2022)
    assert {r["id"] for r in politburo_2022} == {"58-qd-tw-2022", "65-qd-tw-2022", "28-kl-tw-2022"}
    assert {r["id"] for r in directives(store, kind="quy_dinh", term="XIII")} >= {
        "50-qd-tw-2021",
        "57-qd-tw-2022",
    }
    by_body_id = directives(store, issuer="body-ban-bi-thu")
    assert [r["id"] for r in by_body_id] == ["57-qd-tw-2022"]


def test_unimplemented_and_timeline(store):
    ids = {r["id"] for r in unimplemented(store)}
    assert "6-kl-btctw-2022" in ids  # cited in the results part only
    assert "21-kl-tw-2021" not in ids and "18-nq-tw-2017" not in ids
    dates = [r["issued_on"] for r in timeline(store, "Bộ Chính trị") if r["issued_on"]]
    assert dates == sorted(dates) and len(dates) >= 5


def test_run_query_by_name(store):
    rows = run_query(store, "tasks-implementing", ["21-kl-tw-2021", "transitive=false"])
    assert sorted(r["task"]["ordinal"] for r in rows) == ["1", "II.1.a"]
    with pytest.raises(QueryError, match="unknown query"):
        run_query(store, "nope", [])
    with pytest.raises(QueryError, match="no directive"):
        run_query(store, "cites", ["99-nq-tw-1900"])


class EdgeByEdge(EmbeddedStore):
    """The embedded store answering the catalogue's primitives with GraphStore's defaults (an
    edge at a time), as a store without queries of its own would."""

    tasks_implementing_raw = GraphStore.tasks_implementing_raw
    implementers = GraphStore.implementers


@pytest.mark.parametrize("source", ["texts", "generated"])
def test_the_embedded_queries_answer_as_the_defaults_do(tmp_path, source):
    """The embedded store's one-query tasks_implementing_raw and implementers give what the
    defaults give, for every node (directives, plans, documents, tasks, bodies), with and
    without transitivity and inferred links."""
    from bench.generate import graph_rows
    from tests.support import FIXTURES

    store = EmbeddedStore(tmp_path)
    if source == "texts":
        load_paths([FIXTURES, REPORT], store, Registry.load())
    else:
        nodes, edges = graph_rows(3000)
        with store.session() as s:
            s.bulk_write(nodes, edges, fresh=True)
    plain = EdgeByEdge(tmp_path)
    ids = sorted(n.id for n in store.nodes())
    found = 0
    for node_id in ids:
        assert store.implementers(node_id) == plain.implementers(node_id), node_id
        for transitive in (True, False):
            for inferred in (True, False):
                ours = tasks_implementing(store, node_id, transitive, inferred)
                assert ours == tasks_implementing(plain, node_id, transitive, inferred), node_id
                found += len(ours)
    assert found > 20  # answers with tasks, not only empty ones
    assert tasks_implementing(store, "no-such-directive") == []
    assert store.implementers("no-such-directive") == {"no-such-directive": ["no-such-directive"]}
