"""Bulk import into Neo4j through `neo4j-admin database import full`: the graph as CSV files.

`write_csv(nodes, edges, folder)` writes the graph `push` creates (graph/neo4j_store.py: one label
per node, the same properties, `_props`, `_sources`, a Document's `_touched_nodes` /
`_touched_edges`, each relationship's best evidence and `_evidence`) as CSV files with
neo4j-admin headers: `id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed properties
(`year:long`, `stated:boolean`, `confidence:double`, `aliases:string[]` ...). A property that
has values of several types under one label (a `number` that is text here, an integer there)
puts the nodes of each combination in a file of their own, so every value keeps its type.
Fields are separated by U+001D, quoted by U+001E, array elements by U+001F: characters no id,
text or JSON of the graph holds, so fields are written unquoted (a chunk whose counts show one
of them, or a line break, is quoted by the csv module; the files with line breaks are named in
`--multiline-fields`, the others are read at full speed). The relationships' file is written by
a forked process while this one writes the nodes'.

`import_command(files, ...)` is the exact command line; `bulk_import` writes the files, runs it
with the tool it finds (`find_admin`: `NEO4J_HOME/bin/neo4j-admin` of a distribution, or the
jars of the project's server, scripts/neo4j), for a first load of a stopped server. The
indexes and constraints (cypher.SCHEMA) are created when the server next runs: by
`create_schema`, or by any store that opens it (Neo4jStore runs the schema at open).
"""

from __future__ import annotations

import csv
import gc
import io
import os
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from directive_graph.graph.errors import ConfigError, StoreError
from directive_graph.graph.model import Edge, Label
from directive_graph.graph.neo4j_store import (
    _dumps,
    evidence_json,
    node_properties,
    touched_rows,
)

# Control characters as delimiters and quote: no id, text or JSON of the graph holds them, so
# fields need no quoting (checked chunk by chunk; a chunk that has one is quoted).
DELIMITER, DELIMITER_OPTION = "\x1d", "U+001D"
QUOTE, QUOTE_OPTION = "\x1e", "U+001E"
ARRAY_DELIMITER, ARRAY_DELIMITER_OPTION = "\x1f", "U+001F"
# Rows buffered before they go to the file (and are checked for line breaks).
_CHUNK = 20_000

_KINDS = {str: "string", bool: "boolean", int: "long", float: "double"}


class BulkImportError(StoreError):
    """The bulk import cannot run or failed; the message names the cause and the fix."""


