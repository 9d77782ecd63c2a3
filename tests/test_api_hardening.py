"""Hardening of the HTTP API (issue 8), against the embedded store:

1. schemathesis over the OpenAPI document: no 5xx, and every answer as documented;
2. Cypher-injection strings, oversized and ill-typed inputs change nothing and get a 4xx
   (or 200/300/404 for references), never a 5xx;
3. the write endpoints refuse without the key, and are off when no key is configured;
4. a short load run of `bench/api_load.py` (50 clients) against `directive-graph serve`.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"
KEY = "test-key-0123456789abcdef"
PROBLEM = "application/problem+json"


def loaded_store(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    load_paths([FIXTURES, REPORT], store, Registry.load())
    return store


@pytest.fixture
def store(tmp_path) -> EmbeddedStore:
    return loaded_store(tmp_path / "data")


@pytest.fixture
def app(store):
    return create_app(Settings(api_key=KEY), store=store)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def snapshot(store) -> str:
    """The whole graph, canonically: compared before and after hostile requests."""
    return json.dumps(store.export(), sort_keys=True, ensure_ascii=False, default=str)


# --- 1. schemathesis -------------------------------------------------------------------------

# A schema cannot say that /export's `directive` excludes `issuer` and `year`; that combination
# is answered 400 (documented), which the positive-data check must accept there and only there.
SCHEMATHESIS_CONFIG = """
[[operations]]
include-path = "/export"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404"]
"""

# Cases the generator is unlikely to hit: the documented 300 and found references.
EXPLICIT_CASES = [
    ("GET", "/directives/{ref}", {"ref": "NQ 18"}, None, 300),
    ("GET", "/directives/{ref}/tasks", {"ref": "NQ 18"}, None, 300),
    ("GET", "/directives/{ref}/tasks", {"ref": "KL 21"}, None, 200),
    ("GET", "/directives/{ref}/citations", {"ref": "74-KL/TW"}, None, 200),
    ("GET", "/directives/{ref}/chain", {"ref": "21-kl-tw-2021"}, None, 200),
    ("GET", "/directives/{ref}", {"ref": "body-bo-chinh-tri"}, None, 404),
    ("GET", "/bodies/{body_id}/directives", {"body_id": "body-ban-bi-thu"}, None, 200),
    ("POST", "/citations", {}, {"text": "Thực hiện NQ 18 và Kết luận số 74-KL/TW."}, 200),
]


def fuzz(op, mode, headers: dict, seen: dict) -> None:
    """One operation in one generation mode: 30 derandomized examples, every response check."""

    @given(case=op.as_strategy(generation_mode=mode))
    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        seen.setdefault(op.label, set()).add(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text)
        case.validate_response(response, headers=headers)

    run()


def test_schemathesis_finds_no_server_error_and_answers_as_documented(app):
    """Every operation, positive and negative data, 30 derandomized examples each, all of
    schemathesis's response checks (not_a_server_error among them). Writes go to this test's
    own store, with the key, so the write path is fuzzed too."""
    config = schemathesis.Config.from_str(SCHEMATHESIS_CONFIG)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    headers = {"X-API-Key": KEY}
    failures: list[str] = []
    seen: dict[str, set[int]] = {}
    with TestClient(app):  # runs the lifespan: the store and registry on app.state
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15, [op.label for op in operations]
        for op in operations:
            has_input = bool(list(op.iter_parameters())) or bool(op.body)
            modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if has_input else [])
            for mode in modes:
                try:
                    fuzz(op, mode, headers, seen)
                except Unsatisfiable:  # no invalid value exists (a lone string path parameter)
                    continue
                except Exception as e:  # collected, so that one run reports every operation
                    failures.append(f"{op.label} ({mode.value}): {e}")

        by_label = {op.label: op for op in operations}
        for method, path, path_parameters, body, status in EXPLICIT_CASES:
            op = by_label[f"{method} {path}"]
            kwargs = {"body": body, "media_type": "application/json"} if body else {}
            case = op.Case(path_parameters=path_parameters, **kwargs)
            response = case.call(headers=headers)
            if response.status_code != status:
                failures.append(f"{case.as_curl_command()}: {response.status_code} != {status}")
            try:
                case.validate_response(response, headers=headers)
            except Exception as e:
                failures.append(f"{case.as_curl_command()}: {e}")

    assert not failures, "\n\n".join(failures)
    assert all(code < 500 for codes in seen.values() for code in codes), seen


# --- 2. injection, oversized and ill-typed inputs --------------------------------------------

INJECTIONS = [
    "x') DETACH DELETE n //",
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 --",
    "18-nq-tw-2017' OR '1'='1",
    "18-NQ/TW'}) MATCH (n) DETACH DELETE n RETURN 1 //",
    "`) DETACH DELETE n //",
    "$ref}) CALL apoc.periodic.iterate('MATCH (n) RETURN n','DETACH DELETE n',{}) //",
    "Nghị quyết số 18-NQ/TW\n') DETACH DELETE n //",
    "{{7*7}} ${7*7} %s%s%n",
    "..%2F..%2Fetc%2Fpasswd",
    "\x00\x01\x7f",
    "NQ 18 " * 2000,
]
LONG = "a" * 100_000  # 100 kB
LONG_CITATIONS = "Nghị quyết số 18-NQ/TW " * 4_400  # ~100 kB of things that look like citations


def asgi_get(app, path: str, query: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET straight into the ASGI app: httpx refuses URLs over 64 kB, and the app, not
    the client, is under test. Call inside `TestClient(app)` so the lifespan has run."""
    raw_path = quote(path).encode()
    query_string = urlencode(query or {}).encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": raw_path,
        "root_path": "",
        "query_string": query_string,
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "state": {},
    }
    out: dict = {"body": b""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return out["status"], out["headers"], out["body"]


def hostile_gets(value: str) -> list[tuple[str, dict, set[int]]]:
    """(path, query, acceptable statuses) for `value` in every GET parameter."""
    refs = {200, 300, 404}  # a reference: found, ambiguous or unknown; never a 5xx
    lists = {200, 422}
    out = [
        (f"/directives/{value}", {}, refs),
        (f"/directives/{value}/tasks", {}, refs),
        (f"/directives/{value}/citations", {}, refs),
        (f"/directives/{value}/chain", {}, refs),
        (f"/tasks/{value}", {}, {404}),
        (f"/tasks/{value}/directives", {}, {404}),
        (f"/bodies/{value}/directives", {}, {404}),
        ("/bodies", {"cursor": value}, {200}),
        ("/citations/resolve", {"q": value}, {200, 422}),  # q: at most 500 characters
        ("/citations/resolve", {"q": "NQ 18", "issuer": value}, {200, 422}),
        ("/export", {"directive": value}, refs),
        ("/export", {"issuer": value}, {200, 404}),
    ]
    for name in ("q", "issuer", "kind", "term", "cursor"):
        out.append(("/directives", {name: value}, lists))
    for name in ("year", "limit"):  # wrong types
        out.append(("/directives", {name: value}, {422}))
    out.append(("/citations/resolve", {"q": "NQ 18", "year": value}, {422}))
    out.append(("/export", {"depth": value}, {422}))
    return out


@pytest.mark.parametrize(
    "value",
    [*INJECTIONS, LONG, LONG_CITATIONS],
    ids=[f"injection-{i}" for i in range(len(INJECTIONS))] + ["100kB", "100kB-citations"],
)
def test_hostile_parameters_change_nothing_and_never_fail(app, store, value):
    before = snapshot(store)
    with TestClient(app) as client:
        for path, query, ok in hostile_gets(value):
            status, headers, body = asgi_get(app, path, query)
            where = f"GET {path[:80]!r} {str(query)[:80]}"
            if path.endswith("/"):  # Starlette's redirect to the path without the slash
                ok = {*ok, 307}
            assert status in ok, (where, status, body[:300])
            if status >= 400:
                assert headers["content-type"].startswith(PROBLEM), (where, headers)
                assert b"Traceback" not in body
        for text in (value, f"Thực hiện {value} và Kết luận số 74-KL/TW."):
            r = client.post("/citations", json={"text": text})
            assert r.status_code == 200, (text[:80], r.status_code, r.text[:300])
        # the write endpoint, without the key: refused before anything is read
        r = client.post("/documents", json={"name": value[:200], "text": value})
        assert r.status_code == 401
    assert snapshot(store) == before


def test_a_hostile_document_is_stored_as_text_not_run(client, store):
    """With the key, injection strings in a loaded text are data: the graph grows by that one
    document (and what it cites) and loses nothing."""
    before = json.loads(snapshot(store))
    text = "\n".join(INJECTIONS[:8]) + "\nThực hiện Kết luận số 74-KL/TW."
    r = client.post(
        "/documents", json={"name": INJECTIONS[1], "text": text}, headers={"X-API-Key": KEY}
    )
    assert r.status_code == 201, r.text
    after = json.loads(snapshot(store))
    ids_before = {n["id"] for n in before["nodes"]}
    ids_after = {n["id"] for n in after["nodes"]}
    assert ids_before <= ids_after and r.json()["document"] in ids_after
    assert len(after["links"]) >= len(before["links"])


def _sized(n_bytes: int, char: str) -> str:
    return char * (n_bytes // len(char.encode()))


BAD_BODIES = [
    # (raw body or JSON value, acceptable statuses)
    ({"text": _sized(1_000_001, "a") + "a"}, {413}),
    ({"text": _sized(1_000_002, "ệ")}, {413}),  # 3 bytes a character: the limit is in bytes
    ({"text": "x" * 5_000_000}, {413}),
    ({"text": 123}, {422}),
    ({"text": None}, {422}),
    ({"text": ["Nghị quyết 18-NQ/TW"]}, {422}),
    ({"text": {"$ne": ""}}, {422}),
    ({}, {422}),
    ([], {422}),
    ("NQ 18", {422}),
    (None, {422}),
    ({"text": json.loads("[" * 500 + "]" * 500)}, {422}),  # nested JSON
    (b"[" * 100_000, {400, 422}),  # nested past the parser's recursion limit
    (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", {400, 422}),
    (b'{"text": "unterminated', {400, 422}),
    (b"\xff\xfe{\x00}\x00", {400, 422}),  # not UTF-8
    (b"", {400, 422}),
]


@pytest.mark.parametrize("body,ok", BAD_BODIES, ids=[f"body-{i}" for i in range(len(BAD_BODIES))])
def test_bad_bodies_get_a_4xx_and_change_nothing(client, store, body, ok):
    before = snapshot(store)
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"content-type": "application/json"}
    r = client.post("/citations", content=raw, headers=headers)
    assert r.status_code in ok, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith(PROBLEM)
    name_body = {"name": "x.txt", **body} if isinstance(body, dict) else body
    raw = name_body if isinstance(name_body, bytes) else json.dumps(name_body).encode()
    r = client.post("/documents", content=raw, headers={**headers, "X-API-Key": KEY})
    assert r.status_code in ok, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith(PROBLEM)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "raw",
    [
        b'{"name": "x.txt", "text": "\\ud800"}',  # JSON can escape what UTF-8 cannot hold
        b'{"name": "x.txt", "text": "NQ 18 \\udfff Chi thi"}',
        b'{"name": "a\\u0000b.txt", "text": "NQ 18"}',  # was a 500 in the loader (Path.resolve)
        b'{"name": "a\\nb.txt", "text": "NQ 18"}',
        b'{"name": "\\u001f", "text": "NQ 18"}',
    ],
)
def test_unpaired_surrogates_and_control_characters_are_422(client, store, raw):
    """Each of these was a 500 (UnicodeEncodeError measuring the text; ValueError: embedded
    null byte in the loader)."""
    before = snapshot(store)
    headers = {"content-type": "application/json", "X-API-Key": KEY}
    for path in ("/documents", "/citations"):
        r = client.post(path, content=raw, headers=headers)
        if path == "/citations" and b"\\ud" not in raw:
            assert r.status_code == 200, r.text  # control characters in a text are fine
            continue
        assert r.status_code == 422, (path, raw, r.status_code, r.text)
        assert r.headers["content-type"].startswith(PROBLEM)
    assert snapshot(store) == before


def test_control_characters_in_a_loaded_text_are_fine(client):
    text = "Quán triệt\x00 Nghị định số 30/2020/NĐ-CP\x1f của Chính phủ.\x7f"
    r = client.post("/documents", json={"name": "t.txt", "text": text}, headers={"X-API-Key": KEY})
    assert r.status_code == 201, r.text


def test_text_at_the_limit_is_accepted(client):
    text = ("Thực hiện Kết luận số 74-KL/TW. " + "a" * 1000 + "\n") * 900
    text += "a" * (1_000_000 - len(text.encode()))
    assert len(text.encode()) == 1_000_000
    r = client.post("/citations", json={"text": text})
    assert r.status_code == 200 and len(r.json()["citations"]) == 900


def test_ids_of_other_nodes_are_not_directives(client, store):
    """A body's, task's or document's id under /directives was a 200 (a body described as a
    directive) for some routes and a 400 for others; it is a 404 for all."""
    from directive_graph.graph.model import Label

    for label in (Label.BODY, Label.TASK, Label.DOCUMENT):
        node_id = next(iter(store.nodes(label))).id
        for suffix in ("", "/tasks", "/citations", "/chain"):
            r = client.get(f"/directives/{node_id}{suffix}")
            assert r.status_code == 404, (node_id, suffix, r.text)
            assert "not a directive" in r.json()["detail"]


def test_framework_errors_are_problems_too(client):
    """Unknown paths, wrong methods and unparseable bodies: application/problem+json like the
    rest (they were plain JSON: Starlette's exception, not FastAPI's subclass)."""
    r = client.get("/no-such-endpoint")
    assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)
    r = client.delete("/directives")
    assert r.status_code == 405 and r.headers["content-type"].startswith(PROBLEM)
    assert "GET" in r.headers["allow"]
    r = client.post(
        "/citations", content=b"[" * 10_000, headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["title"] == "Bad request"


def test_export_with_a_contradictory_selection_is_400(client):
    r = client.get("/export", params={"directive": "74-kl-tw-2020", "issuer": "Bộ Chính trị"})
    assert r.status_code == 400 and r.headers["content-type"].startswith(PROBLEM)
    assert "issuer" in r.json()["detail"]


# --- 3. the key --------------------------------------------------------------------------------

DOC = {"name": "tin.txt", "text": "Quán triệt Nghị định số 30/2020/NĐ-CP của Chính phủ."}
READ_ONLY_POSTS = {"/citations"}  # POST for the body's size; looks up, writes nothing


def write_operations(client) -> list[tuple[str, str]]:
    """Every operation that may write: all but GET/HEAD, less the read-only POSTs. A new write
    endpoint is covered by the tests below as soon as it exists."""
    spec = client.get("/openapi.json").json()
    ops = [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method not in ("get", "head") and path not in READ_ONLY_POSTS
    ]
    assert ("POST", "/documents") in ops
    return ops


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-Key": ""},
        {"X-API-Key": "wrong-key-0123456789abc"},  # the key's length, another value
        {"X-API-Key": KEY[:-1]},
        {"X-API-Key": KEY + "x"},
        {"X-API-Key": KEY[:16]},
        {"X-API-Key": KEY.upper()},
        {"X-API-Key": " " + KEY + " x"},
        {"X-API-Key": "é".encode() * 12},  # not ASCII
        {"Authorization": f"Bearer {KEY}"},
        {"X-API-Keys": KEY},
        {"Cookie": f"x-api-key={KEY}"},
    ],
    ids=lambda h: repr(h)[:40],
)
def test_writes_refuse_without_the_key(client, store, headers):
    before = snapshot(store)
    for method, path in write_operations(client):
        r = client.request(method, path, json=DOC, headers=headers)
        assert r.status_code == 401, (method, path, headers, r.status_code, r.text)
        assert r.headers["content-type"].startswith(PROBLEM)
        assert KEY not in r.text
        r = client.request(method, path, json=DOC, headers=headers, params={"x_api_key": KEY})
        assert r.status_code == 401  # never from the query string
    assert snapshot(store) == before


