"""The layers of the package: graph/ (the model, ids, stores) at the bottom, loaders/ (the
pipeline) on it, queries/ on both, api/ on top; everything imported under the project's name,
so that nothing called `graph` or `api` lands in a user's environment."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["graph", "loaders", "queries", "api"]  # each may import only those before it
TOP = "directive_graph"


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.lineno, node.module))
    return out


def _python_files(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_the_layers_below_it(layer):
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    wrong = []
    for path in _python_files(layer):
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] == TOP and len(parts) > 1 and parts[1] not in allowed:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert not wrong, "\n".join(wrong)


def test_every_import_of_the_project_goes_through_its_name():
    wrong = []
    for path in _python_files(*LAYERS, "tests", "bench", "eval"):
        for line, module in _imports(path):
            if module.split(".")[0] in LAYERS:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module}")
    assert not wrong, "\n".join(wrong)


def test_only_the_project_name_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config["tool"]["setuptools"]["packages"]
    assert all(p.startswith(TOP + ".") for p in packages), packages
    mapped = config["tool"]["setuptools"]["package-dir"]
    assert {mapped[f"{TOP}.{layer}"] for layer in LAYERS} == set(LAYERS)
    for layer in LAYERS:  # every sub-package of a layer is installed
        for init in (ROOT / layer).rglob("__init__.py"):
            dotted = ".".join(init.parent.relative_to(ROOT).parts)
            assert f"{TOP}.{dotted}" in packages, dotted
