"""The embedded store: a networkx MultiDiGraph persisted as one JSON file, nothing to install.

Data directory: `--data DIR`, else $DIRECTIVE_GRAPH_DATA, else `./data`. The file
`graph.json` carries a format version and is written atomically (a temporary file, fsync, then
rename), so a crash mid-write leaves the previous version readable.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from graph.bodies import split_issuers
from graph.model import Edge, EdgeType, Evidence, Label, Node
from graph.store import FORMAT_VERSION, ApplyResult, Batch, GraphStore, StoreError, derive

ENV_DATA = "DIRECTIVE_GRAPH_DATA"
FILE_NAME = "graph.json"


def default_data_dir() -> Path:
    return Path(os.environ.get(ENV_DATA) or "data")


class EmbeddedStore(GraphStore):
    def __init__(self, data_dir: str | Path | None = None):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.path = self.data_dir / FILE_NAME
        self.g = nx.MultiDiGraph()
        self._index: dict | None = None  # (field, value) -> directive ids, built on first use
        if self.path.exists():
            self._read()

    # persistence ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, wait: bool = True) -> Iterator[None]:
        """Hold the data directory's write lock while loading: a second `load` on the same
        store waits (saying so) instead of interleaving, and reads the graph afresh once it has
        the lock, so it builds on what the first one saved."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock_path = self.data_dir / ".lock"
        with open(lock_path, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "another process"
                if not wait:
                    raise StoreError(
                        f"{self.data_dir}: another load ({holder}) is writing this store; "
                        "wait for it to finish"
                    ) from None
                print(
                    f"{self.data_dir}: waiting for another load ({holder}) to finish ...",
                    file=sys.stderr,
                )
                fcntl.flock(lock, fcntl.LOCK_EX)
            lock.seek(0)
            lock.truncate()
            lock.write(f"pid {os.getpid()} since {time.strftime('%H:%M:%S')}")
            lock.flush()
            try:
                self._drop_stale_temporaries()
                self._read() if self.path.exists() else None
                self._index = None
                yield
            finally:
                lock.seek(0)
                lock.truncate()
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _drop_stale_temporaries(self) -> None:
        """Temporary files of a save that was killed (only the lock holder writes them)."""
        for tmp in self.data_dir.glob(".graph-*.json.tmp"):
            tmp.unlink(missing_ok=True)

    def _read(self) -> None:
        with _no_gc():
            self._read_data()

    def _read_data(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, json.JSONDecodeError) as e:
            raise StoreError(
                f"{self.path}: cannot read the graph ({e}); restore it from a backup or "
                f"move it away and load the documents again"
            ) from e
        version = data.get("graph", {}).get("format_version")
        if version != FORMAT_VERSION:
            raise StoreError(
                f"{self.path}: format version {version!r}, this program reads {FORMAT_VERSION}; "
                f"use a matching directive-graph version or reload the documents"
            )
        # built aside, then swapped in one step: readers never see a half-read graph
        self.g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")

    def save(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with _no_gc():
            data = nx.node_link_data(self.g, edges="links")
        data["graph"] = {"format_version": FORMAT_VERSION}
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".json.tmp", dir=self.data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # writing -------------------------------------------------------------------------------

    def apply(self, batch: Batch) -> ApplyResult:
        self._index = None
        doc = batch.document
        result = ApplyResult()
        if self.g.has_node(doc.id):
            result.unchanged = True
            return result
        for other in self._documents_with_path(doc.props.get("path")):
            self.remove_document(other)
        self.g.add_node(doc.id, label=str(doc.label), props=dict(doc.props), sources={})
        for node_id, by_source in batch.facts.items():
            if self.g.has_node(node_id):
                data = self.g.nodes[node_id]
                before = data["props"]
                data["sources"].update(by_source)
                data["props"] = derive(data["sources"])
                result.nodes_updated += data["props"] != before
            else:
                label = batch.labels.get(node_id, Label.DIRECTIVE)
                sources = dict(by_source)
                self.g.add_node(node_id, label=str(label), props=derive(sources), sources=sources)
                result.nodes_new += 1
        for e in batch.edges:
            result.edges_new += self._add_edge(e)
        return result

    def _add_edge(self, e: Edge) -> bool:
        key = str(e.type)
        for end in (e.source, e.target):
            if not self.g.has_node(end):
                raise StoreError(f"edge {e.key} names a node that is not in the batch: {end}")
        if self.g.has_edge(e.source, e.target, key):
            data = self.g.edges[e.source, e.target, key]
            for ev in e.evidence:
                d = ev.to_dict()
                if d not in data["evidence"]:
                    data["evidence"].append(d)
            data["evidence"].sort(key=_evidence_order)
            return False
        evidence = sorted((ev.to_dict() for ev in e.evidence), key=_evidence_order)
        self.g.add_edge(e.source, e.target, key=key, props=dict(e.props), evidence=evidence)
        return True

    def add_registry(self, source: str, facts: dict[str, dict], labels: dict[str, Label]) -> None:
        self._index = None
        for node_id, props in facts.items():
            if self.g.has_node(node_id):
                data = self.g.nodes[node_id]
                data["sources"][source] = props
                data["props"] = derive(data["sources"])
            else:
                label = labels.get(node_id, Label.DIRECTIVE)
                self.g.add_node(
                    node_id,
                    label=str(label),
                    props=derive({source: props}),
                    sources={source: props},
                )

    def bulk_write(self, nodes: list[tuple[str, Label, dict, dict]], edges: list[Edge]) -> None:
        """Write many ready-made nodes and edges at once (benchmarks, imports); merges like
        `apply`, without the per-document bookkeeping."""
        self._index = None
        with _no_gc():
            self._bulk_write(nodes, edges)

    def _bulk_write(self, nodes, edges) -> None:
        for node_id, label, props, sources in nodes:
            if self.g.has_node(node_id):
                data = self.g.nodes[node_id]
                data["sources"].update(sources)
                data["props"] = derive(data["sources"]) if data["sources"] else dict(props)
            else:
                self.g.add_node(node_id, label=str(label), props=dict(props), sources=dict(sources))
        for e in edges:
            self._add_edge(e)

    def remove_document(self, document_id: str) -> None:
        self._index = None
        prefix = document_id + "#"
        for u, v, k, data in list(self.g.edges(keys=True, data=True)):
            kept = [ev for ev in data["evidence"] if ev["document"] != document_id]
            if not kept:
                self.g.remove_edge(u, v, k)
            else:
                data["evidence"] = kept
        for node_id, data in list(self.g.nodes(data=True)):
            if node_id == document_id:
                continue
            sources = data.get("sources", {})
            dropped = [s for s in sources if s == document_id or s.startswith(prefix)]
            if not dropped:
                continue
            for s in dropped:
                del sources[s]
            if sources:
                data["props"] = derive(sources)
            else:
                self.g.remove_node(node_id)
        if self.g.has_node(document_id):
            self.g.remove_node(document_id)

    def _documents_with_path(self, path: str | None) -> list[str]:
        if not path:
            return []
        return [
            n
            for n, d in self.g.nodes(data=True)
            if d["label"] == Label.DOCUMENT and d["props"].get("path") == path
        ]

    # reading -------------------------------------------------------------------------------

    def directives_matching(self, kind=None, year=None, term=None, issuer=None) -> list[Node]:
        self._build_index()
        wanted = (("kind", kind), ("year", int(year) if year else None), ("issuer", issuer))
        keys = [k for k in wanted if k[1]]
        if not keys:
            return super().directives_matching(kind, year, term, issuer)
        ids = set(self._index.get(keys[0], ()))
        for key in keys[1:]:
            ids &= set(self._index.get(key, ()))
        nodes = [self.node(i) for i in sorted(ids)]
        return [n for n in nodes if not term or (n.props.get("term") or "").upper() == term.upper()]

    def _build_index(self) -> None:
        if self._index is None:
            self.directives_with(code="")

    def directives_with(self, code=None, kind=None, number=None) -> list[Node]:
        if self._index is None:
            index: dict = {}
            for n, d in self.g.nodes(data=True):
                if d["label"] != Label.DIRECTIVE:
                    continue
                p = d["props"]
                index.setdefault(("code", (p.get("code") or "").upper()), []).append(n)
                index.setdefault(("kn", p.get("kind"), p.get("number")), []).append(n)
                index.setdefault(("kind", p.get("kind")), []).append(n)
                for name in split_issuers(p.get("issuer")):
                    index.setdefault(("issuer", name), []).append(n)
                if isinstance(p.get("year"), int):
                    index.setdefault(("year", p["year"]), []).append(n)
            self._index = index
        if code is not None:
            ids = self._index.get(("code", code.upper()), [])
        else:
            ids = self._index.get(("kn", kind, number), [])
        nodes = [self.node(i) for i in ids]
        return sorted(
            (n for n in nodes if (kind is None or n.props.get("kind") == kind)
             and (number is None or n.props.get("number") == number)),
            key=lambda n: n.id,
        )  # fmt: skip

    def node(self, node_id: str) -> Node | None:
        if not self.g.has_node(node_id):
            return None
        d = self.g.nodes[node_id]
        return Node(node_id, Label(d["label"]), dict(d["props"]))

    def nodes(self, label: Label | None = None) -> list[Node]:
        return [
            Node(n, Label(d["label"]), dict(d["props"]))
            for n, d in self.g.nodes(data=True)
            if label is None or d["label"] == label
        ]

    def edges(self, source=None, target=None, types=None) -> list[Edge]:
        if source is not None:
            if not self.g.has_node(source):
                return []
            items = self.g.out_edges(source, keys=True, data=True)
        elif target is not None:
            if not self.g.has_node(target):
                return []
            items = self.g.in_edges(target, keys=True, data=True)
        else:
            items = self.g.edges(keys=True, data=True)
        wanted = {str(t) for t in types} if types else None
        out = []
        for u, v, k, d in items:
            if target is not None and v != target:
                continue
            if wanted and k not in wanted:
                continue
            evidence = [Evidence(**ev) for ev in d["evidence"]]
            out.append(Edge(u, v, EdgeType(k), evidence, dict(d.get("props", {}))))
        return out


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Building millions of small dicts triggers the cyclic collector over and over; the
    graph holds no cycles worth collecting during a read, so pause it (3x faster opens)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _evidence_order(ev: dict) -> tuple:
    return (ev["document"], ev["start"], ev["end"], ev["text"])
