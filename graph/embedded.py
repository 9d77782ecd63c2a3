"""The embedded store: the graph in one SQLite file (the standard library's sqlite3), nothing to
install.

Data directory: `--data DIR`, else $DIRECTIVE_GRAPH_DATA, else `./data`; the file is
`DIR/graph.sqlite`, in WAL mode. Tables: `nodes` (derived properties, the columns the catalogue
looks up by, and the summary that lets a document's facts be folded in without reading the
node's other sources), `sources` (facts per source, so a document is withdrawn exactly),
`issuers`, `edges`, `evidence` (its sentences kept once in `sentences`), `meta`.

Any number of processes read and write one data directory at once (the CLI, the service, a
second CLI): each document is one transaction (BEGIN IMMEDIATE ... COMMIT), so readers see a
document whole or not at all, writers take turns (SQLite's lock, waited on up to
`BUSY_SECONDS`), and a crash at any moment leaves the last committed state. Every thread gets
its own connection. A data directory of an earlier version (`graph.json`) is migrated once, with
a message; networkx stays the library for graph work on views of the part that is needed
(`GraphStore.view`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.bodies import split_issuers
from graph.model import Edge, EdgeType, Evidence, Label, Node
from graph.store import (
    FORMAT_VERSION,
    ApplyResult,
    Batch,
    GraphStore,
    StoreError,
    WriteSession,
    dumps,
    summarise,
    summary_add,
    summary_props,
)

ENV_DATA = "DIRECTIVE_GRAPH_DATA"
FILE_NAME = "graph.sqlite"
LEGACY_FILE = "graph.json"
BUSY_SECONDS = 60  # how long a writer waits for another's transaction

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
    # nodes: the derived properties (JSON), the lookup columns, the summary sources fold into
    """CREATE TABLE IF NOT EXISTS nodes (
        id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL, summary TEXT,
        code TEXT, kind TEXT, number TEXT, year INTEGER, term TEXT, path TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label)",
    "CREATE INDEX IF NOT EXISTS nodes_code ON nodes (code) WHERE code IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_kind_number ON nodes (kind, number) WHERE kind IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_year ON nodes (year) WHERE year IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_path ON nodes (path) WHERE path IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS sources (
        node TEXT NOT NULL, source TEXT NOT NULL, document TEXT, facts TEXT NOT NULL,
        PRIMARY KEY (node, source)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS sources_document ON sources (document) WHERE document IS NOT NULL",
    """CREATE TABLE IF NOT EXISTS issuers (
        issuer TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (issuer, node)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS issuers_node ON issuers (node)",
    """CREATE TABLE IF NOT EXISTS edges (
        id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
        props TEXT, UNIQUE (source, type, target)
    )""",
    "CREATE INDEX IF NOT EXISTS edges_target ON edges (target, type)",
    "CREATE TABLE IF NOT EXISTS sentences (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS evidence (
        edge INTEGER NOT NULL, document TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, sentence INTEGER, text TEXT NOT NULL, stated INTEGER NOT NULL,
        confidence REAL NOT NULL, note TEXT NOT NULL,
        UNIQUE (edge, document, start, "end", text, stated, confidence, note, sentence)
    )""",
    "CREATE INDEX IF NOT EXISTS evidence_document ON evidence (document)",
)
_NODE_COLUMNS = ("code", "kind", "number", "year", "term", "path")


def default_data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA) or "data")


def _sentence_id(text: str) -> int:
    """A sentence's key (0 for none: NULL would make every such evidence row distinct)."""
    if not text:
        return 0
    return (int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1) or 1


