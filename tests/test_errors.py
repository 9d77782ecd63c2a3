"""One exception tree: every error of the project is a DirectiveGraphError that maps itself to
an exit code (the CLI, in one place) and to an HTTP problem (the service, in one handler)."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from directive_graph.api.main import create_app
from directive_graph.api.settings import Settings
from directive_graph.graph import errors
from directive_graph.graph.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "directive_graph.api.cli"]


def test_every_exception_class_of_the_project_is_in_the_tree():
    outside = []
    for folder in ("graph", "loaders", "queries", "api"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef) and any(
                    isinstance(b, ast.Name) and b.id.endswith(("Error", "Exception"))
                    for b in node.bases
                ):
                    module = ".".join(
                        ("directive_graph", *path.relative_to(ROOT).with_suffix("").parts)
                    )
                    cls = getattr(__import__(module, fromlist=[node.name]), node.name)
                    if not issubclass(cls, errors.DirectiveGraphError):
                        outside.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert not outside, outside


def test_the_tree_maps_itself():
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if issubclass(c, errors.DirectiveGraphError)]  # fmt: skip
    assert len(classes) >= 10
    for cls in classes:
        assert cls.__doc__, cls
        assert cls.exit_code in (2, 3) and 300 <= cls.status < 600 and cls.title
    assert errors.StoreError.status == 503 and errors.StoreError.exit_code == 3


def test_the_cli_prints_one_line_and_the_exit_code_of_the_error(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\x1f\x8b\x08\x00 not text")  # an input error: exit 2
    out = subprocess.run([*CLI, "extract", str(bad)], capture_output=True, text=True)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert str(bad) in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "graph.sqlite").write_bytes(b"this is not a database" * 100)
    out = subprocess.run(
        [*CLI, "stats", "--data", str(tmp_path / "d")], capture_output=True, text=True
    )
    assert out.returncode == 3 and len(out.stderr.strip().splitlines()) == 1, out.stderr  # store
    EmbeddedStore(tmp_path / "e")
    out = subprocess.run([*CLI, "sparql", "SELEC ?x WHERE {", "--data", str(tmp_path / "e")],
                         capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr


def test_the_service_answers_the_error_s_own_status(tmp_path):
    app = create_app(Settings(api_key=None), store=EmbeddedStore(tmp_path))
    with TestClient(app) as client:
        r = client.get("/directives/Kết luận 9999/tasks")  # UnresolvedReference: 404
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem")
        r = client.get("/export", params={"format": "json", "directive": "KL 21", "year": 2020})
        assert r.status_code in (400, 404) and r.json()["detail"]