@dataclass
class ImportFiles:
    """What `write_csv` wrote: the node and relationship files (with their headers), the files
    that have values with line breaks, and the counts."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)
    node_count: int = 0
    relationship_count: int = 0


def _kind(value) -> str | None:
    """The neo4j-admin type of a property value; None for a value not stored (null, [])."""
    kind = _KINDS.get(type(value))
    if kind is not None:
        return kind
    if type(value) is list and value:
        return _KINDS[type(value[0])] + "[]"
    return None


class _File:
    """One CSV file being written: rows of fields (strings) joined by DELIMITER, a chunk at a
    time. A chunk whose text holds a delimiter, a quote or a line break of its own (its counts
    tell) is written by the csv module instead, quoted (line breaks make a multiline file)."""

    def __init__(self, path: Path, header: list[str]):
        self.path = path
        self.out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115  # see close
        self.width = len(header)
        self.rows: list[list[str]] = []
        self.arrays = 0  # array delimiters the chunk's fields hold (elements - 1 per array)
        self.multiline = False
        self._write([header], 0)

    def add(self, fields: list[str], arrays: int = 0) -> None:
        self.rows.append(fields)
        self.arrays += arrays
        if len(self.rows) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self._write(self.rows, self.arrays)
        self.rows, self.arrays = [], 0

    def _write(self, rows: list[list[str]], arrays: int) -> None:
        text = "\n".join([DELIMITER.join(fields) for fields in rows]) + "\n"
        if (
            text.count("\n") == len(rows)
            and text.count(DELIMITER) == len(rows) * (self.width - 1)
            and text.count(ARRAY_DELIMITER) == arrays
            and QUOTE not in text
            and "\r" not in text
        ):
            self.out.write(text)
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER, quotechar=QUOTE, lineterminator="\n")
        writer.writerows(rows)
        text = buffer.getvalue()
        if text.count(ARRAY_DELIMITER) != arrays:
            raise BulkImportError(
                f"a value for {self.path.name} holds U+001F, the array delimiter of the import; "
                "remove the character from the graph, or push without --bulk"
            )
        if text.count("\n") != len(rows) or "\r" in text:
            self.multiline = True
        self.out.write(text)

    def close(self) -> None:
        self.flush()
        self.out.close()


def _string(kind: str):
    """How a property of `kind` is written in a field ("" for none: no property)."""
    if kind == "string":
        return lambda v: "" if v is None else v
    if kind == "boolean":
        return lambda v: "" if v is None else ("true" if v else "false")
    if kind == "double":
        return lambda v: "" if v is None else repr(float(v))
    if kind == "long":
        return lambda v: "" if v is None else str(v)
    if kind == "boolean[]":
        return lambda v: ARRAY_DELIMITER.join("true" if x else "false" for x in v) if v else ""
    if kind == "string[]":
        return lambda v: ARRAY_DELIMITER.join(v) if v else ""
    if kind == "double[]":
        return lambda v: ARRAY_DELIMITER.join(repr(float(x)) for x in v) if v else ""
    return lambda v: ARRAY_DELIMITER.join(map(str, v)) if v else ""


def _write_nodes(rows: list[tuple[str, str, dict]], folder: Path, result: ImportFiles) -> None:
    """Nodes (id, label, properties) in files of one header each: one file per label, or more
    when a property has values of several types under a label (each combination its own)."""
    shapes: dict[tuple, list[int]] = defaultdict(list)  # rows by label, keys, value types
    for i, (_, label, props) in enumerate(rows):
        shapes[(label, tuple(props), tuple(map(type, props.values())))].append(i)
    units: list[tuple[str, dict[str, str], list[int]]] = []  # (label, kinds, rows)
    for (label, keys, value_types), members in shapes.items():
        if all(t in _KINDS for t in value_types):
            kinds = {k: _KINDS[t] for k, t in zip(keys, value_types, strict=True)}
            units.append((label, kinds, members))
            continue
        by_kinds: dict[tuple, list[int]] = defaultdict(list)  # arrays: their elements' types
        for i in members:
            props = rows[i][2]
            found = ((k, _kind(v)) for k, v in props.items())
            by_kinds[tuple((k, t) for k, t in found if t is not None)].append(i)
        units += [(label, dict(kinds), rows_) for kinds, rows_ in by_kinds.items()]
    types: dict[tuple[str, str], set[str]] = defaultdict(set)
    for label, kinds, _ in units:
        for k, t in kinds.items():
            types[(label, k)].add(t)
    groups: dict[tuple, list[tuple[dict[str, str], list[int]]]] = defaultdict(list)
    for label, kinds, members in units:
        split = tuple(sorted((k, t) for k, t in kinds.items() if len(types[(label, k)]) > 1))
        groups[(label, split)].append((kinds, members))
    for n, ((label, split), parts) in enumerate(sorted(groups.items(), key=lambda g: g[0])):
        chosen = dict(split)
        columns: dict[str, str] = {}
        for kinds, _ in parts:
            for k, t in kinds.items():
                columns.setdefault(k, chosen.get(k, t))
        keys = sorted(columns)
        # fields are the values (strings) or ""; the others are converted after
        others = [(j, _string(columns[k])) for j, k in enumerate(keys) if columns[k] != "string"]
        arrays = [j for j, k in enumerate(keys) if columns[k].endswith("[]")]
        header = ["id:ID", ":LABEL", *(f"{k}:{columns[k]}" for k in keys)]
        out = _File(folder / f"nodes-{label}-{n}.csv", header)
        for _, members in parts:
            for i in members:
                node_id, _, props = rows[i]
                get = props.get
                values = [get(k, "") for k in keys]
                count = 0
                for j in arrays:
                    if values[j]:
                        count += len(values[j]) - 1
                for j, write in others:
                    if values[j] != "":
                        values[j] = write(values[j])
                out.add([node_id, label, *values], count)
        out.close()
        result.nodes.append(out.path)
        if out.multiline:
            result.multiline.append(out.path)


# The relationships' columns (edge_fields writes them); every relationship has the same ones.
EDGE_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "_evidence:string[]", "_props:string", "confidence:double",
    "document:string", "evidence_count:long", "note:string", "sentence:string",
    "stated:boolean", "words:string",
]  # fmt: skip


def edge_fields(e: Edge) -> tuple[list[str], int]:
    """A relationship as the fields of EDGE_HEADER (the properties `push --replace` gives it:
    the readable fields of its best evidence, `evidence_count`, `_evidence` in document order,
    `_props`; a confidence as a double) and the number of array delimiters they hold."""
    evidence = e.evidence
    props = _dumps(e.props) if e.props else ""
    if len(evidence) == 1:
        best = evidence[0]
        texts = evidence_json(best)
    elif not evidence:
        return [e.source, e.target, str(e.type), "", props, "", "", "0", "", "", "", ""], 0
    else:
        evidence = sorted(evidence, key=lambda ev: (ev.document, ev.start, ev.end, ev.text))
        best = min(
            evidence,
            key=lambda ev: (not ev.stated, -ev.confidence, ev.document, ev.start, ev.end, ev.text),
        )
        texts = ARRAY_DELIMITER.join([evidence_json(ev) for ev in evidence])
    fields = [
        e.source,
        e.target,
        str(e.type),
        texts,
        props,
        repr(float(best.confidence)),
        best.document,
        str(len(evidence)),
        best.note,
        best.sentence,
        "true" if best.stated else "false",
        best.text,
    ]
    return fields, len(evidence) - 1


def write_csv(nodes: Iterable[tuple], edges: list[Edge], folder: str | Path) -> ImportFiles:
    """Write `nodes` ((id, label, props, sources), as `dump` gives them) and `edges` into
    `folder` (created; CSV files of an earlier export there are deleted) as neo4j-admin CSV
    files: exactly the graph `push --replace` creates (module docstring)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles: the collector's passes cost half the time
    try:
        return _write_csv(list(nodes), edges, folder)
    finally:
        if collecting:
            gc.enable()