class EmbeddedStore(GraphStore):
    """The graph in `DIR/graph.sqlite`.

    >>> import tempfile; store = EmbeddedStore(tempfile.mkdtemp())
    >>> store.describe().startswith("the embedded store in ")
    True
    """

    def __init__(self, data_dir: str | Path | None = None, create: bool = True):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self._file = self.data_dir / FILE_NAME
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(
                f"{self.data_dir}: not a directory; give --data a folder (it is created if it "
                "does not exist)"
            )
        if not create and not self._file.exists() and not (self.data_dir / LEGACY_FILE).exists():
            raise StoreError(
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
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA foreign_keys=OFF")
                db.execute("PRAGMA temp_store=MEMORY")
                db.execute("PRAGMA cache_size=-32000")
            except sqlite3.Error as e:
                raise self._error("cannot open", e) from e
            self._local.db = db
            with self._guard:
                self._connections.append(db)
        return db

    def _error(self, what: str, e: Exception) -> StoreError:
        hint = "restore it from a backup (directive-graph backup) or load the documents again"
        text = str(e)
        if "disk" in text and "full" in text:
            hint = "free disk space, then run the command again (nothing was lost)"
        elif "readonly" in text or "read-only" in text or "permission" in text.lower():
            hint = "make the data directory writable, or give another --data"
        elif "locked" in text or "busy" in text:
            hint = "another program holds the store too long; try again"
        return StoreError(f"{self._file}: {what} ({text}); {hint}")

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
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

    def _read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        try:
            return self._db().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as e:
            raise self._error("cannot read", e) from e

    def _setup(self) -> None:
        try:
            with self._transaction(write=True) as db:
                for statement in SCHEMA:
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
            (n["id"], Label(n["label"]), n.get("props", {}), n.get("sources", {}))
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
        self._local = threading.local()

    def describe(self) -> str:
        return f"the embedded store in {self.data_dir}"

    def clear(self) -> None:
        with self._transaction(write=True) as db:
            for table in ("nodes", "sources", "issuers", "edges", "evidence", "sentences"):
                db.execute(f"DELETE FROM {table}")

    def backup(self, destination: str | Path) -> Path:
        """An online copy of the store (SQLite's backup API): consistent while others write."""
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

    def node(self, node_id: str) -> Node | None:
        rows = self._read("SELECT id, label, props FROM nodes WHERE id = ?", (node_id,))
        return _node(rows[0]) if rows else None

    def nodes(self, label: Label | None = None) -> list[Node]:
        if label is None:
            rows = self._read("SELECT id, label, props FROM nodes")
        else:
            rows = self._read("SELECT id, label, props FROM nodes WHERE label = ?", (str(label),))
        return [_node(r) for r in rows]

    def nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            for r in self._read(f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk):
                out[r[0]] = _node(r)
        return out

    def edges(self, source=None, target=None, types=None) -> list[Edge]:
        where, params = [], []
        if source is not None:
            where.append("source = ?")
            params.append(source)
        if target is not None:
            where.append("target = ?")
            params.append(target)
        if types:
            where.append(f"type IN ({','.join('?' * len(types))})")
            params.extend(str(t) for t in types)
        sql = "SELECT id, source, target, type, props FROM edges"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._transaction(write=False) as db:  # the edges and their evidence: one snapshot
            rows = db.execute(sql, params).fetchall()
            evidence = _evidence_of(db, [r[0] for r in rows])
        return [
            Edge(r[1], r[2], EdgeType(r[3]), evidence.get(r[0], []), json.loads(r[4] or "{}"))
            for r in rows
        ]

    def directives_with(self, code=None, kind=None, number=None) -> list[Node]:
        if code is not None:
            rows = self._read(
                "SELECT id, label, props FROM nodes WHERE code = ? AND label = 'Directive'",
                (code.upper(),),
            )
        else:
            rows = self._read(
                "SELECT id, label, props FROM nodes WHERE kind = ? AND number = ? "
                "AND label = 'Directive'",
                (kind, number),
            )
        nodes = [_node(r) for r in rows]
        return sorted(
            (n for n in nodes if (kind is None or n.props.get("kind") == kind)
             and (number is None or n.props.get("number") == number)),
            key=lambda n: n.id,
        )  # fmt: skip

    def directives_matching(self, kind=None, year=None, term=None, issuer=None) -> list[Node]:
        where, params = ["n.label = 'Directive'"], []
        sql = "SELECT n.id, n.label, n.props FROM nodes n"
        if issuer:
            sql += " JOIN issuers i ON i.node = n.id AND i.issuer = ?"
            params.append(issuer)
        if kind:
            where.append("n.kind = ?")
            params.append(kind)
        if year:
            where.append("n.year = ?")
            params.append(int(year))
        if term:
            where.append("n.term = ?")
            params.append(term.upper())
        rows = self._read(f"{sql} WHERE {' AND '.join(where)}", params)
        return [_node(r) for r in rows]

    def implementers(self, directive_id: str) -> dict[str, list[str]]:
        """Breadth first, one query per level: every plan (a Directive, or a Document with no
        number) with an IMPLEMENTS chain to the directive, with the shortest path (the smallest
        ids among the shortest)."""
        paths = {directive_id: [directive_id]}
        level = [directive_id]
        while level:
            found: dict[str, list[str]] = {}
            for chunk in _chunks(level):
                marks = ",".join("?" * len(chunk))
                for source, target in self._read(
                    "SELECT e.source, e.target FROM edges e JOIN nodes n ON n.id = e.source "
                    f"WHERE e.type = 'IMPLEMENTS' AND e.target IN ({marks}) "
                    "AND n.label IN ('Directive', 'Document')",
                    chunk,
                ):
                    if source in paths:
                        continue
                    path = [source, *paths[target]]
                    if source not in found or path < found[source]:
                        found[source] = path
            paths.update(found)
            level = sorted(p for p in found if not p.startswith("doc-"))
        return paths

    def unimplemented_directives(self, include_inferred: bool) -> list[Node]:
        rows = self._read(
            """WITH RECURSIVE seed(id) AS (
                 SELECT e.target FROM edges e
                 WHERE e.type IN ('IMPLEMENTS', 'REVIEWS') AND e.source LIKE 'task-%'
                   AND (? OR EXISTS (SELECT 1 FROM evidence v WHERE v.edge = e.id AND v.stated))
                 UNION
                 SELECT e.target FROM edges e
                 WHERE e.type = 'IMPLEMENTS' AND (
                   EXISTS (SELECT 1 FROM edges d JOIN edges h ON h.source = d.source
                           WHERE d.type = 'IS_DIRECTIVE' AND d.target = e.source
                             AND h.type = 'HAS_TASK')
                   OR EXISTS (SELECT 1 FROM edges h WHERE h.source = e.source
                              AND h.type = 'HAS_TASK'))
               ), reach(id) AS (
                 SELECT id FROM seed
                 UNION
                 SELECT e.target FROM edges e JOIN reach r ON e.source = r.id
                 WHERE e.type = 'IMPLEMENTS'
               )
               SELECT id, label, props FROM nodes
               WHERE label = 'Directive' AND id NOT IN (SELECT id FROM reach)""",
            (1 if include_inferred else 0,),
        )
        return [_node(r) for r in rows]

    def stats(self) -> dict:
        with self._transaction(write=False) as db:
            by_label = dict(db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
            by_type = dict(db.execute("SELECT type, count(*) FROM edges GROUP BY type"))
            by_kind = dict(
                db.execute(
                    "SELECT coalesce(kind, '?'), count(*) FROM nodes WHERE label = 'Directive' "
                    "GROUP BY 1"
                )
            )
            by_issuer = dict(
                db.execute(
                    "SELECT coalesce(json_extract(props, '$.issuer'), '?'), count(*) FROM nodes "
                    "WHERE label = 'Directive' GROUP BY 1"
                )
            )
            by_year = dict(
                db.execute(
                    "SELECT coalesce(CAST(year AS TEXT), '?'), count(*) FROM nodes "
                    "WHERE label = 'Directive' GROUP BY 1"
                )
            )
            (unresolved,) = db.execute(
                "SELECT coalesce(sum(json_array_length(props, '$.unresolved')), 0) FROM nodes "
                "WHERE label = 'Document'"
            ).fetchone()
        return {
            "nodes": dict(sorted(by_label.items())),
            "edges": dict(sorted(by_type.items())),
            "directives_by_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
            "directives_by_issuer": dict(sorted(by_issuer.items(), key=lambda kv: (-kv[1], kv[0]))),
            "directives_by_year": dict(sorted(by_year.items())),
            "unresolved_references": unresolved,
        }

    def dump(self) -> tuple[list[tuple[str, Label, dict, dict]], list[Edge]]:
        with self._transaction(write=False) as db:
            sources: dict[str, dict] = defaultdict(dict)
            for node, source, facts in db.execute("SELECT node, source, facts FROM sources"):
                sources[node][source] = json.loads(facts)
            nodes = [
                (r[0], Label(r[1]), json.loads(r[2]), sources.get(r[0], {}))
                for r in db.execute("SELECT id, label, props FROM nodes")
            ]
            edges = self._all_edges(db)
        return nodes, edges

    def _all_edges(self, db: sqlite3.Connection) -> list[Edge]:
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        for edge, *rest in db.execute(
            "SELECT v.edge, v.document, v.start, v.\"end\", coalesce(s.text, ''), v.text, "
            "v.stated, v.confidence, v.note FROM evidence v "
            "LEFT JOIN sentences s ON s.id = v.sentence"
        ):
            evidence[edge].append(_evidence(rest))
        out = []
        for r in db.execute("SELECT id, source, target, type, props FROM edges"):
            found = sorted(evidence.get(r[0], []), key=_evidence_order)
            out.append(Edge(r[1], r[2], EdgeType(r[3]), found, json.loads(r[4] or "{}")))
        return out

    def export(self) -> dict:
        with self._transaction(write=False) as db:
            nodes = [_node(r) for r in db.execute("SELECT id, label, props FROM nodes")]
            edges = self._all_edges(db)
        return _node_link(nodes, edges)


class _Session(WriteSession):
    """Writes of the embedded store: each call is one transaction."""

    group_size = 1

    def __init__(self, store: EmbeddedStore):
        self.store = store

    def apply_many(self, batches: list[Batch]) -> list[ApplyResult]:
        results = []
        for batch in batches:
            try:
                with self.store._transaction(write=True) as db:
                    results.append(_apply(db, batch))
            except sqlite3.Error as e:
                raise self.store._error(f"cannot save {batch.document.id}", e) from e
        return results

    def remove_document(self, document_id: str) -> None:
        try:
            with self.store._transaction(write=True) as db:
                _remove_document(db, document_id)
        except sqlite3.Error as e:
            raise self.store._error(f"cannot remove {document_id}", e) from e

    def bulk_write(self, nodes, edges, fresh: bool = False) -> None:
        """Many rows in few transactions (100,000 at a time)."""
        try:
            for chunk in _chunks(nodes, 100_000):
                with self.store._transaction(write=True) as db:
                    _write_nodes(db, chunk, fresh)
            for chunk in _chunks(edges, 100_000):
                with self.store._transaction(write=True) as db:
                    _write_edges(db, chunk, fresh)
        except sqlite3.Error as e:
            raise self.store._error("cannot write", e) from e


# --- the work of a transaction --------------------------------------------------------------


def _apply(db: sqlite3.Connection, batch: Batch) -> ApplyResult:
    doc = batch.document
    result = ApplyResult()
    if db.execute("SELECT 1 FROM nodes WHERE id = ?", (doc.id,)).fetchone():
        result.unchanged = True
        return result
    path = doc.props.get("path")
    if path:
        for (old,) in db.execute(
            "SELECT id FROM nodes WHERE path = ? AND label = 'Document'", (path,)
        ).fetchall():
            _remove_document(db, old)
    _put_node(db, doc.id, Label.DOCUMENT, dict(doc.props), None)
    for node_id, by_source in batch.facts.items():
        row = db.execute("SELECT label, props, summary FROM nodes WHERE id = ?", (node_id,))
        known = row.fetchone()
        label = batch.labels.get(node_id, Label.DIRECTIVE)
        if known is None:
            summary = summarise(by_source)
            result.nodes_new += 1
            before = None
        else:
            label = Label(known[0])
            before = json.loads(known[1])
            existing = {
                s for (s,) in db.execute(
                    f"SELECT source FROM sources WHERE node = ? AND source IN "
                    f"({','.join('?' * len(by_source))})",
                    (node_id, *by_source),
                )
            }  # fmt: skip
            if existing:  # a source restated: derive again from all of them
                sources = _sources_of(db, node_id)
                sources.update(by_source)
                summary = summarise(sources)
            else:
                summary = json.loads(known[2]) if known[2] else summarise(_sources_of(db, node_id))
                for source in sorted(by_source):
                    summary_add(summary, source, by_source[source])
        db.executemany(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)",
            [(node_id, s, _document_of(s), dumps(f)) for s, f in by_source.items()],
        )
        props = summary_props(summary)
        if before is not None and props != before:
            result.nodes_updated += 1
        _put_node(db, node_id, label, props, summary)
    for e in batch.edges:
        result.edges_new += _put_edge(db, e)
    return result


def _document_of(source: str) -> str | None:
    """The document a source belongs to ("doc-x#123" -> "doc-x"); None for shared sources."""
    if source.startswith("doc-"):
        return source.split("#", 1)[0]
    return None


def _sources_of(db: sqlite3.Connection, node_id: str) -> dict[str, dict]:
    return {
        s: json.loads(f)
        for s, f in db.execute("SELECT source, facts FROM sources WHERE node = ?", (node_id,))
    }


def _columns(label: Label, props: dict) -> tuple:
    if label is Label.DIRECTIVE:
        code = props.get("code")
        year = props.get("year")
        return (
            code.upper() if isinstance(code, str) else None,
            props.get("kind"),
            props.get("number"),
            year if isinstance(year, int) else None,
            (props.get("term") or "").upper() or None,
            None,
        )
    if label is Label.DOCUMENT:
        return (None, None, None, None, None, props.get("path"))
    return (None, None, None, None, None, None)


def _put_node(db, node_id: str, label: Label, props: dict, summary: dict | None) -> None:
    db.execute(
        "INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (node_id, str(label), dumps(props), dumps(summary) if summary else None,
         *_columns(label, props)),
    )  # fmt: skip
    if label is Label.DIRECTIVE:
        db.execute("DELETE FROM issuers WHERE node = ?", (node_id,))
        db.executemany(
            "INSERT OR IGNORE INTO issuers VALUES (?, ?)",
            [(name, node_id) for name in split_issuers(props.get("issuer"))],
        )


