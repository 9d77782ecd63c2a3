"""The embedded store: the graph in one SQLite file (the standard library's sqlite3), nothing to
install.

Data directory: `--data DIR`, else $DIRECTIVE_GRAPH_DATA, else `./data`; the file is
`DIR/graph.sqlite`, in WAL mode; its tables are described in `graph.embedded_schema`.

Any number of processes read and write one data directory at once (the CLI, the service, a
second CLI): each document is one transaction (BEGIN IMMEDIATE ... COMMIT), or, for a load,
one savepoint in a transaction of the documents of at most 50 ms (`_Session.grouped`), so
readers see a document whole or not at all; writers take turns (SQLite's lock, asked for every
millisecond up to `BUSY_SECONDS` by `begin_write`; a loader pauses after each group so that a
waiting writer gets in), and a crash at any moment leaves the last committed state. Every
thread gets its own connection. A data directory of an earlier version (`graph.json`) is
migrated once, with a message; networkx stays the library for graph work on views of the part
that is needed (`GraphStore.view`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from directive_graph.graph import embedded_writes as writes
from directive_graph.graph.embedded_schema import (
    EVIDENCE_JOINS,
    INDEX_NAMES,
    INDEXES,
    LINK_COLUMNS,
    LINK_SELECT,
    TABLES,
    Codes,
    edges_of_rows,
)
from directive_graph.graph.errors import NoGraph, StoreError
from directive_graph.graph.model import Edge, EdgeType, Evidence, Label, Node, NodeRow
from directive_graph.graph.store import (
    FORMAT_VERSION,
    ApplyResult,
    Batch,
    GraphStore,
    WriteSession,
    stats_of,
)

ENV_DATA = "DIRECTIVE_GRAPH_DATA"
FILE_NAME = "graph.sqlite"
LEGACY_FILE = "graph.json"
BUSY_SECONDS = 60  # how long a writer waits for another's transaction


# The nodes upstream of a directive (:id) by IMPLEMENTS links whose sources are directives or
# documents (`reach`): the directive and, when :transitive, every plan with a chain to it;
# `open` marks the nodes whose implementers are followed (the directive, and all but documents).
UPSTREAM = """WITH RECURSIVE up(n, open) AS (
    SELECT n, 1 FROM nodes WHERE id = :id
    UNION
    SELECT l.source, s.label != :document FROM up
    JOIN links l ON l.target = up.n AND l.type = :implements
    JOIN nodes s ON s.n = l.source AND s.label IN (:directive, :document)
    WHERE up.open AND :transitive
), reach(n, open) AS (SELECT n, max(open) FROM up GROUP BY n)"""
# The IMPLEMENTS links among them, into the open ones (a: the source), after a SELECT list
IMPLEMENTING = (
    " FROM reach u CROSS JOIN links l ON l.target = u.n AND l.type = :implements "
    "CROSS JOIN nodes a ON a.n = l.source AND a.label IN (:directive, :document){joins} "
    "WHERE u.open AND :transitive"
)
# `tasks_implementing_raw` in one query, rows of (part, four columns, LINK_COLUMNS):
# 0: the directive's n; 1: the IMPLEMENTS links upstream (source n, id, label, target n);
# 2: the links (IMPLEMENTS, REVIEWS) of tasks to any node upstream (the task's props, label);
# 3: the HAS_TASK links of the plans' documents (the plan's id, the task's props, label): a
# plan's documents are those of IS_DIRECTIVE links to it, and the plan itself when it is a
# Document; the directive's own document is not one (its tasks implement it when they say so).
TASKS_IMPLEMENTING = f"""{UPSTREAM}, docs(plan, doc) AS (
    SELECT l.target, l.source FROM reach u
    JOIN links l ON l.target = u.n AND l.type = :is_directive
    WHERE u.n != (SELECT n FROM nodes WHERE id = :id)
    UNION
    SELECT u.n, u.n FROM reach u JOIN nodes p ON p.n = u.n
    WHERE p.id GLOB 'doc-*' AND p.id != :id
)
SELECT 0, n, NULL, NULL, NULL, {", ".join(["NULL"] * 12)} FROM nodes WHERE id = :id
UNION ALL
SELECT 1, a.n, a.id, a.label, l.target, {LINK_COLUMNS}{
    IMPLEMENTING.format(joins=" JOIN nodes b ON b.n = l.target" + EVIDENCE_JOINS)
}
UNION ALL
SELECT 2, a.props, a.label, NULL, NULL, {LINK_COLUMNS} FROM reach u
    CROSS JOIN links l ON l.target = u.n AND l.type IN (:implements, :reviews)
    CROSS JOIN nodes a ON a.n = l.source AND a.id GLOB 'task-*'
    JOIN nodes b ON b.n = l.target{EVIDENCE_JOINS}
