"""No outbound calls from data or queries (graph/rdf.py): SPARQL SERVICE, FROM, FROM NAMED and
updates (LOAD ...) are refused before evaluation, JSON-LD context IRIs (http, file:, relative)
and @import before parsing, and everything runs under `rdf.no_outbound`, which refuses network
and file access even when the first checks are bypassed.

Every test points the remote reference at a live HTTP server on 127.0.0.1 that would answer
it (SPARQL JSON results, a JSON-LD context) and counts the requests it receives: zero, always.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from directive_graph.graph import export as ex
from directive_graph.graph import rdf
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import FormatError, InputError, QueryError
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import CLI, REPORT


class Server:
    """An HTTP server on an ephemeral port of 127.0.0.1 that counts the requests it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self) -> None:
                requests.append(f"{self.command} {self.path}")
                body = json.dumps(
                    {
                        "head": {"vars": ["s"]},
                        "results": {"bindings": [{"s": {"type": "uri", "value": "http://x/"}}]},
                        "@context": {"x": "http://x/"},
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = answer

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def test_the_server_counts_requests(server):
    """The counter works: a request that does go out is counted (so zero below means none)."""
    with urllib.request.urlopen(f"{server.url}/probe") as r:
        assert r.status == 200
    assert server.requests == ["GET /probe"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("no-outbound") / "data"
    report = load_paths([REPORT], EmbeddedStore(path), Registry.load())
    assert report.documents_read == 1 and not report.failures
    return path


@pytest.fixture(scope="module")
def seed(data_dir) -> dict:
    return EmbeddedStore(data_dir).export()


# ---------------------------------------------------------------------------------------------
# SPARQL

SERVICE_QUERIES = {
    "plain": "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "lower case": "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "optional": "SELECT * WHERE {{ ?d a eli:LegalResource OPTIONAL {{ SERVICE <{url}/s> {{ ?d ?p ?o }} }} }}",
    "exists": "SELECT * WHERE {{ ?d a eli:LegalResource FILTER EXISTS {{ SERVICE <{url}/s> {{ ?d ?p ?o }} }} }}",
    "sub-select": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }} }}",
    "variable": "SELECT * WHERE {{ VALUES ?e {{ <{url}/s> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "ask": "ASK {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
    "construct": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
    "comment between": "SELECT * WHERE {{ SERVICE # no\n <{url}/s> {{ ?s ?p ?o }} }}",
}
FROM_QUERIES = {
    "from": "SELECT * FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
    "from named": "SELECT * FROM NAMED <{url}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "ask from": "ASK FROM <{url}/x> {{ ?s ?p ?o }}",
    "construct from": "CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
    "prefixed": "PREFIX r: <{url}/> SELECT * FROM r:x WHERE {{ ?s ?p ?o }}",
}
UPDATES = {
    "load": "LOAD <{url}/data.ttl>",
    "load silent into": "LOAD SILENT <{url}/data.ttl> INTO GRAPH <{url}/g>",
    "insert data": "INSERT DATA {{ <{url}/a> <{url}/b> <{url}/c> }}",
    "delete where": "DELETE WHERE {{ ?s ?p ?o }}",
    "with insert": "WITH <{url}/g> INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}",
    "clear": "CLEAR ALL",
    "drop": "DROP GRAPH <{url}/g>",
    "create": "CREATE GRAPH <{url}/g>",
    "add": "ADD <{url}/a> TO <{url}/b>",
    "move": "MOVE DEFAULT TO <{url}/b>",
    "copy": "COPY <{url}/a> TO DEFAULT",
    "query then update": "SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{url}/data.ttl>",
}


def _refused(seed, query: str) -> str:
    with pytest.raises(QueryError) as info:
        rdf.sparql(seed, query)
    message = str(info.value)
    assert "\n" not in message and "refused" in message
    return message


@pytest.mark.parametrize("name", SERVICE_QUERIES)
def test_sparql_service_is_refused_and_nothing_is_sent(seed, server, name):
    message = _refused(seed, SERVICE_QUERIES[name].format(url=server.url))
    assert "SERVICE" in message
    assert server.requests == []


@pytest.mark.parametrize("name", FROM_QUERIES)
def test_sparql_from_and_from_named_are_refused(seed, server, name):
    message = _refused(seed, FROM_QUERIES[name].format(url=server.url))
    assert "FROM" in message
    assert server.requests == []