def _put_edge(db, e: Edge) -> bool:
    key = (e.source, str(e.type), e.target)
    row = db.execute(
        "SELECT id FROM edges WHERE source = ? AND type = ? AND target = ?", key
    ).fetchone()
    new = row is None
    if new:
        edge_id = db.execute(
            "INSERT INTO edges (source, target, type, props) VALUES (?, ?, ?, ?)",
            (e.source, e.target, str(e.type), dumps(e.props) if e.props else None),
        ).lastrowid
    else:
        edge_id = row[0]
    _put_evidence(db, [(edge_id, ev) for ev in e.evidence])
    return new


def _put_evidence(db, rows: list[tuple[int, Evidence]]) -> None:
    sentences = {}
    values = []
    for edge_id, ev in rows:
        sid = _sentence_id(ev.sentence)
        if sid:
            sentences[sid] = ev.sentence
        values.append(
            (edge_id, ev.document, ev.start, ev.end, sid, ev.text, int(ev.stated), ev.confidence,
             ev.note)
        )  # fmt: skip
    db.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?)", sentences.items())
    db.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)


def _remove_document(db: sqlite3.Connection, document_id: str) -> None:
    edge_ids = [
        r[0] for r in db.execute("SELECT DISTINCT edge FROM evidence WHERE document = ?",
                                 (document_id,))
    ]  # fmt: skip
    db.execute("DELETE FROM evidence WHERE document = ?", (document_id,))
    for chunk in _chunks(edge_ids):
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"DELETE FROM edges WHERE id IN ({marks}) AND NOT EXISTS "
            "(SELECT 1 FROM evidence v WHERE v.edge = edges.id)",
            chunk,
        )
    nodes = [
        r[0] for r in db.execute("SELECT DISTINCT node FROM sources WHERE document = ?",
                                 (document_id,))
    ]  # fmt: skip
    db.execute("DELETE FROM sources WHERE document = ?", (document_id,))
    for node_id in nodes:
        sources = _sources_of(db, node_id)
        if not sources:
            db.execute("DELETE FROM nodes WHERE id = ?", (node_id,))
            db.execute("DELETE FROM issuers WHERE node = ?", (node_id,))
            continue
        (label,) = db.execute("SELECT label FROM nodes WHERE id = ?", (node_id,)).fetchone()
        summary = summarise(sources)
        _put_node(db, node_id, Label(label), summary_props(summary), summary)
    db.execute("DELETE FROM nodes WHERE id = ?", (document_id,))


