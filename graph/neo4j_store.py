"""The Neo4j store: the same graph in a Neo4j server, for scale and for Neo4j Browser.

Every node has one label (Directive, Body, Document, Task; unique `id` per label) and its facts as
plain properties, readable in Browser (a task's `period`, `period_start`, `period_end` and
`responsible` among them; `caption` is what Browser shows on the node). Bookkeeping for exact
round trips has names starting with an underscore: `_props` (the properties whole, as JSON, so
both stores answer identically), `_sources` (facts per source, so a document can be withdrawn
exactly), a Document's `_touched_nodes` / `_touched_edges`. Each relationship shows its best
evidence (`sentence`, `words`, `document`, `stated`, `confidence`, `note`, `evidence_count`) and
keeps every piece as canonical JSON strings in `_evidence`. graph/cypher.py has the statements;
a database written with the former schema (every node also labelled `Node`, unique `id` across
labels, `props_json` ...) is migrated in place when the store opens.

Writes for one document run in one write transaction. Driver errors surface as
`Neo4jUnavailable` (a `StoreError`): its message names the server and the fix (the command line
prints it, the service logs it), its `public` text only the store (the service answers that).

Failing fast: a server that is down costs a call at most about 2 s, never the driver's 30 s of
retries. Opening a connection waits NEO4J_CONNECT_TIMEOUT seconds (1.5), getting one from the pool
(the Bolt handshake included) NEO4J_ACQUIRE_TIMEOUT (2). A server that cannot be reached is tried
once more at once only when the first try failed quickly (a pooled connection left dead by a
restart), then the call fails. After such a failure the store is a short cut for
NEO4J_COOLDOWN_SECONDS (2): every call fails at once without touching the driver; the first call
after it tries the server again (a small circuit breaker; 0 turns it off). Transient errors of a
server that answers (a lost lock race, a deadlock) are retried with backoff for
NEO4J_RETRY_SECONDS (30).

Configuration: `--neo4j URI` or NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Iterator

from directive_graph.graph import cypher
from directive_graph.graph.errors import ConfigError, StoreError
from directive_graph.graph.model import Edge, EdgeType, Evidence, Label, Node, NodeRow
from directive_graph.graph.store import (
    ApplyResult,
    Batch,
    GraphStore,
    WriteSession,
    derive,
)

# One encoder for every call (json.dumps with options builds a new one each time).
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_quote = json.encoder.encode_basestring  # a JSON string, as _dumps writes it


def edge_key(source: str, target: str, type_: str) -> str:
    """`_dumps([source, target, type_])`, the key of an edge in `_touched_edges`, made faster."""
    return f"[{_quote(source)}, {_quote(target)}, {_quote(type_)}]"


def _short(text: str, size: int = 40) -> str:
    """`text` cut at a word boundary to at most about `size` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    cut = text[:size].rsplit(" ", 1)[0] or text[:size]
    return cut + "…"


def caption(node_id: str, label: Label, props: dict) -> str:
    """A short caption for Neo4j Browser (queries/neo4j_browser/style.grass shows it): a
    directive's code (its title when it has none), a body's name, a task's ordinal and the start
    of its text, a document's title (its file name when it has none).

    >>> caption("t", Label.TASK, {"ordinal": "II.1", "text": "Tiếp tục thực hiện Quy định số 65"})
    'II.1 Tiếp tục thực hiện Quy định số 65'
    """
    if label is Label.DIRECTIVE:
        return props.get("code") or _short(props.get("title") or props.get("subject") or node_id)
    if label is Label.BODY:
        return props.get("name") or node_id
    if label is Label.TASK:
        return f"{props.get('ordinal') or '?'} {_short(props.get('text') or '', 36)}".strip()
    return _short(props.get("title") or props.get("name") or node_id)


# Order in which a document's new nodes are created (after the document itself).
_LABEL_RANK = {Label.DIRECTIVE: 0, Label.BODY: 1, Label.TASK: 2, Label.DOCUMENT: 3}


class Neo4jUnavailable(StoreError):
    """The Neo4j store cannot do what was asked. `str()` names the server and the driver's error,
    for the operator (the command line, the log); `public` names only the store, for answers to
    clients (no URI, user or password hint)."""

    def __init__(self, message: str, public: str):
        super().__init__(message)
        self.public = public