UNION ALL
SELECT 3, p.id, b.props, b.label, NULL, {LINK_COLUMNS} FROM docs x
    CROSS JOIN nodes p ON p.n = x.plan
    CROSS JOIN links l ON l.source = x.doc AND l.type = :has_task
    JOIN nodes a ON a.n = l.source JOIN nodes b ON b.n = l.target{EVIDENCE_JOINS}"""


def begin_write(db: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting up to BUSY_SECONDS for another writer's transaction by asking
    every millisecond (then every 10 ms after a second). SQLite's own wait sleeps longer and
    longer between tries (up to 100 ms), and a loader that commits and begins again at once
    would keep a waiting writer out for seconds; this one takes the first free moment.
    Raises what SQLite raises ("database is locked") once the time is up."""
    deadline = time.monotonic() + BUSY_SECONDS
    started = time.monotonic()
    db.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                now = time.monotonic()
                if "locked" not in str(e) or now >= deadline:
                    raise
                time.sleep(0.001 if now - started < 1 else 0.01)
    finally:
        db.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")


WAL_PAGES = 256  # pages of write-ahead log before a commit copies them into the file
BULK_ROWS = 200_000  # rows per transaction of a bulk write
MMAP_BYTES = 256 << 20  # of the file a connection reads as memory (the page cache's pages)


def default_data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA) or "data")


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