def _write_csv(nodes: list[tuple], edges: list[Edge], folder: Path) -> ImportFiles:
    """The relationships' file is written by a forked process while this one writes the nodes'
    (where fork is available: the two take the two cores), then both are checked."""
    result = ImportFiles(folder)
    path = folder / "relationships-0.csv"
    child = _fork_writer(edges, path)
    if child is None:
        multiline = _write_edges(edges, path)
    try:
        _write_all_nodes(nodes, edges, folder, result)
    except BaseException:
        if child is not None:
            child[0].terminate()  # the writer this call started
            child[0].join()
        raise
    if child is not None:
        process, pipe = child
        try:
            answer = pipe.recv()
        except EOFError:
            answer = ("error", f"the writer of {path} ended without an answer")
        process.join()
        if answer[0] == "error":
            raise BulkImportError(answer[1])
        multiline = bool(answer[1])
    result.relationships.append(path)
    if multiline:
        result.multiline.append(path)
    result.node_count, result.relationship_count = len(nodes), len(edges)
    return result


def _write_all_nodes(
    nodes: list[tuple], edges: list[Edge], folder: Path, result: ImportFiles
) -> None:
    touched = {r["id"]: r for r in touched_rows(nodes, edges)}
    rows: list[tuple[str, str, dict]] = []
    for node_id, label, props, sources in nodes:
        label = Label(label)
        properties = node_properties(node_id, label, props, sources)
        del properties["id"]  # the id:ID column
        if label is Label.DOCUMENT:
            t = touched[node_id]
            properties["_touched_nodes"] = t["nodes"]
            properties["_touched_edges"] = t["edges"]
        rows.append((node_id, label.value, properties))
    _write_nodes(rows, folder, result)


def _write_edges(edges: list[Edge], path: Path) -> bool:
    """The relationships' file; whether it has line breaks in values."""
    out = _File(path, EDGE_HEADER)
    for e in edges:
        out.add(*edge_fields(e))
    out.close()
    return out.multiline