@pytest.mark.parametrize("name", UPDATES)
def test_sparql_updates_are_refused(seed, server, name):
    message = _refused(seed, UPDATES[name].format(url=server.url))
    assert "updates" in message or "SERVICE" in message or "FROM" in message
    assert server.requests == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?from ?service ?load WHERE { BIND('SERVICE <x> FROM' AS ?from) "
        'BIND("LOAD <y>" AS ?service) BIND(<http://x/service/from/load> AS ?load) }',
        "# SERVICE <http://127.0.0.1/> FROM <x> LOAD <y>\nSELECT ?d WHERE { ?d a eli:LegalResource }",
        'SELECT ?d WHERE { ?d eli:title ?t FILTER(CONTAINS(?t, """INSERT\nDELETE""")) }',
        "PREFIX ex: <http://x/> SELECT ?d WHERE { ?d ex:from ?o ; ex:add-copy ?c }",
    ],
)
def test_the_words_in_strings_iris_comments_and_names_are_no_keywords(seed, query):
    assert isinstance(rdf.sparql(seed, query), list)


def test_ordinary_queries_still_run(seed):
    rows = rdf.sparql(
        seed,
        "SELECT ?t WHERE { directive:3-kh-tw-2021 eli:ensures_implementation_of ?t }",
    )
    assert [r["t"] for r in rows] == [rdf.DEFAULT_BASE + "directive/21-kl-tw-2021"]
    assert rdf.sparql(seed, "ASK { ?k skos:prefLabel ?l }") == [{"boolean": True}]


@pytest.mark.parametrize("name", [*SERVICE_QUERIES, *FROM_QUERIES])
def test_the_algebra_check_alone_refuses(server, name):
    """The second check, on rdflib's parsed algebra, refuses what the text check refuses."""
    query = {**SERVICE_QUERIES, **FROM_QUERIES}[name].format(url=server.url)
    parsed = prepareQuery(query, initNs=rdf.PREFIXES)
    with pytest.raises(QueryError, match="refused"):
        rdf.check_query(parsed.algebra)
    rdf.check_query(prepareQuery("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").algebra)


def test_a_service_that_gets_past_the_checks_cannot_call_out(seed, server):
    """rdflib's own evaluation of SERVICE (urllib) under `no_outbound`: refused, nothing sent,
    although rdflib would have used the server's answer."""
    graph = rdf.to_rdf(seed)
    query = f"SELECT ?s WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}"
    with (
        pytest.raises(QueryError, match=r"refused to reach the URL http://127\.0\.0\.1"),
        rdf.no_outbound("the SPARQL query", QueryError),
    ):
        list(graph.query(query))
    assert server.requests == []
    with pytest.raises(QueryError, match="refused"), rdf.no_outbound("a test", QueryError):  # noqa: SIM117
        with pytest.raises(PermissionError):  # what the code inside sees, and swallows ...
            urllib.request.urlopen(f"{server.url}/direct")
        # ... the block still ends in the refusal
    assert server.requests == []
    assert len(list(graph.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))) == 1  # guard lifted


