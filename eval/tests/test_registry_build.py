"""The shipped graph/data/phapdien.csv, relations.csv, bodies.csv and plenums.csv are what
`registry build` makes of the tables in ../shared/reference/registry-sources (so the data is
reproducible from its sources)."""

from __future__ import annotations

from pathlib import Path

from directive_graph.graph.registry import DATA, PHAPDIEN_PATH, RELATIONS_PATH
from directive_graph.loaders.registry_sources import build_registry, write_built

SOURCES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "registry-sources"


def test_shipped_registry_is_rebuilt_from_its_sources(tmp_path):
    assert SOURCES.is_dir(), f"{SOURCES}: these checks need ../shared beside the project"
    made = write_built(build_registry(SOURCES), tmp_path)
    assert made[0].read_bytes() == PHAPDIEN_PATH.read_bytes()
    assert made[1].read_bytes() == RELATIONS_PATH.read_bytes()
    for path in made[2:]:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), path.name