class EmbeddedStore(GraphStore):
    """The graph in `DIR/graph.sqlite`.

    >>> import tempfile; store = EmbeddedStore(tempfile.mkdtemp())
    >>> store.describe().startswith("the embedded store in ")
    True
    """

    local_reads = True  # SQLite's file, read through the page cache

    def __init__(self, data_dir: str | Path | None = None, create: bool = True):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self._file = self.data_dir / FILE_NAME
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._watch: sqlite3.Connection | None = None  # data_version's own connection
        self._watch_lock = threading.Lock()
        self._writes = 0  # write transactions this object committed
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(
                f"{self.data_dir}: not a directory; give --data a folder (it is created if it "
                "does not exist)"
            )
        if not create and not self._file.exists() and not (self.data_dir / LEGACY_FILE).exists():
            raise NoGraph(
                f"{self.data_dir}: no graph here (no {FILE_NAME}); load texts into it first "
                f"(directive-graph load PATH --data {self.data_dir}), or give the right --data"
            )
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"{self.data_dir}: cannot create the data directory ({e.strerror}); give --data "
                "a folder you may write to"
            ) from e
        self._setup()

    # --- connections ------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(
                    self._file, timeout=BUSY_SECONDS, isolation_level=None,
                    check_same_thread=False,
                )  # fmt: skip
                db.execute("PRAGMA page_size=16384")  # before the file exists: fewer, fuller pages
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA temp_store=MEMORY")
                db.execute("PRAGMA cache_size=-32000")
                db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # reads without a copy per page
                db.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")  # 4 MB: short checkpoints
            except sqlite3.Error as e:
                raise self._error("cannot open", e) from e
            self._local.db = db
            with self._guard:
                self._connections.append(db)
        return db

    def _error(self, what: str, e: Exception) -> StoreError:
        hint = "restore it from a backup (see README: Backups) or load the documents again"
        text = str(e)
        if "disk" in text and "full" in text:
            hint = "free disk space, then run the command again (nothing was lost)"
        elif "readonly" in text or "read-only" in text or "permission" in text.lower():
            hint = "make the data directory writable, or give another --data"
        elif not os.access(self._file.parent, os.W_OK) or _read_only_fs(self._file.parent):
            hint = ("the data directory is read-only: make it writable (the store writes its "
                    "journal even to read), or copy it somewhere writable")  # fmt: skip
        elif "locked" in text or "busy" in text:
            hint = "another program holds the store too long; try again"
        return StoreError(f"{self._file}: {what} ({text}); {hint}")

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        db = self._db()
        try:
            begin_write(db) if write else db.execute("BEGIN")
        except sqlite3.Error as e:
            raise self._error("cannot start a transaction", e) from e
        try:
            yield db
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        else:
            try:
                db.execute("COMMIT")
            except sqlite3.Error as e:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise self._error("cannot commit", e) from e
            finally:
                if write:
                    self._writes += 1

    def _read(self, sql: str, params: Iterable | dict = ()) -> list[tuple]:
        try:
            bound = params if isinstance(params, dict) else tuple(params)
            return self._db().execute(sql, bound).fetchall()
        except sqlite3.DatabaseError as e:
            raise self._error("cannot read", e) from e

    def _setup(self) -> None:
        try:
            with self._transaction(write=True) as db:
                for statement in (*TABLES, *INDEXES):
                    db.execute(statement)
                row = db.execute("SELECT value FROM meta WHERE key = 'format_version'").fetchone()
                if row is None:
                    db.execute(
                        "INSERT INTO meta VALUES ('format_version', ?)", (str(FORMAT_VERSION),)
                    )
                elif row[0] != str(FORMAT_VERSION):
                    raise StoreError(
                        f"{self._file}: format version {row[0]}, this program reads "
                        f"{FORMAT_VERSION}; use a matching directive-graph version or load the "
                        "documents again into a new data directory"
                    )
                self._codes = Codes(db)
        except sqlite3.DatabaseError as e:
            raise self._error("is not a graph this program can read", e) from e
        legacy = self.data_dir / LEGACY_FILE
        if legacy.exists():
            self._migrate(legacy)

    def _migrate(self, legacy: Path) -> None:
        """Read a data directory of the JSON format once into SQLite (then keep the JSON file
        aside as graph.json.migrated)."""
        print(
            f"{self.data_dir}: migrating {LEGACY_FILE} (an earlier format) into {FILE_NAME} ...",
            file=sys.stderr,
        )
        try:
            data = json.loads(legacy.read_bytes())
        except (OSError, json.JSONDecodeError) as e:
            raise StoreError(
                f"{legacy}: cannot read the earlier graph ({e}); move it away and load the "
                "documents again"
            ) from e
        if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
            raise StoreError(f"{legacy}: not a graph of this program; move it away")
        nodes = [
            NodeRow(n["id"], Label(n["label"]), n.get("props", {}), n.get("sources", {}))
            for n in data["nodes"]
        ]
        edges = [
            Edge(
                lk["source"], lk["target"], EdgeType(lk["key"]),
                [Evidence(**ev) for ev in lk.get("evidence", [])], lk.get("props", {}),
            )
            for lk in data.get("links", [])
        ]  # fmt: skip
        with self.session() as s:
            s.bulk_write(nodes, edges)
        legacy.rename(legacy.with_name(LEGACY_FILE + ".migrated"))
        print(
            f"{self.data_dir}: migrated {len(nodes)} nodes and {len(edges)} edges", file=sys.stderr
        )

    def close(self) -> None:
        with self._guard:
            for db in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    db.close()
            self._connections.clear()
        with self._watch_lock:
            if self._watch is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._watch.close()
                self._watch = None
        self._local = threading.local()

    def data_version(self) -> object | None:
        """(SQLite's `PRAGMA data_version` on a connection of its own that never writes, this
        object's count of write transactions): the first changes when any other connection,
        of this process or another, commits to the file. A few microseconds; None when the file
        cannot be read at once (then nothing is cached)."""
        with self._watch_lock:
            try:
                if self._watch is None:
                    self._watch = sqlite3.connect(
                        self._file, timeout=0.05, isolation_level=None, check_same_thread=False
                    )
                (version,) = self._watch.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                return None
        return (version, self._writes)

    def describe(self) -> str:
        return f"the embedded store in {self.data_dir}"

    def clear(self) -> None:
        with self._transaction(write=True) as db:
            for table in ("nodes", "sources", "issuers", "links", "sentences", "documents"):
                db.execute(f"DELETE FROM {table}")

    def backup(self, destination: str | Path) -> Path:
        """An online copy of the store (SQLite's backup API): consistent while others write.
        Restore: stop the programs using the store, copy the file to DATA/graph.sqlite."""
        dest = Path(destination)
        if dest.is_dir():
            dest = dest / FILE_NAME
        try:
            target = sqlite3.connect(dest)
            with target:
                self._db().backup(target)
            target.close()
        except sqlite3.Error as e:
            raise StoreError(f"{dest}: cannot write the backup ({e}); choose another place") from e
        return dest

    # --- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self) -> Iterator[WriteSession]:
        yield _Session(self)

    # --- reading ----------------------------------------------------------------------------

    def _node(self, row: tuple) -> Node:
        return Node(row[0], self._codes.label(row[1]), json.loads(row[2]))

    def node(self, node_id: str) -> Node | None:
        rows = self._read("SELECT id, label, props FROM nodes WHERE id = ?", (node_id,))
        return self._node(rows[0]) if rows else None

    def nodes(self, label: Label | None = None) -> list[Node]:
        if label is None:
            rows = self._read("SELECT id, label, props FROM nodes")
        else:
            rows = self._read(
                "SELECT id, label, props FROM nodes WHERE label = ?", (self._codes.of[label],)
            )
        return [self._node(r) for r in rows]

    def nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for chunk in writes.chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            for r in self._read(f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk):
                out[r[0]] = self._node(r)
        return out

    def edges(self, source=None, target=None, types=None) -> list[Edge]:
        where, params = [], []
        if source is not None:
            where.append("l.source = (SELECT n FROM nodes WHERE id = ?)")
            params.append(source)
        if target is not None:
            where.append("l.target = (SELECT n FROM nodes WHERE id = ?)")
            params.append(target)
        if types:
            where.append(f"l.type IN ({','.join('?' * len(types))})")
            params.extend(self._codes.of[str(t)] for t in types)
        sql = LINK_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        return edges_of_rows(self._read(sql, params), self._codes)

    def directives_with(self, code=None, kind=None, number=None) -> list[Node]:
        label = self._codes.of[Label.DIRECTIVE]
        if code is not None:
            rows = self._read(
                "SELECT id, label, props FROM nodes WHERE code = ? AND label = ?",
                (code.upper(), label),
            )
        else:
            rows = self._read(
                "SELECT id, label, props FROM nodes WHERE kind = ? AND number = ? AND label = ?",
                (kind, number, label),
            )
        nodes = [self._node(r) for r in rows]
        return sorted(
            (n for n in nodes if (kind is None or n.props.get("kind") == kind)
             and (number is None or n.props.get("number") == number)),
            key=lambda n: n.id,
        )  # fmt: skip

    def directives_matching(
        self, kind=None, year=None, term=None, issuer=None, after=None, limit=None
    ) -> list[Node]:
        where, params = ["n.label = ?"], [self._codes.of[Label.DIRECTIVE]]
        if issuer:  # the issuers table is in (issuer, year, id) order: a page is a range
            sql = "SELECT n.id, n.label, n.props FROM issuers i JOIN nodes n ON n.id = i.id"
            where.append("i.issuer = ?")
            params.append(issuer)
            if year:
                where.append("i.year = ?")
                params.append(int(year))
            order = "i.id"
        else:
            sql = "SELECT n.id, n.label, n.props FROM nodes n"
            if year:
                where.append("n.year = ?")
                params.append(int(year))
            order = "n.id"
        if kind:
            where.append("n.kind = ?")
            params.append(kind)
        if term:
            where.append("n.term = ?")
            params.append(term.upper())
        if after is not None:
            where.append(f"{order} > ?")
            params.append(after)
        sql += f" WHERE {' AND '.join(where)} ORDER BY {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [self._node(r) for r in self._read(sql, params)]

    def implementers(self, directive_id: str) -> dict[str, list[str]]:
        """Every plan (a Directive, or a Document with no number) with an IMPLEMENTS chain to
        the directive, with the shortest path (the smallest ids among the shortest): one query
        for the links upstream (`UPSTREAM`), breadth first over them (`_shortest_paths`)."""
        rows = self._read(
            UPSTREAM + " SELECT 0, n, NULL, NULL, NULL FROM nodes WHERE id = :id UNION ALL "
            "SELECT DISTINCT 1, a.n, a.id, a.label, l.target" + IMPLEMENTING.format(joins=""),
            self._upstream_params(directive_id, True),
        )
        return self._shortest_paths(directive_id, rows)

    def _upstream_params(self, directive_id: str, transitive: bool) -> dict:
        c = self._codes.of
        return {
            "id": directive_id, "transitive": 1 if transitive else 0,
            "implements": c[EdgeType.IMPLEMENTS], "reviews": c[EdgeType.REVIEWS],
            "is_directive": c[EdgeType.IS_DIRECTIVE], "has_task": c[EdgeType.HAS_TASK],
            "directive": c[Label.DIRECTIVE], "document": c[Label.DOCUMENT],
        }  # fmt: skip

    def _shortest_paths(self, directive_id: str, rows: Iterable[tuple]) -> dict[str, list[str]]:
        """Breadth first from the directive (the row (0, its n)) over the IMPLEMENTS links
        (1, source n, source id, source label, target n): each source with the shortest path
        to the directive, the smallest ids among the shortest; a Document's implementers are
        not followed. {directive_id: [directive_id]} when the graph does not hold it."""
        seed = None
        into: dict[int, list[list]] = defaultdict(list)
        for part, *row in rows:
            if part == 0:
                seed = row[0]
            else:
                into[row[3]].append(row)
        if seed is None:
            return {directive_id: [directive_id]}
        document = self._codes.of[Label.DOCUMENT]
        paths = {seed: [directive_id]}
        level = [seed]
        while level:
            found: dict[int, list[str]] = {}
            labels: dict[int, int] = {}
            for target in level:
                for source, source_id, label, _ in into.get(target, ()):
                    if source in paths:
                        continue
                    path = [source_id, *paths[target]]
                    if source not in found or path < found[source]:
                        found[source] = path
                        labels[source] = label
            paths.update(found)
            level = sorted(n for n in found if labels[n] != document)
        return {path[0]: path for path in paths.values()}

    def tasks_implementing_raw(self, directive_id: str, transitive: bool) -> tuple:
        """What `GraphStore.tasks_implementing_raw` gives, in one query (`TASKS_IMPLEMENTING`)."""
        label = self._codes.label
        upstream: list[tuple] = []  # parts 0 and 1
        hop_rows, link_rows = [], []
        own_rows: dict[str, list[tuple]] = defaultdict(list)
        tasks: dict[str, Node] = {}
        for row in self._read(TASKS_IMPLEMENTING, self._upstream_params(directive_id, transitive)):
            part = row[0]
            if part < 2:
                upstream.append(row[:5])
                if part:
                    hop_rows.append(row[5:])
                continue
            if part == 2:
                link_rows.append(row[5:])
                task = row[5]  # the link's source
            else:
                own_rows[row[1]].append(row[5:])
                task = row[7]  # the HAS_TASK link's target
            if task not in tasks:
                tasks[task] = Node(task, label(row[3] if part == 3 else row[2]),
                                   json.loads(row[2] if part == 3 else row[1]))  # fmt: skip
        paths = self._shortest_paths(directive_id, upstream)
        hops = {}
        for e in edges_of_rows(hop_rows, self._codes):
            path = paths.get(e.source)
            if path is not None and len(path) > 1 and path[1] == e.target:
                hops[e.source] = e  # the plan's link on its path, whose evidence its tasks inherit
        links = edges_of_rows(link_rows, self._codes)
        own = [
            (plan, has)
            for plan in sorted(own_rows)
            for has in edges_of_rows(own_rows[plan], self._codes)
        ]
        return paths, links, own, tasks, hops

    def unimplemented_directives(self, include_inferred: bool) -> list[Node]:
        c = self._codes.of
        implements, reviews = c[EdgeType.IMPLEMENTS], c[EdgeType.REVIEWS]
        has_task, is_directive = c[EdgeType.HAS_TASK], c[EdgeType.IS_DIRECTIVE]
        rows = self._read(
            """WITH RECURSIVE seed(n) AS (
                 SELECT l.target FROM links l JOIN nodes t ON t.n = l.source AND t.label = :task
                 WHERE l.type IN (:implements, :reviews) AND (:inferred OR l.stated)
                 UNION
                 SELECT l.target FROM links l
                 WHERE l.type = :implements AND (
                   EXISTS (SELECT 1 FROM links d JOIN links h ON h.source = d.source
                           WHERE d.type = :is_directive AND d.target = l.source
                             AND h.type = :has_task)
                   OR EXISTS (SELECT 1 FROM links h WHERE h.source = l.source
                              AND h.type = :has_task))
               ), reach(n) AS (
                 SELECT n FROM seed
                 UNION
                 SELECT l.target FROM links l JOIN reach r ON l.source = r.n
                 WHERE l.type = :implements
               )
               SELECT id, label, props FROM nodes
               WHERE label = :directive AND n NOT IN (SELECT n FROM reach)""",
            {
                "task": c[Label.TASK], "directive": c[Label.DIRECTIVE],
                "implements": implements, "reviews": reviews, "has_task": has_task,
                "is_directive": is_directive, "inferred": 1 if include_inferred else 0,
            },
        )  # fmt: skip
        return [self._node(r) for r in rows]

    def stats(self) -> dict:
        name = self._codes.name
        with self._transaction(write=False) as db:
            by_label = {
                name[k]: v for k, v in db.execute("SELECT label, count(*) FROM nodes GROUP BY 1")
            }
            by_type = {
                name[k]: v
                for k, v in db.execute(
                    "SELECT type, count(*) FROM (SELECT DISTINCT source, type, target FROM links) "
                    "GROUP BY 1"
                )
            }
            directive = self._codes.of[Label.DIRECTIVE]
            by_kind = dict(db.execute(
                "SELECT coalesce(kind, '?'), count(*) FROM nodes WHERE label = ? GROUP BY 1",
                (directive,)))  # fmt: skip
            by_issuer = dict(db.execute(
                "SELECT coalesce(json_extract(props, '$.issuer'), '?'), count(*) FROM nodes "
                "WHERE label = ? GROUP BY 1", (directive,)))  # fmt: skip
            by_year = dict(db.execute(
                "SELECT coalesce(CAST(year AS TEXT), '?'), count(*) FROM nodes "
                "WHERE label = ? GROUP BY 1", (directive,)))  # fmt: skip
            (unresolved,) = db.execute(
                "SELECT coalesce(sum(json_array_length(props, '$.unresolved')), 0) FROM nodes "
                "WHERE label = ?",
                (self._codes.of[Label.DOCUMENT],),
            ).fetchone()
        return stats_of(by_label, by_type, by_kind, by_issuer, by_year, unresolved)

    def dump(self) -> tuple[list[NodeRow], list[Edge]]:
        with self._transaction(write=False) as db:
            nodes = []
            rows = db.execute("SELECT n, id, label, props FROM nodes").fetchall()
            sources: dict[int, list[tuple]] = defaultdict(list)
            for node, document, rest, facts in db.execute(
                "SELECT s.node, d.id, s.source, s.facts FROM sources s "
                "LEFT JOIN documents d ON d.n = s.document"
            ):
                sources[node].append(((document or "") + rest, facts))
            for n, node_id, label, props_json in rows:
                props = json.loads(props_json)
                facts = {s: json.loads(f) if f is not None else dict(props) for s, f in sources[n]}
                nodes.append(NodeRow(node_id, self._codes.label(label), props, facts))
            edges = self._all_edges(db)
        return nodes, edges

    def _all_edges(self, db: sqlite3.Connection) -> list[Edge]:
        return edges_of_rows(db.execute(LINK_SELECT), self._codes)

    def export(self) -> dict:
        with self._transaction(write=False) as db:
            nodes = [self._node(r) for r in db.execute("SELECT id, label, props FROM nodes")]
            edges = self._all_edges(db)
        return _node_link(nodes, edges)