def _seconds(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        raise ConfigError(
            f"{name}={value!r} is not a number of seconds; unset it or fix it"
        ) from None


class Neo4jStore(GraphStore):
    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ):
        import neo4j

        self.uri = uri or os.environ.get("NEO4J_URI")
        if not self.uri:
            raise StoreError("no Neo4j URI: pass --neo4j bolt://HOST:7687 or set NEO4J_URI")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self._auth = (
            user or os.environ.get("NEO4J_USER", "neo4j"),
            password or os.environ.get("NEO4J_PASSWORD", ""),
        )
        self._neo4j = neo4j
        self._unreachable = (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired)
        # how long to wait (module docstring): a connection, one from the pool, transient retries
        self.connect_timeout = _seconds("NEO4J_CONNECT_TIMEOUT", 1.5)
        self.acquire_timeout = max(
            _seconds("NEO4J_ACQUIRE_TIMEOUT", 2.0), self.connect_timeout + 0.1
        )
        self.retry_seconds = _seconds("NEO4J_RETRY_SECONDS", 30.0)
        self.cooldown = _seconds("NEO4J_COOLDOWN_SECONDS", 2.0)
        # the short cut: when the server was last found unreachable (time.monotonic), and why
        self._down_since: float | None = None
        self._down_error: Exception | None = None
        try:
            self.driver = self._new_driver(self.uri)
            self.driver.verify_connectivity()
        except Exception as e:  # the driver raises several unrelated types here
            raise self._error("cannot connect", e) from e
        self._run_schema()

    def _new_driver(self, uri: str):
        return self._neo4j.GraphDatabase.driver(
            uri,
            auth=self._auth,
            notifications_min_severity="OFF",
            connection_timeout=self.connect_timeout,
            connection_acquisition_timeout=self.acquire_timeout,
            # the store retries by itself (_transaction); this bounds the driver's own retries
            # (execute_query, used by tests and tools on `driver`) to the same short time
            max_transaction_retry_time=min(self.retry_seconds, 1.0),
        )

    def _error(self, what: str, e: Exception | None) -> Neo4jUnavailable:
        # one line: the driver's messages span several
        why = f" ({type(e).__name__}: {' '.join(str(e).split())})" if e is not None else ""
        return Neo4jUnavailable(
            f"Neo4j at {self.uri}: {what}{why}; check that the server runs "
            f"(scripts/neo4j status) and that NEO4J_USER/NEO4J_PASSWORD are right",
            f"the Neo4j store is unavailable ({what}); check that Neo4j is running "
            "(scripts/neo4j start); the service's log has the details",
        )

    def _run_schema(self) -> None:
        for statement in cypher.SCHEMA:
            self._write(lambda tx, q=statement: tx.run(q).consume())
        self._migrate()

    def _migrate(self) -> None:
        """A database of the former schema (every node also labelled `Node` with a unique `id`
        across labels, `label`, `props_json`, `sources_json`, `touched_*`; relationships with
        `evidence` and `props_json`) is rewritten in place, a chunk of nodes and their outgoing
        relationships per transaction (so an interrupted migration resumes at the next open),
        then the old constraint is dropped."""
        legacy = self._read(cypher.LEGACY_CONSTRAINT_FOUND, name=cypher.LEGACY_CONSTRAINT)
        if not legacy[0]["n"] and not self._read(cypher.LEGACY_NODE_FOUND)[0]["n"]:
            return
        while self._write(self._migrate_chunk):
            pass
        self._write(lambda tx: tx.run(cypher.LEGACY_DROP).consume())

    def _migrate_chunk(self, tx, limit: int = 5000) -> bool:
        found = tx.run(cypher.LEGACY_NODES, limit=limit).data()
        nodes, rels = [], []
        for r in found:
            label = Label(r["label"])
            props = json.loads(r["props"] or "{}")
            row = self._row(r["id"], label, props, json.loads(r["sources"] or "{}"))["props"]
            if r["touched_nodes"] is not None or r["touched_edges"] is not None:
                row["_touched_nodes"] = r["touched_nodes"] or []
                row["_touched_edges"] = r["touched_edges"] or []
            nodes.append({"eid": r["eid"], "props": row})
            for rel in r["rels"]:
                evidence = list(rel["evidence"] or [])
                props_json = rel["props"] if rel["props"] not in (None, "{}") else None
                readable = _best([json.loads(x) for x in evidence])
                rels.append(
                    {
                        "eid": rel["eid"],
                        "props": {
                            **{k: v for k, v in readable.items() if v is not None},
                            "_evidence": evidence,
                            **({"_props": props_json} if props_json else {}),
                        },
                    }
                )
        tx.run(cypher.LEGACY_SET_RELS, rows=rels).consume()
        tx.run(cypher.LEGACY_SET_NODES, rows=nodes).consume()
        return bool(found)

    # --- plumbing -----------------------------------------------------------------------

    def _short_cut(self) -> None:
        """Fail at once while the server was found unreachable less than `cooldown` s ago."""
        since = self._down_since
        if since is None:
            return
        ago = time.monotonic() - since
        if ago < self.cooldown:
            raise self._error(
                f"unreachable {ago:.1f} s ago, not tried again for {self.cooldown:g} s",
                self._down_error,
            )

    def _went_down(self, e: Exception) -> None:
        self._down_error = e
        self._down_since = time.monotonic()

    def _transaction(self, work, write: bool):
        """`work(tx)` in one transaction, committed; what it returns. Fails fast on a server that
        cannot be reached, retries transient errors for `retry_seconds` (module docstring)."""
        neo4j = self._neo4j
        self._short_cut()
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        delay, deadline, reconnected = 0.05, 0.0, False
        while True:
            t0 = time.monotonic()
            try:
                with (
                    self.driver.session(database=self.database, default_access_mode=mode) as s,
                    s.begin_transaction() as tx,
                ):
                    result = work(tx)
                    tx.commit()
                self._down_since = None
                return result
            except self._unreachable as e:
                if not reconnected and time.monotonic() - t0 < self.connect_timeout / 2:
                    reconnected = True  # a dead pooled connection fails at once: a fresh one
                    continue
                self._went_down(e)
                raise self._error("the connection failed", e) from e
            except neo4j.exceptions.Neo4jError as e:
                now = time.monotonic()
                deadline = deadline or now + self.retry_seconds
                if e.is_retryable() and now + delay < deadline:
                    time.sleep(delay * random.uniform(0.8, 1.2))
                    delay = min(delay * 2, 2.0)
                    continue
                raise self._error("a write failed" if write else "a read failed", e) from e
            except neo4j.exceptions.DriverError as e:  # a full pool, a protocol error ...
                raise self._error("the connection failed", e) from e

    def _read(self, query: str, **params) -> list[dict]:
        return self._transaction(lambda tx: [r.data() for r in tx.run(query, params)], False)

    def _write(self, work):
        return self._transaction(work, True)

    def _run_rows(self, query: str, rows: list[dict]) -> None:
        self._write(lambda tx: tx.run(query, rows=rows).consume())

    def close(self) -> None:
        self.driver.close()

    def describe(self) -> str:
        return f"Neo4j at {self.uri}"

    def describe_public(self) -> str:
        """What the service may say about this store: its kind, not its URI."""
        return "the Neo4j store"

    @contextlib.contextmanager
    def session(self) -> Iterator[WriteSession]:
        yield _Session(self)

    def dump(self) -> tuple[list[NodeRow], list[Edge]]:
        rows = self._read(cypher.DUMP_NODES)
        nodes = [
            NodeRow(r["id"], Label(r["label"]), json.loads(r["props"] or "{}"),
                    json.loads(r["sources"] or "{}"))
            for r in rows
        ]  # fmt: skip
        return nodes, self.edges()

    def clear(self) -> None:
        """Delete the whole graph (tests and `push --replace`)."""
        self._short_cut()
        try:  # CALL ... IN TRANSACTIONS: an auto-commit query, not a transaction of ours
            with self.driver.session(database=self.database) as session:
                session.run(cypher.CLEAR_ALL).consume()
        except self._unreachable as e:
            self._went_down(e)
            raise self._error("the connection failed", e) from e
        except self._neo4j.exceptions.Neo4jError as e:
            raise self._error("a write failed", e) from e
        except self._neo4j.exceptions.DriverError as e:
            raise self._error("the connection failed", e) from e

    # --- writing ------------------------------------------------------------------------

    def _apply_many(self, batches: list[Batch]) -> list[ApplyResult]:
        """Apply several documents in one write transaction (`load` sends them in groups):
        the same result, document by document, as applying them one at a time."""
        batches = [b.expanded() for b in batches]  # (rows as facts and edges)
        results = [ApplyResult() for _ in batches]
        docs = [{"id": b.document.id, "path": b.document.props.get("path")} for b in batches]
        state = {r["id"]: r for r in self._read(cypher.DOCUMENT_STATES, docs=docs)}
        todo, seen = [], set()
        for batch, result in zip(batches, results, strict=True):
            known = state[batch.document.id]
            if known["found"] or batch.document.id in seen:
                result.unchanged = True
                continue
            seen.add(batch.document.id)
            for old in known["same_path"]:
                self._remove_document(old)
            todo.append((batch, result))
        if todo:
            self._write(lambda tx: self._apply_tx(tx, todo))
        return results

    def _apply_tx(self, tx, todo: list[tuple[Batch, ApplyResult]]) -> None:
        ids = sorted({node_id for batch, _ in todo for node_id in batch.facts})
        current = {
            r["id"]: json.loads(r["sources"] or "{}")
            for r in tx.run(cypher.NODES_SOURCES, ids=ids).data()
        }
        existed = set(current)
        labels: dict[str, Label] = {}
        created: list[tuple[str, Label, dict, dict]] = []  # the new nodes, in creation order
        new_ids: list[str] = []  # new non-document nodes, in creation order
        for batch, result in todo:
            doc = batch.document
            created.append((doc.id, Label.DOCUMENT, dict(doc.props), {}))
            first_seen = []
            for node_id, by_source in batch.facts.items():
                if node_id not in labels:
                    labels[node_id] = batch.labels.get(node_id, Label.DIRECTIVE)
                    if node_id not in existed:
                        first_seen.append(node_id)
                if node_id in current:
                    before = derive(current[node_id])
                    current[node_id] = {**current[node_id], **by_source}
                    result.nodes_updated += before != derive(current[node_id])
                else:
                    current[node_id] = dict(by_source)
                    result.nodes_new += 1
            # a document, then what it brought: Browser's first nodes are a connected picture
            first_seen.sort(key=lambda i: _LABEL_RANK[labels[i]])
            created.extend((i, labels[i], {}, {}) for i in first_seen)
            new_ids.extend(first_seen)
        rows: dict[Label, list[dict]] = defaultdict(list)
        for node_id, label in labels.items():
            if node_id in existed:
                sources = current[node_id]
                rows[label].append(self._row(node_id, label, derive(sources), sources))
        news = []
        for node_id, label, props, sources in created:
            if label is not Label.DOCUMENT:
                sources = current[node_id]
                props = derive(sources)
            news.append(self._row(node_id, label, props, sources))
        tx.run(cypher.CREATE_NODES, rows=news).consume()
        for label, label_rows in rows.items():
            tx.run(cypher.merge_nodes(label), rows=label_rows).consume()
        # relationships: one row per (source, target, type), evidence of every document
        combined: dict[tuple, dict] = {}
        for batch, _ in todo:
            for e in batch.edges:
                row = combined.setdefault(
                    e.key,
                    {
                        "source": e.source,
                        "target": e.target,
                        "evidence": [],
                        "dicts": [],
                        "props_json": _dumps(e.props) if e.props else None,
                    },
                )
                for ev in e.evidence:
                    data = ev.to_dict()
                    text = _dumps(data)
                    if text not in row["evidence"]:
                        row["evidence"].append(text)
                        row["dicts"].append(data)
        by_type: dict[str, list[dict]] = defaultdict(list)
        for (_, _, type_), row in combined.items():
            by_type[type_].append(row)
        existing: set[tuple] = set()
        for type_, edge_rows in by_type.items():
            for source, target in _merge_edges_tx(tx, EdgeType(type_), edge_rows):
                existing.add((source, target, type_))
        for batch, result in todo:
            for e in batch.edges:
                if e.key not in existing:
                    existing.add(e.key)
                    result.edges_new += 1
        touched = [
            {
                "id": batch.document.id,
                "nodes": sorted(batch.facts),
                "edges": sorted({_dumps([e.source, e.target, str(e.type)]) for e in batch.edges}),
            }
            for batch, _ in todo
        ]
        tx.run(cypher.SET_TOUCHED_MANY, rows=touched).consume()

    def _row(self, node_id: str, label: Label, props: dict, sources: dict) -> dict:
        """A node as `merge_nodes` and `CREATE_NODES` write it: every property of it."""
        return {
            "id": node_id,
            "label": str(label),
            "props": node_properties(node_id, label, props, sources),
        }

    def _remove_document(self, document_id: str) -> None:
        touched = self._read(cypher.DOCUMENT_TOUCHED, id=document_id)
        if not touched:
            return
        node_ids = touched[0]["nodes"] or []
        edge_keys = [json.loads(x) for x in touched[0]["edges"] or []]

        def work(tx):
            by_type: dict[str, list[dict]] = defaultdict(list)
            for source, target, type_ in edge_keys:
                by_type[type_].append({"source": source, "target": target})
            for type_, rows in by_type.items():
                found = tx.run(cypher.edge_evidence(EdgeType(type_)), rows=rows).data()
                updates = []
                for r in found:
                    kept = [
                        (x, ev)
                        for x in r["evidence"] or []
                        if (ev := json.loads(x))["document"] != document_id
                    ]
                    updates.append(
                        {
                            "source": r["source"],
                            "target": r["target"],
                            "evidence": [x for x, _ in kept],
                            "props": _best([ev for _, ev in kept]),
                        }
                    )
                tx.run(cypher.set_edge_evidence(EdgeType(type_)), rows=updates).consume()
            prefix = document_id + "#"
            gone, rows = [], defaultdict(list)
            for r in tx.run(cypher.NODES_SOURCES, ids=node_ids).data():
                sources = json.loads(r["sources"] or "{}")
                kept = {
                    k: v
                    for k, v in sources.items()
                    if k != document_id and not k.startswith(prefix)
                }
                if not kept:
                    gone.append(r["id"])
                elif kept != sources:
                    label = Label(r["label"])
                    rows[label].append(self._row(r["id"], label, derive(kept), kept))
            for label, label_rows in rows.items():
                tx.run(cypher.merge_nodes(label), rows=label_rows).consume()
            tx.run(cypher.DELETE_NODES, ids=[*gone, document_id]).consume()

        self._write(work)

    def _bulk_write(
        self,
        nodes: list[tuple[str, Label, dict, dict]],
        edges: list[Edge],
        size: int = 10_000,
        workers: int = 2,
        fresh: bool = False,
    ) -> None:
        """Write many nodes and relationships fast (`push`, benchmarks): batches of `size`
        rows, one transaction each, `workers` transactions in flight (Python builds the next
        batch while the server writes). Merges, so it is safe to repeat; the driver retries a
        batch that loses a lock race. `fresh=True` promises that none of the nodes and
        relationships exists yet (an emptied database) and creates them without looking, each
        document followed by the nodes it brought (Browser's first nodes are then connected)."""
        from concurrent.futures import ThreadPoolExecutor

        node_chunks: list[tuple[Label | None, list[tuple]]] = []
        if fresh:
            ordered = _creation_order(nodes)
            node_chunks = [(None, ordered[i : i + size]) for i in range(0, len(ordered), size)]
        else:
            by_label: dict[Label, list[tuple]] = defaultdict(list)
            for node in nodes:
                by_label[node[1]].append(node)
            node_chunks = [
                (label, items[i : i + size])
                for label, items in by_label.items()
                for i in range(0, len(items), size)
            ]
        # relationships by type and by the labels of their ends (when `nodes` has them: one
        # index seek per end instead of one per label)
        label_of = {node[0]: Label(node[1]) for node in nodes}
        by_type: dict[tuple, list[Edge]] = defaultdict(list)
        for e in edges:
            by_type[(e.type, label_of.get(e.source), label_of.get(e.target))].append(e)

        def node_batch(label: Label | None, chunk: list[tuple]) -> None:
            rows = [self._row(i, Label(lb), props, sources) for i, lb, props, sources in chunk]
            self._run_rows(cypher.merge_nodes(label) if label else cypher.CREATE_NODES, rows)

        def edge_batch(key: tuple, chunk: list[Edge]) -> None:
            type_, source, target = key
            if source is None or target is None:
                source = target = None
            rows = [edge_row(e) for e in chunk]
            if fresh:
                self._run_rows(cypher.create_edges(type_, source, target), rows)
            else:
                self._write(lambda tx: _merge_edges_tx(tx, type_, rows, source, target))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(node_batch, label, chunk) for label, chunk in node_chunks]
            for f in futures:
                f.result()  # every node exists before a relationship needs it
            futures = [
                pool.submit(edge_batch, key, items[i : i + size])
                for key, items in by_type.items()
                for i in range(0, len(items), size)
            ]
            for f in futures:
                f.result()
        self._set_touched(nodes, edges)

    def _set_touched(self, nodes: list[tuple], edges: list[Edge]) -> None:
        """What each document contributed (its nodes' sources, its edges' evidence), so that a
        later load can replace or withdraw it exactly."""
        rows = touched_rows(nodes, edges)
        if rows:
            self._write(lambda tx: tx.run(cypher.SET_TOUCHED_MANY, rows=rows).consume())

    # --- reading ------------------------------------------------------------------------

    def node(self, node_id: str) -> Node | None:
        rows = self._read(cypher.NODE, id=node_id)
        if not rows:
            return None
        r = rows[0]
        return Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}"))

    def nodes(self, label: Label | None = None) -> list[Node]:
        rows = self._read(cypher.nodes_query(label))
        return [Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}")) for r in rows]

    def edges(self, source=None, target=None, types=None) -> list[Edge]:
        wanted = [str(t) for t in types] if types else None
        if source is not None:
            rows = self._read(cypher.EDGES_FROM, id=source, types=wanted)
            if target is not None:
                rows = [r for r in rows if r["target"] == target]
        elif target is not None:
            rows = self._read(cypher.EDGES_TO, id=target, types=wanted)
        else:
            rows = self._read(cypher.EDGES_ALL, types=wanted)
        return [_edge(r["source"], r["target"], r["type"], r["evidence"], r["props"]) for r in rows]

    # --- the catalogue's primitives in one query each ----------------------------------

    def nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        rows = self._read(cypher.NODES_BY_ID, ids=list(ids))
        return {
            r["id"]: Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}")) for r in rows
        }

    def implementers(self, directive_id: str) -> dict[str, list[str]]:
        paths = {directive_id: [directive_id]}
        for r in self._read(cypher.IMPLEMENTERS, id=directive_id):
            paths[r["plan"]] = r["path"]
        return paths

    def directives_with(self, code=None, kind=None, number=None) -> list[Node]:
        if code is not None:
            rows = self._read(cypher.DIRECTIVES_BY_CODE, code=code)
        else:
            rows = self._read(cypher.DIRECTIVES_BY_NUMBER, kind=kind, number=number)
        nodes = [Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}")) for r in rows]
        nodes = [
            n for n in nodes
            if (kind is None or n.props.get("kind") == kind)
            and (number is None or n.props.get("number") == number)
        ]  # fmt: skip
        return sorted(nodes, key=lambda n: n.id)

    def directives_with_codes(self, codes: list[str]) -> dict[str, list[Node]]:
        """What `directives_with(code=c)` gives for each code, in one query."""
        by_key: dict[str, list[Node]] = {}
        for r in self._read(cypher.DIRECTIVES_BY_CODES, codes=list(codes)):
            node = Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}"))
            by_key.setdefault(r["key"], []).append(node)
        return {c: sorted(by_key.get(c.upper(), []), key=lambda n: n.id) for c in codes}

    def directives_matching(
        self, kind=None, year=None, term=None, issuer=None, after=None, limit=None
    ) -> list[Node]:
        rows = self._read(
            cypher.DIRECTIVES_MATCHING,
            kind=kind or None,
            year=int(year) if year else None,
            term=term or None,
            issuer=issuer or None,
            after=after,
            limit=int(limit) if limit is not None else 2**62,
        )
        return [Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}")) for r in rows]

    def unimplemented_directives(self, include_inferred: bool) -> list[Node]:
        rows = self._read(cypher.UNIMPLEMENTED, inferred=include_inferred)
        return [Node(r["id"], Label(r["label"]), json.loads(r["props"] or "{}")) for r in rows]

    def tasks_implementing_raw(self, directive_id: str, transitive: bool) -> tuple:
        rows = self._read(cypher.TASKS_IMPLEMENTING, id=directive_id, transitive=transitive)
        paths = {directive_id: [directive_id]}
        if not rows:
            return paths, [], [], {}, {}
        r = rows[0]
        hops = {}
        for plan, path, evidence, props in r["plans"]:
            paths[plan] = path
            hops[plan] = _edge(plan, path[1], "IMPLEMENTS", evidence, props)
        tasks: dict[str, Node] = {}
        links = []
        for x in r["links"]:
            links.append(_edge(x["source"], x["target"], x["type"], x["evidence"], x["props"]))
            tasks[x["source"]] = Node(x["source"], Label.TASK, json.loads(x["node"] or "{}"))
        own = []
        for x in r["own"]:
            own.append(
                (x["target"], _edge(x["source"], x["task"], "HAS_TASK", x["evidence"], x["props"]))
            )
            tasks[x["task"]] = Node(x["task"], Label.TASK, json.loads(x["node"] or "{}"))
        return paths, links, own, tasks, hops