def _fork_writer(edges: list[Edge], path: Path):
    """(process, pipe) writing the relationships' file in a forked copy of this process (the
    edges are shared, not copied), or None where fork is unavailable."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        try:
            send.send(("ok", _write_edges(edges, path)))
        except Exception as e:  # reported to the parent, which raises it
            send.send(("error", str(e)))

    process = context.Process(target=run, daemon=True)
    process.start()
    send.close()
    return process, receive


def import_arguments(
    files: ImportFiles, database: str = "neo4j", overwrite: bool = False
) -> list[str]:
    """The arguments of `neo4j-admin` that import `files` into `database`."""
    args = ["database", "import", "full", database]
    if overwrite:
        args.append("--overwrite-destination")
    args.append(f"--delimiter={DELIMITER_OPTION}")
    args.append(f"--quote={QUOTE_OPTION}")
    args.append(f"--array-delimiter={ARRAY_DELIMITER_OPTION}")
    args += [f"--nodes={p}" for p in files.nodes]
    args += [f"--relationships={p}" for p in files.relationships]
    if files.multiline:
        args += [
            "--multiline-fields-format=v2",
            "--multiline-fields=" + ",".join(str(p) for p in files.multiline),
        ]
    return args


def import_command(files: ImportFiles, database: str = "neo4j", overwrite: bool = False) -> str:
    """The command line to run by hand (a stopped server, `neo4j-admin` of its distribution)."""
    import shlex

    args = ["neo4j-admin", *import_arguments(files, database, overwrite)]
    return " ".join(shlex.quote(a) for a in args)


# --- finding the import tool and the store -----------------------------------------------------


def project_state() -> Path:
    """The state dir of the project's server (scripts/neo4j): $DG_NEO4J_HOME or its default."""
    home = os.environ.get("DG_NEO4J_HOME")
    return Path(home) if home else Path.home() / ".cache/directive-graph/neo4j"


@dataclass
class AdminTool:
    """How to run neo4j-admin for one Neo4j home: the command's first words and its
    environment; `home` holds the store (data/databases/<name>); `pid_file` tells whether its
    server runs."""

    command: list[str]
    env: dict[str, str]
    home: Path
    pid_file: Path | None
    where: str

    def data_dir(self) -> Path:
        conf = self.home / "conf" / "neo4j.conf"
        if conf.is_file():
            for line in conf.read_text(encoding="utf-8", errors="replace").splitlines():
                key, _, value = line.partition("=")
                if key.strip() == "server.directories.data" and value.strip():
                    path = Path(value.strip())
                    return path if path.is_absolute() else self.home / path
        return self.home / "data"


def find_admin(neo4j_home: str | Path | None = None) -> AdminTool:
    """The import tool and the store it writes: `neo4j_home` (else $NEO4J_HOME) when it is a
    distribution (bin/neo4j-admin), else the project's server (scripts/neo4j: its jars, its
    store in $DG_NEO4J_HOME/server, or `neo4j_home` when given). Raises BulkImportError naming
    the fix when neither is there."""
    given = neo4j_home or os.environ.get("NEO4J_HOME")
    home = Path(given) if given else None
    if home is not None and (home / "bin" / "neo4j-admin").is_file():
        env = {**os.environ, "NEO4J_HOME": str(home)}
        return AdminTool(
            [str(home / "bin" / "neo4j-admin")],
            env,
            home,
            home / "run" / "neo4j.pid",
            f"{home}/bin/neo4j-admin",
        )
    state = project_state()
    server_home = home or state / "server"
    classpath = _project_classpath(state)
    java = _java()
    env = {
        **os.environ,
        "NEO4J_HOME": str(server_home),
        "NEO4J_CONF": str(server_home / "conf"),
    }
    # the JVM options of the distribution's bin/neo4j-admin
    command = [java, "-XX:+UseParallelGC", "-XX:-OmitStackTraceInFastThrow", "-Xss2m"]
    command += ["-XX:+UnlockExperimentalVMOptions", "-XX:+TrustFinalNonStaticFields"]
    command += ["-XX:+DisableExplicitGC", "-Djdk.nio.maxCachedBufferSize=1024"]
    command += ["--add-opens=java.base/java.nio=ALL-UNNAMED"]
    command += ["--add-opens=java.base/java.io=ALL-UNNAMED"]
    command += ["--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"]
    command += ["-cp", classpath, "org.neo4j.cli.AdminTool"]
    pid = state / "neo4j.pid" if home is None or server_home == state / "server" else None
    return AdminTool(command, env, server_home, pid, f"the project's jars ({state}/build)")