@pytest.mark.parametrize("name", ["X-API-Key", "x-api-key", "X-API-KEY", "x-Api-kEY"])
def test_the_header_name_is_case_insensitive(client, name):
    r = client.post("/documents", json=DOC, headers={name: KEY})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("configured", [None, ""])
def test_writes_are_off_when_no_key_is_configured(store, configured):
    app = create_app(Settings(api_key=configured), store=store)
    before = snapshot(store)
    with TestClient(app) as client:
        for method, path in write_operations(client):
            for headers in ({}, {"X-API-Key": KEY}, {"X-API-Key": ""}, {"X-API-Key": "None"}):
                r = client.request(method, path, json=DOC, headers=headers)
                assert r.status_code == 403, (method, path, headers, r.text)
                assert "DIRECTIVE_GRAPH_API_KEY" in r.json()["detail"]
        assert client.post("/citations", json={"text": DOC["text"]}).status_code == 200
    assert snapshot(store) == before


def test_an_empty_key_in_the_environment_turns_writes_off(monkeypatch):
    monkeypatch.setenv("DIRECTIVE_GRAPH_API_KEY", "")
    assert Settings.from_env().api_key is None


# --- 4. load ---------------------------------------------------------------------------------


def test_fifty_clients_for_five_seconds_get_no_error(tmp_path):
    """`bench/api_load.py` against `directive-graph serve` on a loopback port: 50 clients with
    their own keep-alive connections for 5 s (the full run is 20 s), no error, no 5xx."""
    from bench.api_load import run_load

    result = run_load(clients=50, seconds=5.0, workdir=tmp_path, max_requests_per_client=5_000)
    assert result["requests"] >= 50, result
    assert result["server_errors"] == 0, result
    assert result["errors"] == 0, result
