"""The catalogue of named questions, answered identically by every store, and the Python API.

The few calls a program needs, each with the project's defaults (the shipped registry):

- `open_store(data=None, neo4j=None)`: the embedded store in `data` (created if missing), or
  the Neo4j server at `neo4j`;
- `load(store, *paths, exclude=())`: texts, folders, registries and exports into the store;
- `extract_citations(text)`: every citation of a text, with its fields and exact span;
- `resolve_reference(store, ref)`: the directive "NQ 18" or "Kết luận số 21-KL/TW" names;
- `tasks_implementing(store, directive_id)`: the tasks that carry a directive out, with evidence;
- `status(store, directive_id, on=None)`: in force, amended, replaced or repealed, and by what;
- `lineage(store, body)`: the bodies that now make up a body, with their directives;
- `QUERIES` and `run_query(store, name, args)`: every named question of the catalogue.

>>> import tempfile, pathlib
>>> from directive_graph.queries import open_store, load, resolve_reference, tasks_implementing
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "kh.txt").write_text(
...     "TỈNH ỦY X\\nSố 12-KH/TU\\nX, ngày 02 tháng 3 năm 2022\\n\\nKẾ HOẠCH\\nThực hiện Kết luận "
...     "số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương\\n\\nII. NHIỆM VỤ\\n"
...     "1. Tổ chức quán triệt Kết luận số 21-KL/TW đến cán bộ, đảng viên; quý II/2022.\\n"
...     "2. Các huyện ủy xây dựng kế hoạch cụ thể để triển khai.\\n", encoding="utf-8")
>>> store = open_store(folder / "data")
>>> load(store, folder / "kh.txt").documents_read
1
>>> kl21 = resolve_reference(store, "KL 21").id
>>> kl21
'21-kl-tw-2021'
>>> [(r["task"]["ordinal"], r["link"]["how"]) for r in tasks_implementing(store, kl21)]
[('II.1', 'stated'), ('II.2', 'inherited')]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from directive_graph.graph.registry import Registry
from directive_graph.graph.store import GraphStore
from directive_graph.graph.stores import open_store as _open_store
from directive_graph.loaders.citations import extract_citations
from directive_graph.loaders.load import LoadReport, load_paths
from directive_graph.queries import lookup
from directive_graph.queries.catalogue import (
    QUERIES,
    implementation_chain,
    lineage,
    run_query,
    tasks_implementing,
)
from directive_graph.queries.status import status


def open_store(data: str | Path | None = None, neo4j: str | None = None) -> GraphStore:
    """The embedded store in `data` (created if missing; default $DIRECTIVE_GRAPH_DATA or
    ./data), or the Neo4j server at `neo4j` (a bolt:// URI; user and password from
    $NEO4J_USER and $NEO4J_PASSWORD)."""
    return _open_store(str(data) if data is not None else None, neo4j, create=True)


def load(store: GraphStore, *paths: str | Path, exclude: Iterable[str] = ()) -> LoadReport:
    """Load texts, folders, registry files and exports into `store` (idempotent: an unchanged
    file is skipped); the report counts what was read, written and left unresolved."""
    return load_paths(paths, store, Registry.load(), exclude=exclude)


def resolve_reference(store: GraphStore, ref: str, year: int | None = None) -> lookup.Resolution:
    """How the graph and the shipped registry read a reference as typed ("NQ 18", "18-NQ/TW",
    "Nghị quyết 18 về sắp xếp bộ máy"): found (`id`), ambiguous (`candidates`) or unknown."""
    return lookup.resolve_reference(store, Registry.load(), ref, year=year)


__all__ = [
    "QUERIES",
    "extract_citations",
    "implementation_chain",
    "lineage",
    "load",
    "open_store",
    "resolve_reference",
    "run_query",
    "status",
    "tasks_implementing",
]
