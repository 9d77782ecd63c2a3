"""Export -> load into an empty store -> export again gives the same graph, on both stores, for
Turtle, N-Triples, JSON-LD and node-link JSON; and the export commands and endpoint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.generate import plan_texts
from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.export import export
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT

FIXTURES = Path(__file__).parent / "fixtures"
SUFFIX = {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld", "json": "json"}


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("src"))
    load_paths([REPORT, FIXTURES], store, Registry.load())
    return store


def _write(data: dict, fmt: str, folder: Path) -> Path:
    path = folder / f"graph.{SUFFIX[fmt]}"
    with path.open("wb") as f:
        export(data, fmt, f)
    return path


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "json"])
def test_round_trip_embedded(fmt, source, tmp_path):
    data = source.export()
    path = _write(data, fmt, tmp_path)
    target = EmbeddedStore(tmp_path / "target")
    report = load_paths([path], target, Registry.load())
    assert report.graphs_imported == 1 and not report.failures
    assert target.export() == data


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_round_trip_neo4j(fmt, source, tmp_path, neo4j_store):
    data = source.export()
    load_paths([_write(data, fmt, tmp_path)], neo4j_store, Registry.load())
    assert neo4j_store.export() == data


def test_round_trip_generated_corpus(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in plan_texts(400):
        (folder / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "a")
    load_paths([folder], store, Registry.load())
    data = store.export()
    assert sum(1 for n in data["nodes"] if n["label"] == "Directive") > 1000
    target = EmbeddedStore(tmp_path / "b")
    load_paths([_write(data, "nt", tmp_path)], target, Registry.load())
    assert target.export() == data


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "directive_graph.api.cli", *args], capture_output=True, check=False
    )


def test_cli_export_formats_and_sparql(source, tmp_path):
    data = str(source.data_dir)
    out = run("export", "--data", data, "--format", "turtle", "--directive", "74-KL/TW")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "eli:LegalResource" in text and "74-KL/TW" in text and "18-NQ/TW" in text
    assert "21-KL/TW" not in text  # outside the neighbourhood of 74-KL/TW
    target = tmp_path / "g.graphml"
    assert run("export", "--data", data, "--format", "graphml", "-o", str(target)).returncode == 0
    import networkx as nx

    g = nx.read_graphml(target)
    assert g.nodes["3-kh-tw-2021"]["label"] == "Directive"
    query = (
        "SELECT ?t WHERE { <https://directive-graph.example/id/directive/3-kh-tw-2021> "
        "eli:ensures_implementation_of ?t }"
    )
    rows = json.loads(run("sparql", "--data", data, query, "--json").stdout)
    assert [r["t"] for r in rows] == ["https://directive-graph.example/id/directive/21-kl-tw-2021"]


def test_api_export(source):
    app = create_app(Settings(), store=source)
    with TestClient(app) as client:
        r = client.get("/export", params={"format": "turtle", "issuer": "Ban Bí thư"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
        assert "57-QĐ/TW" in r.text
        r = client.get("/export", params={"format": "jsonld", "year": 2022})
        assert r.headers["content-type"].startswith("application/ld+json")
        assert (
            client.get("/export", params={"format": "nt"})
            .headers["content-type"]
            .startswith("application/n-triples")
        )
        assert client.get("/export", params={"format": "xml"}).status_code == 422
        assert client.get("/export", params={"directive": "99-nq-tw-1999"}).status_code == 404
