"""docker-compose.yml cannot run here (no Docker engine): check its structure instead."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_services(compose):
    assert set(compose["services"]) == {"neo4j", "api"}
    assert compose["services"]["neo4j"]["image"] == "neo4j:5.26-community"


def test_neo4j_has_volume_healthcheck_and_auth_from_the_environment(compose):
    neo4j = compose["services"]["neo4j"]
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert {"127.0.0.1:7474:7474", "127.0.0.1:7687:7687"} == set(neo4j["ports"])


def test_api_waits_for_neo4j_and_is_configured_by_environment(compose):
    api = compose["services"]["api"]
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert {"NEO4J_USER", "NEO4J_PASSWORD", "DIRECTIVE_GRAPH_API_KEY"} <= set(env)
    assert "serve" in api["command"] and (ROOT / "Dockerfile").exists()
    assert "8000" in api["ports"][0]