def test_cli_sparql_refuses_service_from_and_load(data_dir, server):
    for query in (
        SERVICE_QUERIES["plain"],
        FROM_QUERIES["from"],
        FROM_QUERIES["from named"],
        UPDATES["load"],
    ):
        out = subprocess.run(
            [*CLI, "sparql", query.format(url=server.url), "--data", str(data_dir)],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("directive-graph: SPARQL"), out.stderr
        assert "refused" in lines[0] and "Traceback" not in out.stderr
    assert server.requests == []


# ---------------------------------------------------------------------------------------------
# JSON-LD


def _jsonld(context) -> dict:
    return {
        "@context": context,
        "@id": "https://directive-graph.example/id/directive/x",
        "title": "x",
    }


def _bad_documents(url: str, tmp_path: Path) -> dict[str, object]:
    ctx = tmp_path / "ctx.jsonld"
    ctx.write_text(json.dumps({"@context": {"title": "http://data.europa.eu/eli/ontology#title"}}))
    return {
        "http": _jsonld(f"{url}/ctx"),
        "file hostname": _jsonld("file:///etc/hostname"),
        "file tmp": _jsonld(ctx.as_uri()),
        "path": _jsonld(str(ctx)),
        "relative": _jsonld("ctx.jsonld"),
        "list": _jsonld([{"eli": rdf.ELI}, f"{url}/ctx"]),
        "import": _jsonld({"@import": f"{url}/ctx", "title": rdf.ELI + "title"}),
        "scoped": _jsonld({"title": {"@id": rdf.ELI + "title", "@context": f"{url}/ctx"}}),
        "node": {
            "@context": {"eli": rdf.ELI},
            "@graph": [{"@context": f"{url}/ctx", "@id": "https://x/a", "title": "a"}],
        },
        "top list": [{"@context": f"{url}/ctx", "@id": "https://x/a", "title": "a"}],
    }


BAD = ["http", "file hostname", "file tmp", "path", "relative", "list", "import", "scoped",
       "node", "top list"]  # fmt: skip


@pytest.mark.parametrize("name", BAD)
def test_jsonld_context_iris_are_refused_before_parsing(server, tmp_path, name):
    doc = _bad_documents(server.url, tmp_path)[name]
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(doc))
    with pytest.raises(InputError) as info:
        ex.read_rdf_file(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert "refused" in message and "inline the context" in message
    assert server.requests == []


@pytest.mark.parametrize("name", ["http", "file hostname", "import", "scoped"])
def test_jsonld_refusal_leaves_the_graph_unchanged(seed, server, tmp_path, name):
    store = EmbeddedStore(tmp_path / "data")
    load_paths([REPORT], store, Registry.load())
    before = store.export()
    path = tmp_path / "bad.jsonld"
    path.write_text(json.dumps(_bad_documents(server.url, tmp_path)[name]))
    report = load_paths([path], store, Registry.load())
    assert [p for p, _ in report.failures] == [str(path)]
    reason = report.failures[0][1]
    assert "refused" in reason and "inline the context" in reason and "\n" not in reason
    assert report.graphs_imported == 0
    assert store.export() == before
    assert server.requests == []


def test_cli_load_refuses_a_remote_context(server, tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(_jsonld(f"{server.url}/ctx")))
    data = tmp_path / "data"
    out = subprocess.run(
        [*CLI, "load", "--data", str(data), str(path)], capture_output=True, text=True
    )
    assert out.returncode == 1, out.stderr
    assert "refused" in out.stderr and str(path) in out.stderr and "Traceback" not in out.stderr
    assert server.requests == []


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_parser_alone_cannot_fetch_a_context(server, tmp_path):
    """rdflib's JSON-LD parser given a remote or file: context under `no_outbound` (the
    pre-check bypassed): refused, nothing requested, nothing read."""
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"@context": {"title": rdf.ELI + "title"}}))
    for context, target in ((f"{server.url}/ctx", f"the URL {server.url}/ctx"),
                            (secret.as_uri(), f"the file {secret}")):  # fmt: skip
        text = json.dumps(_jsonld(context))
        with (
            pytest.raises(InputError) as info,
            rdf.no_outbound("bad.jsonld", InputError),
        ):
            rdflib.Graph().parse(data=text, format="json-ld")
        assert f"bad.jsonld: refused to reach {target};" in str(info.value)
    assert server.requests == []


def test_the_projects_own_jsonld_export_round_trips(seed, tmp_path, server):
    path = tmp_path / "graph.jsonld"
    with path.open("wb") as out:
        ex.export(seed, "jsonld", out)
    doc = json.loads(path.read_text())
    assert isinstance(doc["@context"], dict)  # written inline
    rdf.check_jsonld_contexts(doc)
    assert ex.read_rdf_file(path) == seed
    target = EmbeddedStore(tmp_path / "b")
    report = load_paths([path], target, Registry.load())
    assert report.graphs_imported == 1 and not report.failures
    assert target.export() == seed
    assert server.requests == []


def test_inline_contexts_and_null_are_accepted():
    doc = {
        "@context": [None, {"eli": rdf.ELI, "t": {"@id": rdf.ELI + "title", "@context": {}}}],
        "@id": "https://x/a",
        "t": "a",
    }
    rdf.check_jsonld_contexts(doc)
    assert len(rdf.parse(json.dumps(doc), "jsonld")) == 1


def test_only_turtle_ntriples_and_jsonld_are_parsed(tmp_path):
    """No RDF/XML (and so no XML external entities) is ever handed to rdflib."""
    xxe = (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    for fmt in ("xml", "rdfxml", "trix", "n3", "html"):
        with pytest.raises(FormatError):
            rdf.parse(xxe, fmt)
    path = tmp_path / "g.rdf"
    path.write_text(xxe)
    with pytest.raises(FormatError):
        ex.read_rdf_file(path)
    with pytest.raises(FormatError):
        ex.read_rdf_file(path, format="xml")