class _Session(WriteSession):
    """Writes of the Neo4j store: documents in groups of `group_size`, one transaction each."""

    group_size = 50

    def __init__(self, store: Neo4jStore):
        self.store = store

    def apply_many(self, batches: list[Batch]) -> list[ApplyResult]:
        return self.store._apply_many(batches)

    def remove_document(self, document_id: str) -> None:
        self.store._remove_document(document_id)

    def bulk_write(self, nodes, edges, fresh: bool = False, size: int = 10_000) -> None:
        self.store._bulk_write(nodes, edges, size=size, fresh=fresh)


def node_properties(node_id: str, label: Label, props: dict, sources: dict) -> dict:
    """Every property of a node as the store writes it: the browsable ones, `id`, `caption`,
    `_props` and (when it has sources) `_sources` (graph/neo4j_bulk.py writes the same)."""
    properties = _browsable(label, props)
    properties["id"] = node_id
    properties["caption"] = caption(node_id, label, props)
    properties["_props"] = _dumps(props)
    if sources:
        properties["_sources"] = _dumps(sources)
    return properties


def touched_rows(nodes: list[tuple], edges: list[Edge]) -> list[dict]:
    """For each document among `nodes`: {id, nodes, edges}, what it contributed (the nodes
    whose sources it is, the keys of the edges it is evidence of), as `_touched_nodes` and
    `_touched_edges` hold them."""
    touched_nodes: dict[str, set[str]] = defaultdict(set)
    for node_id, _label, _props, sources in nodes:
        for key in sources:
            touched_nodes[key.split("#", 1)[0]].add(node_id)
    documents = [n[0] for n in nodes if Label(n[1]) is Label.DOCUMENT]
    wanted = set(documents)
    touched_edges: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        key = None
        for ev in e.evidence:
            if ev.document in wanted:
                key = key or edge_key(e.source, e.target, str(e.type))
                touched_edges[ev.document].add(key)
    rows = [
        {
            "id": doc_id,
            "nodes": sorted(touched_nodes.get(doc_id, ())),
            "edges": sorted(touched_edges.get(doc_id, ())),
        }
        for doc_id in documents
    ]
    return rows


