"""The API's JSON answers as OpenAPI publishes them (api/schemas.py), against the embedded store
with the project's own texts loaded:

1. every 2xx application/json answer in /openapi.json is a model with typed, described
   properties and an example;
2. real answers validate against the model their route declares, and the model gives them back
   unchanged: no key dropped or added, no value converted, the keys in the same order, the same
   bytes;
3. the examples validate against their models;
4. the models refuse what they do not describe, rather than change it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError

from directive_graph.api import schemas
from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import Label
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import FIXTURES, REPORT

KEY = "test-key-0123456789abcdef"
JSON = "application/json"
# (method, path) of every operation answering JSON; the other answers are problems (4xx/3xx)
JSON_OPERATIONS = {
    ("GET", "/health"),
    ("GET", "/version"),
    ("GET", "/directives"),
    ("GET", "/directives/{ref}"),
    ("GET", "/directives/{ref}/tasks"),
    ("GET", "/directives/{ref}/citations"),
    ("GET", "/directives/{ref}/chain"),
    ("GET", "/directives/{ref}/status"),
    ("GET", "/tasks/{task_id}"),
    ("GET", "/tasks/{task_id}/directives"),
    ("GET", "/bodies"),
    ("GET", "/bodies/{body_id}/directives"),
    ("GET", "/bodies/{body}/lineage"),
    ("POST", "/citations"),
    ("GET", "/citations/resolve"),
    ("POST", "/documents"),
    ("GET", "/export"),  # format=json: node-link JSON
}


@pytest.fixture
def store(tmp_path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "data")  # a real SQLite file
    load_paths([REPORT, FIXTURES], store, Registry.load())
    return store


@pytest.fixture
def app(store):
    return create_app(Settings(api_key=KEY), store=store)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def api_routes(routes) -> list[APIRoute]:
    """The app's routes (FastAPI wraps an included router: its routes are its router's)."""
    out = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):  # fastapi >= 0.16x
            out += api_routes(route.original_router.routes)
    return out


def declared_models(app) -> dict[tuple[str, str], type[BaseModel]]:
    """(method, path) -> the model the route declares for its 2xx JSON answer."""
    out = {}
    for route in api_routes(app.routes):
        model = route.response_model
        if model is None:  # a route answering with its own Response: the model it documents
            model = route.responses.get(200, {}).get("model")
        if model is not None:
            for method in route.methods:
                out[(method, route.path.replace(":path", ""))] = model
    return out


# --- 1. OpenAPI ------------------------------------------------------------------------------


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = spec["components"]["schemas"][name]
    return schema


def _undescribed(spec: dict, name: str, seen: set[str]) -> list[str]:
    """Properties without a description, in the component and every component it refers to."""
    if name in seen:
        return []
    seen.add(name)
    schema = spec["components"]["schemas"][name]
    missing = [
        f"{name}.{p}" for p, s in schema.get("properties", {}).items() if "description" not in s
    ]
    for ref in _refs(schema):
        missing += _undescribed(spec, ref, seen)
    return missing


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        here = [value["$ref"].removeprefix("#/components/schemas/")] if "$ref" in value else []
        return here + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_every_json_answer_is_published_with_its_fields_and_an_example(client):
    spec = client.get("/openapi.json").json()
    published = set()
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                media = response.get("content", {}).get(JSON)
                if not status.startswith("2") or media is None:
                    continue
                where = f"{method.upper()} {path} {status}"
                published.add((method.upper(), path))
                schema = media.get("schema", {})
                assert "$ref" in schema, (where, schema)  # a named model, not a bare object
                resolved = _resolve(spec, schema)
                assert resolved["type"] == "object" and resolved["properties"], where
                assert resolved.get("additionalProperties") is not True, where
                assert resolved.get("required"), where  # what is always there, said so
                assert resolved.get("examples") or media.get("example"), where
                name = schema["$ref"].removeprefix("#/components/schemas/")
                assert not _undescribed(spec, name, set()), (where, _undescribed(spec, name, set()))
    assert published == JSON_OPERATIONS


def test_the_openapi_schemas_are_the_declared_models(app, client):
    spec = client.get("/openapi.json").json()
    models = declared_models(app)
    assert set(models) == JSON_OPERATIONS
    for (method, path), model in models.items():
        responses = spec["paths"][path][method.lower()]["responses"]
        (media,) = [r["content"][JSON] for s, r in responses.items() if s.startswith("2")]
        assert media["schema"]["$ref"] == f"#/components/schemas/{model.__name__}"


def test_open_and_closed_objects_are_published_as_such(client):
    components = client.get("/openapi.json").json()["components"]["schemas"]
    # nodes are open: a property the models do not name is kept (an imported graph may hold more)
    for name in ("DirectiveNode", "TaskNode", "BodyRow", "BodyNode", "DocumentNode"):
        assert components[name]["additionalProperties"] is True, name
        assert components[name]["required"][0] == "id", name
    # rows the catalogue builds are closed
    for name in ("Evidence", "LinkRow", "TaskRow", "DirectiveRow", "Resolution", "Citation"):
        assert components[name]["additionalProperties"] is False, name
    kinds = components["DirectiveRow"]["properties"]["kind"]["anyOf"][0]["enum"]
    assert "ket_luan" in kinds and "nghi_quyet" in kinds
    assert components["LinkRow"]["properties"]["how"]["enum"] == [
        "stated", "via", "inherited", "inferred"
    ]  # fmt: skip
    assert set(components["Citation"]["properties"]) >= {"self", "flags", "kind", "form"}
    assert set(components["DirectiveView"]["properties"]) == {"resolution", "node", "out", "in"}


# --- 2. real answers -------------------------------------------------------------------------


def check(model: type[BaseModel], response, *, same_bytes: bool = True) -> BaseModel:
    """The answer validates against `model`, which gives it back unchanged."""
    assert response.status_code // 100 == 2, response.text
    assert response.headers["content-type"].startswith(JSON)
    body = response.json()
    parsed = model.model_validate(body)
    dumped = parsed.model_dump(mode="json")
    assert dumped == body
    # the same keys in the same order, at every depth
    assert json.dumps(dumped, ensure_ascii=False) == json.dumps(body, ensure_ascii=False)
    if same_bytes:  # what the route sends is what the model serializes
        assert parsed.model_dump_json().encode() == response.content
    return parsed


def real_requests(store) -> list[tuple[str, str, str, dict]]:
    """(method, path template, path, query) over every node of the loaded graph."""
    out: list[tuple[str, str, str, dict]] = [
        ("GET", "/health", "/health", {}),
        ("GET", "/version", "/version", {}),
        ("GET", "/bodies", "/bodies", {}),
        ("GET", "/bodies", "/bodies", {"limit": 2, "cursor": "body-ban-bi-thu"}),
        ("GET", "/export", "/export", {}),
        ("GET", "/export", "/export", {"directive": "KL 21", "depth": 2}),
        ("GET", "/export", "/export", {"issuer": "Bộ Chính trị", "format": "json"}),
    ]
    for query in (
        {}, {"limit": 3}, {"limit": 3, "cursor": "19-nq-tw-2017"}, {"kind": "quy_dinh"},
        {"issuer": "Bộ Chính trị"}, {"issuer": "body-bo-chinh-tri", "limit": 2}, {"year": 2022},
        {"term": "XIII"}, {"q": "luân chuyển"}, {"q": "về", "limit": 2}, {"kind": "nope"},
    ):  # fmt: skip
        out.append(("GET", "/directives", "/directives", query))
    refs = [n.id for n in store.nodes(Label.DIRECTIVE)] + [
        "KL 21",
        "74-KL/TW",
        "Kết luận số 74-KL/TW",
    ]
    for ref in refs:
        out.append(("GET", "/directives/{ref}", f"/directives/{ref}", {}))
        out.append(("GET", "/directives/{ref}/citations", f"/directives/{ref}/citations", {}))
        for flags in ({}, {"transitive": False}, {"include_inferred": True}):
            out.append(("GET", "/directives/{ref}/tasks", f"/directives/{ref}/tasks", flags))
        for flags in ({}, {"include_inferred": True}):
            out.append(("GET", "/directives/{ref}/chain", f"/directives/{ref}/chain", flags))
        for flags in ({}, {"on": "2020-01-01"}):
            out.append(("GET", "/directives/{ref}/status", f"/directives/{ref}/status", flags))
    for task in store.nodes(Label.TASK):
        out.append(("GET", "/tasks/{task_id}", f"/tasks/{task.id}", {}))
        for flags in ({}, {"include_inferred": True}):
            out.append(
                ("GET", "/tasks/{task_id}/directives", f"/tasks/{task.id}/directives", flags)
            )
    for body in store.nodes(Label.BODY):
        for query in ({}, {"limit": 1}):
            path = f"/bodies/{body.id}/directives"
            out.append(("GET", "/bodies/{body_id}/directives", path, query))
        out.append(("GET", "/bodies/{body}/lineage", f"/bodies/{body.id}/lineage", {}))
    for query in (
        {"q": "NQ 18"}, {"q": "NQ 18", "year": 2017}, {"q": "NQ 18", "year": 2022},
        {"q": "KL 21"}, {"q": "21-kl-tw-2021"}, {"q": "Nghị định 15/2020/NĐ-CP"}, {"q": "xyz"},
        {"q": "Nghị quyết Trung ương 4 khóa XII"}, {"q": "NQ 18", "issuer": "Bộ Chính trị"},
    ):  # fmt: skip
        out.append(("GET", "/citations/resolve", "/citations/resolve", query))
    return out


def test_real_answers_validate_against_their_models_unchanged(app, client, store):
    models = declared_models(app)
    requests = real_requests(store)
    assert len(requests) > 150
    seen: dict[str, set[str]] = {}  # what the answers held, to know the test saw real data
    for method, template, path, query in requests:
        response = client.request(method, path, params=query)
        parsed = check(models[(method, template)], response, same_bytes=template != "/export")
        seen.setdefault(template, set()).update(parsed.model_dump(exclude_unset=True))
    assert {template for _, template, _, _ in requests} == {
        path for method, path in JSON_OPERATIONS if method == "GET"
    }
    assert seen["/directives/{ref}"] == {"resolution", "node", "out", "in"}


def test_open_properties_come_back_as_stored(client, store, tmp_path):
    """A node's properties: absent ones stay absent, none becomes null, order is the store's."""
    slip = tmp_path / "texts" / "bao-cao-nham-co-quan.txt"  # a report that names the wrong body
    slip.parent.mkdir()
    slip.write_text(
        "Thực hiện Kế hoạch số 03-KH/TW, ngày 01/12/2021 của Ban Bí thư, các cấp ủy đã quán triệt "
        "nghiêm túc.\n",
        encoding="utf-8",
    )
    load_paths([slip], store, Registry.load())
    for node in store.nodes(Label.DIRECTIVE):
        body = client.get(f"/directives/{node.id}").json()
        assert body["node"] == {"id": node.id, "label": "Directive", **node.props}
        assert list(body["node"]) == ["id", "label", *node.props]
        assert None not in body["node"].values()
    conflicted = [n for n in store.nodes(Label.DIRECTIVE) if "conflicts" in n.props]
    assert conflicted  # the registry and the report disagree on 03-KH/TW's issuer
    node = schemas.DirectiveNode.model_validate(
        client.get(f"/directives/{conflicted[0].id}").json()["node"]
    )
    assert node.conflicts and all(v.sources for vs in node.conflicts.values() for v in vs)
    for task in store.nodes(Label.TASK):
        body = client.get(f"/tasks/{task.id}").json()
        assert body["node"] == {"id": task.id, "label": "Task", **task.props}


def test_posted_texts_answer_as_published(app, client):
    models = declared_models(app)
    text = (
        "Thực hiện Kết luận số 74-KL/TW, NQ 18 và Nghị định số 15/2020/NĐ-CP; Chỉ thị số 05-CT/TU, "
        "Nghị quyết Trung ương 4 khóa XII, Luật Cán bộ, công chức năm 2008."
    )
    parsed = check(models[("POST", "/citations")], client.post("/citations", json={"text": text}))
    assert isinstance(parsed, schemas.CitationList)
    statuses = {c.status for c in parsed.citations}
    assert statuses == {"found", "ambiguous", "unknown"}
    report = next(REPORT.glob("*.txt")).read_text(encoding="utf-8")
    check(models[("POST", "/citations")], client.post("/citations", json={"text": report}))
    checked = check(
        models[("POST", "/citations")],
        client.post(
            "/citations", params={"check": "true", "on": "2022-08-01"}, json={"text": report}
        ),
    )
    assert checked.on == "2022-08-01"
    assert all(c.check is not None for c in checked.citations)
    # a decree only the registry knows, with what happened to it
    status = check(models[("GET", "/directives/{ref}/status")],
                   client.get("/directives/Nghị định 103/2009/NĐ-CP/status"))  # fmt: skip
    assert isinstance(status, schemas.DirectiveStatus) and status.events

    doc = {
        "name": "ke-hoach.txt",
        "text": "TỈNH ỦY HÀ TĨNH\nHà Tĩnh, ngày 5 tháng 3 năm 2022\nKẾ HOẠCH\n"
        "thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng khóa XIII"
        " và Chỉ thị số 07-CT/TU\nI. NHIỆM VỤ, GIẢI PHÁP\n1. Tổ chức quán triệt Kết luận số 21-KL/TW "
        "đến toàn thể cán bộ, đảng viên trong quý II/2022.\n2. Ban Tổ chức Tỉnh ủy chủ trì rà soát "
        "quy hoạch cán bộ, hoàn thành trước ngày 30/6/2022.\n",
    }
    model = models[("POST", "/documents")]
    first = check(model, client.post("/documents", json=doc, headers={"X-API-Key": KEY}))
    assert isinstance(first, schemas.DocumentLoaded)
    assert first.unresolved and not first.unchanged
    again = check(model, client.post("/documents", json=doc, headers={"X-API-Key": KEY}))
    assert isinstance(again, schemas.DocumentLoaded) and again.unchanged
    # what the text added answers as published too
    graph = check(models[("GET", "/export")], client.get("/export"), same_bytes=False)
    assert isinstance(graph, schemas.ExportGraph)
    task_ids = [
        n.id
        for n in graph.nodes
        if isinstance(n, schemas.TaskNode) and n.document == first.document
    ]
    assert task_ids
    for task_id in task_ids:
        check(models[("GET", "/tasks/{task_id}")], client.get(f"/tasks/{task_id}"))


# --- 3. the examples -------------------------------------------------------------------------

MODELS = [
    m
    for m in vars(schemas).values()
    if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == schemas.__name__
    and not m.__name__.startswith("_")
]  # fmt: skip


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_examples_validate_against_their_models(model):
    examples = model.model_config.get("json_schema_extra", {}).get("examples")  # type: ignore[union-attr]
    assert examples, f"{model.__name__} has no example"
    # published (OpenAPI sorts their keys)
    assert model.model_json_schema(mode="serialization")["examples"] == examples
    for example in examples:
        dumped = model.model_validate(example).model_dump(mode="json")
        assert json.dumps(dumped, ensure_ascii=False) == json.dumps(example, ensure_ascii=False)


def test_every_model_is_covered():
    published = {m.__name__ for m in MODELS}
    assert published >= {
        "DirectivePage", "DirectiveView", "DirectiveTasks", "DirectiveCitations", "DirectiveChain",
        "TaskView", "TaskDirectives", "TaskRow", "LinkRow", "NodeLink", "EdgeRow", "Evidence",
        "BodyPage", "BodyDirectives", "CitationList", "Resolution", "DocumentLoaded", "Health",
        "Version", "ExportGraph",
    }  # fmt: skip


# --- 4. what the models refuse ---------------------------------------------------------------

ROW = dict(schemas.DIRECTIVE_ROW)


@pytest.mark.parametrize(
    "change",
    [
        {"year": "2021"},  # a string where the store holds an int: refused, not converted
        {"year": 2021.0},
        {"kind": 7},
        {"unknown_key": 1},  # a key the model does not name: refused, not dropped
    ],
    ids=["str-for-int", "float-for-int", "int-for-str", "extra-key"],
)
def test_rows_refuse_values_they_do_not_describe(change):
    with pytest.raises(ValidationError):
        schemas.DirectiveRow.model_validate({**ROW, **change})


def test_a_missing_row_key_is_refused():
    row = {k: v for k, v in ROW.items() if k != "title"}
    with pytest.raises(ValidationError):
        schemas.DirectiveRow.model_validate(row)


def test_numbers_keep_their_type():
    for confidence in (1, 1.0, 0.55):
        ev = schemas.Evidence.model_validate({**schemas.EVIDENCE, "confidence": confidence})
        assert json.loads(ev.model_dump_json())["confidence"] == confidence
        assert type(ev.model_dump(mode="json")["confidence"]) is type(confidence)
    with pytest.raises(ValidationError):
        schemas.Evidence.model_validate({**schemas.EVIDENCE, "confidence": True})


def test_stored_properties_keep_their_keys_and_order():
    given = {"id": "x-1", "label": "Directive", "zeta": [1], "year": 2020, "alpha": None}
    node = schemas.DirectiveNode.model_validate(given)
    assert list(node.model_dump(mode="json")) == list(given)  # no code: null added
    assert node.model_dump(mode="json") == given  # zeta and alpha kept
    adapter = TypeAdapter(list[schemas.DirectiveNode])
    assert adapter.dump_python(adapter.validate_python([given]), mode="json") == [given]
    with pytest.raises(ValidationError):
        schemas.DirectiveNode.model_validate({**given, "year": "2020"})
    with pytest.raises(ValidationError):
        schemas.DirectiveNode.model_validate({**given, "label": "Task"})
