"""The HTTP API, run in-process against both stores (the real Neo4j included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"
KEY = "test-key-0123456789abcdef"


@pytest.fixture(params=["embedded", "neo4j"])
def client(request, tmp_path):
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "data")
    else:
        store = request.getfixturevalue("neo4j_store")
    load_paths([REPORT, FIXTURES], store, Registry.load())
    app = create_app(Settings(api_key=KEY), store=store)
    with TestClient(app) as c:
        yield c


def test_health_and_version(client):
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert client.get("/version").json()["name"] == "directive-graph"


def test_directive_by_any_reference(client):
    for ref in ("74-kl-tw-2020", "74-KL/TW", "Kết luận số 74-KL/TW", "Kết luận 74-KL/TW năm 2020"):
        r = client.get(f"/directives/{ref}")
        assert r.status_code == 200, (ref, r.text)
        body = r.json()
        assert body["node"]["id"] == "74-kl-tw-2020" and body["resolution"]["status"] == "found"


def test_ambiguous_reference_lists_candidates(client):
    r = client.get("/directives/NQ 18")
    assert r.status_code == 300
    assert r.headers["content-type"].startswith("application/problem+json")
    ids = {c["id"] for c in r.json()["candidates"]}
    assert ids == {"18-nq-tw-2017", "18-nq-tw-2022"}


def test_unknown_directive_is_404_with_suggestions(client):
    r = client.get("/directives/74-kl-tw-2021")
    assert r.status_code == 404
    body = r.json()
    assert body["title"] == "Directive not found" and "74-kl-tw-2020" in body["suggestions"]
    assert "Traceback" not in r.text


def test_tasks_of_a_directive(client):
    r = client.get("/directives/KL 21/tasks")
    assert r.status_code == 200
    rows = r.json()["tasks"]
    assert rows[0]["link"]["inferred"] is False
    ordinals = {row["task"]["ordinal"] for row in rows}
    assert {"1", "II.1.a", "II.1.b"} <= ordinals
    direct = client.get("/directives/21-kl-tw-2021/tasks", params={"transitive": False}).json()[
        "tasks"
    ]
    assert {row["task"]["ordinal"] for row in direct} == {"1", "II.1.a"}
    task_id = rows[0]["task"]["id"]
    assert client.get(f"/tasks/{task_id}").status_code == 200
    links = client.get(f"/tasks/{task_id}/directives").json()["directives"]
    assert any(link["target"] == "21-kl-tw-2021" for link in links)


def test_stated_only_excludes_inferred(client):
    rows = client.get("/directives/50-qd-tw-2021/tasks", params={"include_inferred": False}).json()[
        "tasks"
    ]
    assert all(not r["link"]["inferred"] for r in rows)
    with_inferred = client.get(
        "/directives/50-qd-tw-2021/tasks", params={"include_inferred": True}
    ).json()["tasks"]
    assert any(r["link"]["inferred"] for r in with_inferred)


def test_citations_and_chain(client):
    body = client.get("/directives/74-kl-tw-2020/citations").json()
    assert {c["target"] for c in body["cites"]} == {
        "18-nq-tw-2017",
        "19-nq-tw-2017",
        "39-nq-tw-2015",
    }
    chain = client.get("/directives/21-kl-tw-2021/chain").json()
    assert "3-kh-tw-2021" in {p["id"] for p in chain["plans"]}


def test_list_directives_with_filters_and_pages(client):
    first = client.get("/directives", params={"issuer": "Bộ Chính trị", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client.get(
        "/directives", params={"issuer": "Bộ Chính trị", "limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    found = client.get("/directives", params={"q": "luân chuyển"}).json()["items"]
    assert [i["id"] for i in found] == ["65-qd-tw-2022"]
    bad = client.get("/directives", params={"limit": 0})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )


def test_bodies(client):
    bodies = client.get("/bodies", params={"limit": 100}).json()["items"]
    assert "body-bo-chinh-tri" in {b["id"] for b in bodies}
    rows = client.get("/bodies/body-ban-bi-thu/directives").json()["items"]
    assert [r["id"] for r in rows] == ["57-qd-tw-2022"]
    assert client.get("/bodies/body-nope/directives").status_code == 404


def test_post_citations_statuses(client):
    text = (
        "Thực hiện Kết luận số 74-KL/TW, NQ 18 và Nghị định số 15/2020/NĐ-CP; Chỉ thị số 05-CT/TU."
    )
    rows = client.post("/citations", json={"text": text}).json()["citations"]
    statuses = [(r["citation"]["text"], r["status"]) for r in rows]
    assert statuses == [
        ("Kết luận số 74-KL/TW", "found"),
        ("NQ 18", "ambiguous"),
        ("Nghị định số 15/2020/NĐ-CP", "unknown"),
        ("Chỉ thị số 05-CT/TU", "unknown"),
    ]
    assert rows[0]["id"] == "74-kl-tw-2020" and rows[0]["citation"]["start"] == 10
    assert rows[2]["id"] == "15-2020-nd-cp"  # understood, but not in the graph


def test_resolve_with_context(client):
    r = client.get("/citations/resolve", params={"q": "NQ 18", "year": 2017}).json()
    assert (r["status"], r["id"]) == ("found", "18-nq-tw-2017")
    assert client.get("/citations/resolve", params={"q": "NQ 18"}).json()["status"] == "ambiguous"


def test_text_size_limit(client):
    big = "a" * 1_000_001
    r = client.post("/citations", json={"text": big})
    assert r.status_code == 413 and "limit" in r.json()["detail"]


def test_post_documents_needs_the_key(client):
    doc = {"name": "tin.txt", "text": "Quán triệt Nghị định số 30/2020/NĐ-CP của Chính phủ."}
    assert client.post("/documents", json=doc).status_code == 401
    assert (
        client.post(
            "/documents", json=doc, headers={"X-API-Key": "wrong-key-0123456789"}
        ).status_code
        == 401
    )
    r = client.post("/documents", json=doc, headers={"X-API-Key": KEY})
    assert r.status_code == 201 and r.json()["nodes_new"] >= 1
    assert client.get("/directives/30-2020-nd-cp").status_code == 200
    again = client.post("/documents", json=doc, headers={"X-API-Key": KEY}).json()
    assert again["unchanged"] is True


def test_writes_are_off_without_a_key(tmp_path):
    app = create_app(Settings(api_key=None), store=EmbeddedStore(tmp_path))
    with TestClient(app) as c:
        r = c.post(
            "/documents",
            json={"name": "x", "text": "y"},
            headers={"X-API-Key": "anything-long-enough"},
        )
        assert r.status_code == 403 and "DIRECTIVE_GRAPH_API_KEY" in r.json()["detail"]


def test_short_api_key_is_refused(monkeypatch):
    from directive_graph.api.settings import SettingsError

    monkeypatch.setenv("DIRECTIVE_GRAPH_API_KEY", "short")
    with pytest.raises(SettingsError, match="16 or more"):
        Settings.from_env()


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/directives",
        "/directives/{ref}",
        "/directives/{ref}/tasks",
        "/citations",
        "/citations/resolve",
        "/documents",
        "/bodies",
        "/tasks/{task_id}",
        "/health",
    } <= paths
