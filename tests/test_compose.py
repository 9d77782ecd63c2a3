"""docker-compose.yml cannot run here (no Docker engine): check it against the Compose
Specification's JSON schema (tests/compose-spec.json, from github:compose-spec/compose-spec at
170098ba07d9, Apache-2.0), then what the project needs of it, and that the README gives the same
commands."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_the_file_is_valid_compose(compose):
    import json

    import jsonschema

    schema = json.loads((ROOT / "tests" / "compose-spec.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)  # the schema's own draft
    validator.validate(compose)  # raises with the path of what is wrong
    broken = {**compose, "services": {"api": {**compose["services"]["api"], "restart": 3}}}
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_services_have_health_checks_and_restart_policies(compose):
    services = compose["services"]
    for name in ("neo4j", "api"):
        assert services[name]["restart"] == "unless-stopped", name
        assert services[name]["healthcheck"]["test"], name
    assert "/health" in " ".join(services["api"]["healthcheck"]["test"])
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_a_load_job_reads_an_input_volume_into_neo4j(compose):
    load = compose["services"]["load"]
    assert load["command"][:2] == ["directive-graph", "load"] and "/input" in load["command"]
    assert any(v.endswith(":/input:ro") for v in load["volumes"])
    assert load["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert load["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert load["profiles"] == ["load"]  # not started by `up`


def test_the_embedded_store_has_a_writable_volume(compose):
    assert "graph-data:/app/data" in compose["services"]["api"]["volumes"]
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "chown app:app /app/data" in docker and "ENV DIRECTIVE_GRAPH_DATA=/app/data" in docker
    assert docker.index("chown app:app /app/data") < docker.index("USER app")


def test_the_readme_gives_the_commands_the_compose_file_gives(compose):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    header = (ROOT / "docker-compose.yml").read_text(encoding="utf-8").split("services:")[0]
    commands = [ln.split("#", 1)[1].strip().split("  ")[0] for ln in header.splitlines()
                if "docker compose" in ln]  # fmt: skip
    assert commands, "the compose file's header names its commands"
    for command in commands:
        assert command in readme, command


def test_services(compose):
    assert set(compose["services"]) == {"neo4j", "api", "load"}
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