def _write_nodes(db, nodes, fresh: bool) -> None:
    rows, source_rows, issuer_rows = [], [], []
    for node_id, label, props, sources in nodes:
        label = Label(label)
        if not fresh and sources:
            known = db.execute("SELECT summary FROM nodes WHERE id = ?", (node_id,)).fetchone()
            if known is not None:
                merged = _sources_of(db, node_id)
                merged.update(sources)
                summary = summarise(merged)
                props = summary_props(summary)
            else:
                summary = summarise(sources)
        else:
            summary = summarise(sources) if sources else None
        rows.append(
            (node_id, str(label), dumps(props), dumps(summary) if summary else None,
             *_columns(label, props))
        )  # fmt: skip
        source_rows.extend((node_id, s, _document_of(s), dumps(f)) for s, f in sources.items())
        if label is Label.DIRECTIVE:
            issuer_rows.extend((name, node_id) for name in split_issuers(props.get("issuer")))
    db.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", source_rows)
    db.executemany("INSERT OR IGNORE INTO issuers VALUES (?, ?)", issuer_rows)


def _write_edges(db, edges: list[Edge], fresh: bool) -> None:
    if fresh:
        (top,) = db.execute("SELECT coalesce(max(id), 0) FROM edges").fetchone()
        rows, evidence = [], []
        for i, e in enumerate(edges, top + 1):
            rows.append((i, e.source, e.target, str(e.type), dumps(e.props) if e.props else None))
            evidence.extend((i, ev) for ev in e.evidence)
        db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?)", rows)
        _put_evidence(db, evidence)
        return
    for e in edges:
        _put_edge(db, e)


# --- reading helpers ------------------------------------------------------------------------


def _node(row: tuple) -> Node:
    return Node(row[0], Label(row[1]), json.loads(row[2]))


def _evidence(row) -> Evidence:
    document, start, end, sentence, text, stated, confidence, note = row
    return Evidence(document, start, end, sentence, text, bool(stated), confidence, note)


def _evidence_of(db: sqlite3.Connection, edge_ids: list[int]) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = defaultdict(list)
    for chunk in _chunks(edge_ids):
        marks = ",".join("?" * len(chunk))
        for edge, *rest in db.execute(
            "SELECT v.edge, v.document, v.start, v.\"end\", coalesce(s.text, ''), v.text, "
            "v.stated, v.confidence, v.note FROM evidence v "
            f"LEFT JOIN sentences s ON s.id = v.sentence WHERE v.edge IN ({marks})",
            chunk,
        ):
            out[edge].append(_evidence(rest))
    for found in out.values():
        found.sort(key=_evidence_order)
    return out


def _evidence_order(ev: Evidence) -> tuple:
    return (ev.document, ev.start, ev.end, ev.text)


def _chunks(items: list, size: int = 500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


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