def _project_classpath(state: Path) -> str:
    builds = sorted(
        (p for p in (state / "build").glob("*/classpath.txt") if (p.parent / "OK").is_file()),
        key=lambda p: p.stat().st_mtime,
    )
    for path in reversed(builds):
        jars = path.read_text(encoding="utf-8").strip().split(":")
        if any("neo4j-import-tool" in j for j in jars) and all(Path(j).is_file() for j in jars):
            return ":".join([str(path.parent / "target" / "classes"), *jars])
    raise BulkImportError(
        f"no neo4j-admin found: set NEO4J_HOME to a Neo4j 5 distribution (with bin/neo4j-admin) "
        f"or build the project's server jars in {state} with scripts/neo4j build"
    )


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if not java:
        raise BulkImportError("no java found for neo4j-admin: install Java 17 or set JAVA_HOME")
    return java


def _running(pid_file: Path | None) -> int | None:
    if pid_file is None or not pid_file.is_file():
        return None
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError):
        return None
    return pid


def run_import(
    tool: AdminTool, files: ImportFiles, database: str = "neo4j", replace: bool = False
) -> None:
    """Run neo4j-admin's import of `files` into `database` of `tool.home`. Refuses (one line,
    naming the fix) while its server runs, and, unless `replace`, when the database exists."""
    if database != "neo4j":
        raise ConfigError(
            f"database {database!r}: Community edition imports into `neo4j` only; "
            "unset NEO4J_DATABASE or set it to neo4j"
        )
    pid = _running(tool.pid_file)
    if pid is not None:
        raise BulkImportError(
            f"the Neo4j server of {tool.home} runs (pid {pid}): the import needs it stopped; "
            "stop it (scripts/neo4j stop, or bin/neo4j stop) and run again"
        )
    target = tool.data_dir() / "databases" / database
    if target.exists() and not replace:
        raise BulkImportError(
            f"database {database} already exists in {tool.data_dir()}: the bulk import is for a "
            "first load; pass --replace to overwrite it (its graph is lost), or push without --bulk"
        )
    tool.home.mkdir(parents=True, exist_ok=True)  # a server's first start uses it as it is
    report = files.folder / "import.report"
    args = [*tool.command, *import_arguments(files, database, overwrite=replace)]
    args.append(f"--report-file={report}")
    done = subprocess.run(args, env=tool.env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        why = " ".join(lines[-1].split()) if lines else f"exit code {done.returncode}"
        raise BulkImportError(
            f"neo4j-admin import into {tool.home} failed: {why} (the full output: run "
            f"{import_command(files, database, replace)!r} by hand; report {report})"
        )


def create_schema(store) -> None:
    """Create the store's indexes and constraints (cypher.SCHEMA) and wait until they are
    online: what Neo4jStore does at open, made explicit for an imported database."""
    store._run_schema()
    store.driver.execute_query("CALL db.awaitIndexes(300)")


def bulk_import(
    nodes: Iterable[tuple],
    edges: list[Edge],
    folder: str | Path,
    neo4j_home: str | Path | None = None,
    database: str = "neo4j",
    replace: bool = False,
) -> dict:
    """Write the CSV files into `folder` and import them into a stopped Neo4j (`find_admin`):
    a first load (`replace` overwrites an existing database). Returns counts and seconds."""
    tool = find_admin(neo4j_home)
    pid = _running(tool.pid_file)
    if pid is not None:  # before writing anything
        run_import(tool, ImportFiles(Path(folder)), database, replace)
    t0 = time.perf_counter()
    files = write_csv(nodes, edges, folder)
    t1 = time.perf_counter()
    run_import(tool, files, database, replace)
    t2 = time.perf_counter()
    return {
        "nodes": files.node_count,
        "edges": files.relationship_count,
        "csv_seconds": t1 - t0,
        "import_seconds": t2 - t1,
        "home": str(tool.home),
        "tool": tool.where,
    }