class _Session(WriteSession):
    """Writes of the embedded store: each document is one transaction."""

    group_size = 1
    # inside `grouped`: a commit after this many documents, or this long after the first one
    # not committed (a write lock held no longer: other writers wait at most that)
    GROUP_DOCUMENTS = 200
    GROUP_SECONDS = 0.05
    # after a group's commit the loader pauses this long, so that a writer waiting for the lock
    # (`begin_write` asks for it every millisecond) takes its turn between two groups
    GROUP_PAUSE = 0.003
    # pages of write-ahead log before a commit copies them into the file (the store's 256 would
    # copy and sync at nearly every commit of a group); a checkpoint when the run ends
    GROUP_CHECKPOINT = 8192

    def __init__(self, store: EmbeddedStore):
        self.store = store
        self._group: sqlite3.Connection | None = None  # the open transaction of `grouped`
        self._held = 0  # documents applied in it, not committed
        self._since = 0.0
        self._grouping = False

    @contextlib.contextmanager
    def grouped(self) -> Iterator[None]:
        """Documents applied in one transaction, committed every GROUP_DOCUMENTS documents or
        GROUP_SECONDS; the store's reads in this thread (the same connection) see them. A
        document that fails is rolled back alone and those before it are committed; so is any
        error of the caller's (what was applied is whole)."""
        if self._grouping:
            yield
            return
        self._grouping = True
        db = self.store._db()
        db.execute(f"PRAGMA wal_autocheckpoint={self.GROUP_CHECKPOINT}")
        try:
            yield
        finally:
            self._grouping = False
            try:
                self.commit_group()
            finally:
                db.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
                with contextlib.suppress(sqlite3.Error):  # (busy readers: the next one does it)
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def commit_group(self) -> None:
        db, self._group, self._held = self._group, None, 0
        if db is None:
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error as e:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise self.store._error("cannot commit", e) from e

    def _apply_grouped(self, batches: list[Batch]) -> list[ApplyResult]:
        store = self.store
        if self._group is None:
            db = store._db()
            try:
                begin_write(db)
            except sqlite3.Error as e:
                raise store._error("cannot start a transaction", e) from e
            self._group, self._since = db, time.monotonic()
        db = self._group
        results = []
        for batch in batches:
            db.execute("SAVEPOINT document")
            try:
                results.append(writes.apply_batch(db, store._codes, batch))
            except BaseException as e:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK TO document")
                    db.execute("RELEASE document")
                with contextlib.suppress(StoreError):
                    self.commit_group()  # the documents before it are whole
                if isinstance(e, sqlite3.Error):
                    raise store._error(f"cannot save {batch.document.id}", e) from e
                raise
            db.execute("RELEASE document")
            self._held += 1
        due = time.monotonic() - self._since > self.GROUP_SECONDS
        if due or self._held >= self.GROUP_DOCUMENTS:
            self.commit_group()
            time.sleep(self.GROUP_PAUSE)
        return results

    def apply_many(self, batches: list[Batch]) -> list[ApplyResult]:
        if self._grouping:
            return self._apply_grouped(batches)
        results = []
        for batch in batches:
            try:
                with self.store._transaction(write=True) as db:
                    results.append(writes.apply_batch(db, self.store._codes, batch))
            except sqlite3.Error as e:
                raise self.store._error(f"cannot save {batch.document.id}", e) from e
        return results

    def apply_bulk(self, batch: Batch) -> ApplyResult:
        """One transaction, with a statement per table for the nodes the store lacks
        (embedded_writes.apply_bulk): what `apply` gives, without its statements per node."""
        self.commit_group()
        db = self.store._db()
        try:
            db.execute("PRAGMA cache_size=-500000")  # 500 MB while it lasts (as bulk_write)
            with self.store._transaction(write=True) as db:
                return writes.apply_bulk(db, self.store._codes, batch)
        except sqlite3.Error as e:
            raise self.store._error(f"cannot save {batch.document.id}", e) from e
        finally:
            db.execute("PRAGMA cache_size=-32000")

    def remove_document(self, document_id: str) -> None:
        self.commit_group()
        try:
            with self.store._transaction(write=True) as db:
                writes.remove_document(db, self.store._codes, document_id)
        except sqlite3.Error as e:
            raise self.store._error(f"cannot remove {document_id}", e) from e

    def bulk_write(self, nodes, edges, fresh: bool = False) -> None:
        """Many rows in few transactions (BULK_ROWS at a time; readers may see a bulk write in
        part). Into an empty store, `fresh` rows are written without indexes, which are built
        once at the end."""
        self.commit_group()
        store = self.store
        try:
            if fresh:
                self._bulk_fresh(nodes, edges)
            else:
                known: dict[str, int] = {}
                for chunk in writes.chunks(nodes, BULK_ROWS):
                    with store._transaction(write=True) as db:
                        writes.write_nodes(db, store._codes, chunk, known)
                for chunk in writes.chunks(edges, BULK_ROWS):
                    with store._transaction(write=True) as db:
                        writes.write_edges(db, store._codes, chunk, known)
            store._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as e:
            raise store._error("cannot write", e) from e

    def _write(self, statements: list[tuple[str, list]]) -> None:
        with self.store._transaction(write=True) as db:
            for sql, values in statements:
                db.executemany(sql, values)

    def _bulk_fresh(self, nodes, edges) -> None:
        store = self.store
        ids = {x[0] for x in nodes}
        with store._transaction(write=True) as db:
            empty = db.execute("SELECT NOT EXISTS (SELECT 1 FROM nodes)").fetchone()[0]
            if empty:
                for name in INDEX_NAMES:
                    db.execute(f"DROP INDEX IF EXISTS {name}")
            ends = {x for e in edges for x in (e.source, e.target)} - ids if not empty else set()
            rows = writes.BulkRows(db, store._codes, ends)
        db.execute("PRAGMA cache_size=-500000")  # 500 MB while the bulk write lasts
        try:
            for chunk in writes.chunks(nodes, BULK_ROWS):
                self._write(rows.nodes(chunk))
            for chunk in writes.chunks(edges, BULK_ROWS):
                self._write(rows.edges(chunk))
        finally:
            if empty:  # (a failed bulk write too: what it wrote is indexed)
                with store._transaction(write=True) as db:
                    for statement in INDEXES:
                        db.execute(statement)
            db.execute("PRAGMA cache_size=-32000")


# --- reading helpers ------------------------------------------------------------------------


def _node_link(nodes: list[Node], edges: list[Edge]) -> dict:
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format_version": FORMAT_VERSION},
        "nodes": [
            {"id": n.id, "label": str(n.label), **n.props}
            for n in sorted(nodes, key=lambda n: (str(n.label), n.id))
        ],
        "links": [
            {
                "source": e.source,
                "target": e.target,
                "type": str(e.type),
                **e.props,
                "evidence": [ev.to_dict() for ev in e.evidence],
            }
            for e in sorted(edges, key=lambda e: e.key)
        ],
    }