def _edge(source: str, target: str, type_: str, evidence, props) -> Edge:
    items = sorted((json.loads(x) for x in evidence or []), key=_evidence_order)
    return Edge(
        source, target, EdgeType(type_), [Evidence(**ev) for ev in items], json.loads(props or "{}")
    )


def _scalar(value):
    """Neo4j properties hold scalars and lists of scalars of one type; anything else goes as
    JSON."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, list) and value and isinstance(value[0], (str, int, float, bool)):
        kind = type(value[0])
        if all(type(v) is kind for v in value):
            return value
    if isinstance(value, list) and not value:
        return None
    return _dumps(value)


def _browsable(label: Label, props: dict) -> dict:
    """A node's properties as Browser shows them: scalars and lists as they are, a task's
    period as `period` (its text), `period_start`, `period_end`, a list of citations (a
    document's `unresolved`) as their texts, anything else as JSON; nothing empty."""
    out: dict = {}
    for key, value in props.items():
        if key in ("id", "caption") or key.startswith("_"):
            continue
        if label is Label.TASK and key == "period" and isinstance(value, dict):
            out["period"] = value.get("text")
            out["period_start"] = value.get("start")
            out["period_end"] = value.get("end")
            continue
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and isinstance(v.get("text"), str) for v in value)
        ):
            value = [v["text"] for v in value]
        out[key] = _scalar(value)
    return {k: v for k, v in out.items() if v is not None and v != ""}


# The readable fields of a relationship's best evidence (None: the relationship lacks it).
EVIDENCE_FIELDS = ("sentence", "words", "document", "stated", "confidence", "note")


def _best(evidence: list[dict]) -> dict:
    """The readable fields of the best piece of evidence (stated before inferred, the most
    confident, then the first in document order) and how many pieces there are."""
    if not evidence:
        return {**dict.fromkeys(EVIDENCE_FIELDS), "evidence_count": 0}
    ev = min(evidence, key=lambda e: (not e["stated"], -e["confidence"], *_evidence_order(e)))
    return {
        "sentence": ev["sentence"] or None,
        "words": ev["text"] or None,
        "document": ev["document"],
        "stated": ev["stated"],
        "confidence": ev["confidence"],
        "note": ev["note"] or None,
        "evidence_count": len(evidence),
    }


def _merge_edges_tx(
    tx, type_: EdgeType, rows: list[dict], source: Label | None = None, target: Label | None = None
) -> set[tuple[str, str]]:
    """Add relationships of one type or add to their evidence, in `tx`. Rows: source, target,
    evidence (canonical JSON strings), dicts (the same, parsed; or None, then `props` holds the
    readable fields of the best of them), props_json. The evidence already there comes first,
    new pieces after it, none twice; the readable fields are those of the best of all.
    `source`, `target`: the labels of the ends, when known for every row. Returns the
    (source, target) pairs that existed."""
    pairs = [{"source": r["source"], "target": r["target"]} for r in rows]
    found = {
        (r["source"], r["target"]): list(r["evidence"] or [])
        for r in tx.run(cypher.edge_evidence(type_, source, target), rows=pairs).data()
    }
    out = []
    for row in rows:
        evidence, dicts = row["evidence"], row["dicts"]
        old = found.get((row["source"], row["target"]))
        if old is None and dicts is None:
            props = row["props"]
        else:
            if dicts is None:
                dicts = [json.loads(x) for x in evidence]
            if old is not None:
                added = [(x, d) for x, d in zip(evidence, dicts, strict=True) if x not in old]
                evidence = [*old, *(x for x, _ in added)]
                dicts = [*(json.loads(x) for x in old), *(d for _, d in added)]
            props = _best(dicts)
        out.append(
            {
                "source": row["source"],
                "target": row["target"],
                "evidence": evidence,
                "props": props,
                "props_json": row["props_json"],
            }
        )
    tx.run(cypher.merge_edges(type_, source, target), rows=out).consume()
    return set(found)


def edge_row(e: Edge) -> dict:
    """A relationship as `create_edges` and `_merge_edges_tx` take it: its evidence in document
    order as canonical JSON, the readable fields of the best piece (`_best`), `props_json`."""
    evidence = e.evidence
    if len(evidence) > 1:
        evidence = sorted(evidence, key=lambda ev: (ev.document, ev.start, ev.end, ev.text))
    if evidence:
        ev = min(
            evidence,
            key=lambda ev: (not ev.stated, -ev.confidence, ev.document, ev.start, ev.end, ev.text),
        )
        props = {
            "sentence": ev.sentence or None,
            "words": ev.text or None,
            "document": ev.document,
            "stated": ev.stated,
            "confidence": ev.confidence,
            "note": ev.note or None,
            "evidence_count": len(evidence),
        }
    else:
        props = {**dict.fromkeys(EVIDENCE_FIELDS), "evidence_count": 0}
    return {
        "source": e.source,
        "target": e.target,
        "evidence": [evidence_json(ev) for ev in evidence],
        "dicts": None,
        "props": props,
        "props_json": _dumps(e.props) if e.props else None,
    }


def evidence_json(ev: Evidence) -> str:
    """`_dumps(ev.to_dict())`, the canonical JSON of a piece of evidence, made by hand (this
    runs for every piece of evidence of a bulk write); the same text, checked by the tests."""
    c, start, end, stated = ev.confidence, ev.start, ev.end, ev.stated
    if (
        type(c) is float
        and c - c == 0.0  # finite
        and type(start) is type(end) is int
        and type(stated) is bool
    ):
        q = _quote
        try:  # the strings: encode_basestring refuses anything else
            return (
                f'{{"confidence": {c!r}, "document": {q(ev.document)}, "end": {end}, '
                f'"note": {q(ev.note)}, "sentence": {q(ev.sentence)}, "start": {start}, '
                f'"stated": {"true" if stated else "false"}, "text": {q(ev.text)}}}'
            )
        except TypeError:
            pass
    return _dumps(ev.to_dict())


def _creation_order(nodes: list[tuple]) -> list[tuple]:
    """Nodes in the order to create them: each document, then the nodes it first brought
    (directives, bodies, tasks), then the nodes no document brought (registries, bodies' tables,
    imports)."""
    rank = {n[0]: i for i, n in enumerate(n for n in nodes if Label(n[1]) is Label.DOCUMENT)}

    def key(node: tuple) -> tuple[int, int]:
        if node[0] in rank:
            return (rank[node[0]], -1)
        owners = [rank[d] for k in node[3] if (d := k.split("#", 1)[0]) in rank]
        return (min(owners) if owners else len(rank), _LABEL_RANK[Label(node[1])])

    return sorted(nodes, key=key)


def _evidence_order(ev: dict) -> tuple:
    return (ev["document"], ev["start"], ev["end"], ev["text"])
