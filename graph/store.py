"""The store protocol, and the rules every store shares for merging what documents say.

A document's load is one `Batch`: its Document node, the facts each mention states about a
node, and the edges with their evidence. Stores keep facts per source (a mention, or the
registry) and derive a node's properties from them, so reloading a document replaces exactly
what it said, and two sources that disagree show up as a conflict instead of overwriting.

Every caller uses one protocol, whatever the store:

    with store.session() as s:          # locking, transactions, grouping: the store's business
        s.apply_many(batches)           # documents, `s.group_size` at a time
        s.apply_bulk(batch)             # one large document (a registry file), in bulk
        s.remove_document(doc_id)
        s.bulk_write(nodes, edges)      # ready-made rows (imports, push, benchmarks)
    store.tasks_implementing_raw(...)   # reads: the catalogue's primitives
    store.describe()                    # where the data is, for messages

No caller reaches into a store (its file, its driver, its graph object).
"""

from __future__ import annotations

import abc
import bisect
import contextlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from directive_graph.graph.bodies import split_issuers
from directive_graph.graph.model import (
    CONFLICT_FIELDS,
    Edge,
    EdgeType,
    Evidence,
    Label,
    Node,
    NodeRow,
)

FORMAT_VERSION = 2

# A conflict lists at most this many sources per value (the smallest ids) and counts the rest:
# a directive cited by 50,000 documents keeps a summary of bounded size.
SOURCES_PER_VALUE = 50


@dataclass(slots=True)
class Rows:
    """Nodes in columns: row i is node `ids[i]` (of `label`), stated by source `sources[i]` with
    `facts[i]`, with an edge of `edge_type` to each node of `targets[i]`, whose evidence is
    `Evidence(document, text=texts[i], note=notes[i])`. What `Batch.add_facts` and
    `Batch.add_edge` record, without an object per fact and per edge: a registry file's
    100,000 entries (see `Batch.rows`)."""

    label: Label
    edge_type: EdgeType
    document: str
    ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    targets: list[tuple[str, ...]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, node_id: str, source: str, facts: dict, targets: tuple[str, ...], text: str,
            note: str) -> None:  # fmt: skip
        self.ids.append(node_id)
        self.sources.append(source)
        self.facts.append(facts)
        self.targets.append(targets)
        self.texts.append(text)
        self.notes.append(note)

    def evidence(self, i: int) -> Evidence:
        return Evidence(self.document, 0, 0, "", self.texts[i], note=self.notes[i])


@dataclass(slots=True)
class Batch:
    """Everything one document contributes: facts per node and source, edges with their
    evidence, and `rows` (facts and edges in columns, which `expanded` turns into the former:
    a store that does not write rows as they are reads `expanded()`)."""

    document: Node
    facts: dict[str, dict[str, dict]] = field(default_factory=dict)  # node -> source -> props
    labels: dict[str, Label] = field(default_factory=dict)  # node -> label (for new nodes)
    edges: list[Edge] = field(default_factory=list)
    _index: dict[tuple, Edge] = field(default_factory=dict, repr=False)
    rows: list[Rows] = field(default_factory=list)

    def add_facts(self, node_id: str, label: Label, source: str, props: dict) -> None:
        self.labels.setdefault(node_id, label)
        self.facts.setdefault(node_id, {})[source] = props

    def add_edge(self, source: str, target: str, type_: EdgeType, evidence: Evidence) -> None:
        key = (source, target, type_)
        edge = self._index.get(key)
        if edge is None:
            edge = self._index[key] = Edge(source, target, type_, [])
            self.edges.append(edge)
        if evidence not in edge.evidence:
            edge.evidence.append(evidence)

    def expanded(self, only: list[tuple[Rows, int]] | None = None) -> Batch:
        """The same contribution with its rows (or only the rows `(rows, i)` given, the others
        left out) as facts and edges, in a new Batch (this one is left as it is); the batch
        itself when it has no rows."""
        if not self.rows and only is None:
            return self
        out = Batch(self.document, {k: dict(v) for k, v in self.facts.items()}, dict(self.labels))
        for e in self.edges:
            edge = out._index[(e.source, e.target, e.type)] = Edge(
                e.source, e.target, e.type, list(e.evidence), dict(e.props)
            )
            out.edges.append(edge)
        pairs = only if only is not None else [(r, i) for r in self.rows for i in range(len(r.ids))]
        for r, i in pairs:
            out.add_facts(r.ids[i], r.label, r.sources[i], r.facts[i])
            if r.targets[i]:
                ev = r.evidence(i)
                for target in r.targets[i]:
                    out.add_edge(r.ids[i], target, r.edge_type, ev)
        return out


@dataclass(slots=True)
class ApplyResult:
    nodes_new: int = 0
    nodes_updated: int = 0
    edges_new: int = 0
    unchanged: bool = False


# --- deriving a node's properties from its sources ----------------------------------------------


def _rank(source: str, facts: dict) -> list:
    """The most complete source first; the registry first on ties; then the source id."""
    return [-len(facts), 0 if source.startswith("registry") else 1, source]


def add_surfaces(aliases: set[str], value) -> None:
    """Add a fact's surface (or list of surfaces) to `aliases`, its spaces collapsed.

    >>> names = set(); add_surfaces(names, ["NQ  18", "Nghị quyết 18"]); sorted(names)
    ['NQ 18', 'Nghị quyết 18']
    """
    for surface in value if isinstance(value, list) else [value]:
        aliases.add(" ".join(str(surface).split()))


def summary_add(summary: dict, source: str, facts: dict) -> dict:
    """Fold one source's facts into a node's summary (in place; returned for chaining).

    The summary holds, for each property, the best-ranked source's value; for CONFLICT_FIELDS,
    every distinct value with its sources (at most SOURCES_PER_VALUE, the smallest ids, and a
    count); and the surfaces. Folding in any order gives the same summary, so a store adds a
    document's facts without reading the node's other sources."""
    best = summary.setdefault("best", {})
    values = summary.setdefault("values", {})
    aliases = set(summary.get("aliases", ()))
    rank = _rank(source, facts)
    for key, value in facts.items():
        if key in ("surface", "surfaces"):
            add_surfaces(aliases, value)
            continue
        if value in (None, "", []):
            continue
        held = best.get(key)
        if held is None or rank < held[:3]:
            best[key] = [*rank, value]
        if key in CONFLICT_FIELDS:
            entries = values.setdefault(key, [])
            entry = next((x for x in entries if x[0] == value), None)
            if entry is None:
                entry = [value, [], 0]
                entries.append(entry)
            if source not in entry[1]:
                bisect.insort(entry[1], source)
                entry[2] += 1
                del entry[1][SOURCES_PER_VALUE:]
    summary["aliases"] = sorted(aliases)
    return summary


def summary_props(summary: dict) -> dict:
    """The node's properties from its summary (what `derive` gives from all its sources)."""
    props = {key: held[3] for key, held in summary.get("best", {}).items()}
    conflicts = {}
    for key, entries in summary.get("values", {}).items():
        if len(entries) > 1:
            rows = []
            for value, sources, count in sorted(entries, key=lambda x: str(x[0])):
                row = {"value": value, "sources": list(sources)}
                if count > len(sources):
                    row["more"] = count - len(sources)
                rows.append(row)
            conflicts[key] = rows
    if summary.get("aliases"):
        props["aliases"] = list(summary["aliases"])
    if conflicts:
        props["conflicts"] = conflicts
    return props


def summarise(sources: dict[str, dict]) -> dict:
    summary: dict = {}
    for source in sorted(sources):
        summary_add(summary, source, sources[source])
    return summary


def derive(sources: dict[str, dict]) -> dict:
    """A node's properties from the facts of its sources.

    Each property comes from the most complete source that states it (the one stating most
    properties; the registry first on ties, then the source id, so the result is stable).
    Disagreements on CONFLICT_FIELDS are kept in `conflicts` (each value with its sources);
    surfaces are kept in `aliases`.

    >>> derive({"a": {"year": 2017, "surfaces": ["NQ 18"]}, "b": {"year": 2022}})["conflicts"]
    {'year': [{'value': 2017, 'sources': ['a']}, {'value': 2022, 'sources': ['b']}]}
    """
    return summary_props(summarise(sources))


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _not_json(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# The C encoder made once (json.dumps makes one per call, a third of its time on small dicts);
# the same output as _CANONICAL.encode. No check for circular values (markers None: a tenth of
# the time of a small dict): stored values are trees.
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # None without the C module
_C_ENCODE = (
    _MAKE_ENCODER(
        None, _not_json, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )
    if _MAKE_ENCODER is not None
    else None
)


def dumps(value) -> str:
    """Canonical JSON of stored values (both stores).

    >>> dumps({"b": 1, "a": "Đ"})
    '{"a":"Đ","b":1}'
    """
    if _C_ENCODE is None or isinstance(value, str):
        return _CANONICAL.encode(value)
    return "".join(_C_ENCODE(value, 0))


def stats_of(by_label, by_type, by_kind, by_issuer, by_year, unresolved: int) -> dict:
    """The answer of `stats` from its counts (both stores): labels, edge types and years in
    order, kinds and issuers most frequent first."""

    def most_first(counts) -> dict:
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    return {
        "nodes": dict(sorted(by_label.items())),
        "edges": dict(sorted(by_type.items())),
        "directives_by_kind": most_first(by_kind),
        "directives_by_issuer": most_first(by_issuer),
        "directives_by_year": dict(sorted(by_year.items())),
        "unresolved_references": unresolved,
    }


# --- the protocol ---------------------------------------------------------------------------


class WriteSession(abc.ABC):
    """The writes of one command or request. Each `apply_many` call commits (or fails) whole:
    readers see a document entirely or not at all."""

    group_size: int = 1  # documents per transaction a loader should send together

    def apply(self, batch: Batch) -> ApplyResult:
        return self.apply_many([batch])[0]

    @contextlib.contextmanager
    def grouped(self) -> Iterator[None]:
        """A loader's run of many `apply_many` calls: a store may commit them several at a time
        (then a crash loses at most the documents since the last commit, each document whole),
        its reads in this thread seeing what is not committed yet, so the loader resolves each
        document against everything written before it. The default: each call commits."""
        yield

    def commit_group(self) -> None:  # noqa: B027 - a no-op where each call commits
        """Commit what `grouped` holds so far (a loader about to wait: others may write)."""

    @abc.abstractmethod
    def apply_many(self, batches: list[Batch]) -> list[ApplyResult]:
        """Add documents' contributions; a document already loaded with the same content is a
        no-op, and one loaded before from the same path with other content is replaced."""

    def apply_bulk(self, batch: Batch) -> ApplyResult:
        """One large document's batch (a registry file of 100,000 entries, its entries as
        `rows`): the same graph and result as `apply(batch.expanded())` (which this default is),
        committed whole; a store may write it in bulk, with work per statement, not per node."""
        return self.apply(batch.expanded())

    @abc.abstractmethod
    def remove_document(self, document_id: str) -> None:
        """Withdraw everything a document contributed."""

    @abc.abstractmethod
    def bulk_write(self, nodes: list[NodeRow], edges: list[Edge], fresh: bool = False) -> None:
        """Ready-made nodes `(id, label, props, sources)` and edges (imports, push, benchmarks):
        merged like documents' facts; `fresh` promises that the store holds none of them."""


class GraphStore(abc.ABC):
    """What every store does. Queries (queries/) and every command are written against this
    interface, and nothing else of a store."""

    # Reads that are local and short (a file on this machine, no network): a caller may make
    # them on an event loop. False: they may wait (a server), make them in a worker thread.
    local_reads = False

    @abc.abstractmethod
    @contextlib.contextmanager
    def session(self) -> Iterator[WriteSession]:
        """A write session (see WriteSession); its writes are committed as they are made."""

    @abc.abstractmethod
    def describe(self) -> str:
        """Where the data is ("the embedded store in ./data", "Neo4j at bolt://..."), for
        messages: it names no credentials."""

    @abc.abstractmethod
    def dump(self) -> tuple[list[NodeRow], list[Edge]]:
        """Every node with its sources and every edge: what `bulk_write` takes (push)."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Delete the whole graph (tests, `push --replace`)."""

    def view(self, node_ids: list[str] | None = None):
        """A networkx MultiDiGraph of the nodes given (all when None) and the edges among them,
        with `label` and `props` on nodes and `type` and `evidence` on edges: graph work
        (analysis, GraphML) runs on the part of the graph it needs."""
        import networkx as nx

        g = nx.MultiDiGraph()
        nodes = self.nodes() if node_ids is None else list(self.nodes_by_id(node_ids).values())
        for n in nodes:
            g.add_node(n.id, label=str(n.label), props=n.props)
        keep = set(g)
        if node_ids is None:
            edges = self.edges()  # one read, not one per node
        else:
            edges = [e for n in nodes for e in self.edges(source=n.id)]
        for e in edges:
            if e.source in keep and e.target in keep:
                g.add_edge(e.source, e.target, key=str(e.type), type=str(e.type),
                           evidence=[ev.to_dict() for ev in e.evidence])  # fmt: skip
        return g

    @abc.abstractmethod
    def node(self, node_id: str) -> Node | None: ...

    @abc.abstractmethod
    def nodes(self, label: Label | None = None) -> list[Node]: ...

    @abc.abstractmethod
    def edges(
        self,
        source: str | None = None,
        target: str | None = None,
        types: tuple[EdgeType, ...] | None = None,
    ) -> list[Edge]: ...

    def close(self) -> None:  # noqa: B027 - optional for stores without resources
        """Release resources (connections)."""

    def data_version(self) -> object | None:
        """A token that changes whenever anyone (this process or another) commits a write to
        the store, or None when the store cannot tell (then nothing may cache its answers).
        Answers read after a call to `data_version` are at least as new as the token it gave.
        Neo4j: None (other clients' writes are not seen)."""
        return None

    # Primitives of the query catalogue. These defaults follow edges one call at a time; the
    # Neo4j store answers each with one Cypher query. Same inputs, same outputs.

    def nodes_by_id(self, ids: list[str]) -> dict[str, Node]:
        found = {}
        for node_id in ids:
            node = self.node(node_id)
            if node is not None:
                found[node_id] = node
        return found

    def implementers(self, directive_id: str) -> dict[str, list[str]]:
        """Directives (and texts with no number of their own, as Document nodes) implementing
        `directive_id` through IMPLEMENTS chains that texts state, each with its shortest path
        `[plan, ..., directive_id]` (the directive itself maps to `[id]`)."""
        paths = {directive_id: [directive_id]}
        level = [directive_id]
        while level:
            found: dict[str, list[str]] = {}
            for current in level:
                for e in self.edges(target=current, types=(EdgeType.IMPLEMENTS,)):
                    if e.source in paths:
                        continue
                    node = self.node(e.source)
                    if node is None or node.label not in (Label.DIRECTIVE, Label.DOCUMENT):
                        continue
                    path = [e.source, *paths[current]]
                    if e.source not in found or path < found[e.source]:
                        found[e.source] = path  # among shortest paths, the smallest ids
            paths.update(found)
            level = sorted(p for p in found if not p.startswith("doc-"))
        return paths

    def directives_with(
        self, code: str | None = None, kind: str | None = None, number: str | None = None
    ) -> list[Node]:
        """Directives with this code, or this kind and number (indexed lookups, both stores)."""
        out = []
        for n in self.nodes(Label.DIRECTIVE):
            p = n.props
            if code is not None and (p.get("code") or "").upper() != code.upper():
                continue
            if kind is not None and p.get("kind") != kind:
                continue
            if number is not None and p.get("number") != number:
                continue
            out.append(n)
        return sorted(out, key=lambda n: n.id)

    def directives_with_codes(self, codes: list[str]) -> dict[str, list[Node]]:
        """`directives_with(code=c)` of each code (a store may answer them in one query)."""
        return {c: self.directives_with(code=c) for c in codes}

    def directives_matching(
        self,
        kind: str | None = None,
        year: int | None = None,
        term: str | None = None,
        issuer: str | None = None,
        after: str | None = None,
        limit: int | None = None,
    ) -> list[Node]:
        """Directives of a kind, year, term and issuer name (any of them may be None), in id
        order: those with ids after `after`, at most `limit` of them (a page)."""
        out = []
        for n in self.nodes(Label.DIRECTIVE):
            p = n.props
            if issuer and issuer not in split_issuers(p.get("issuer")):
                continue
            if kind and p.get("kind") != kind:
                continue
            if year and str(p.get("year")) != str(year):
                continue
            if term and (p.get("term") or "").upper() != term.upper():
                continue
            if after is not None and n.id <= after:
                continue
            out.append(n)
        out.sort(key=lambda n: n.id)
        return out if limit is None else out[:limit]

    def unimplemented_directives(self, include_inferred: bool) -> list[Node] | None:
        """The Neo4j store answers `unimplemented` in one query; None means: compute it."""
        return None

    def tasks_implementing_raw(self, directive_id: str, transitive: bool) -> tuple:
        """(paths, task links, plans' own tasks, task nodes, first hops) for
        `tasks_implementing`: `first hops` maps each plan to its IMPLEMENTS edge towards the
        directive, whose evidence is what its tasks inherit."""
        paths = self.implementers(directive_id) if transitive else {directive_id: [directive_id]}
        links = self.task_links_to(sorted(paths))
        own = self.plan_tasks(sorted(p for p in paths if p != directive_id))
        tasks = self.nodes_by_id(sorted({e.source for e in links} | {h.target for _, h in own}))
        hops = {}
        for plan, path in paths.items():
            if len(path) > 1:
                hop = self.edges(source=plan, target=path[1], types=(EdgeType.IMPLEMENTS,))
                if hop:
                    hops[plan] = hop[0]
        return paths, links, own, tasks, hops

    def task_links_to(self, targets: list[str]) -> list[Edge]:
        """IMPLEMENTS and REVIEWS edges from tasks to any of `targets`."""
        out = []
        for target in targets:
            for e in self.edges(target=target, types=(EdgeType.IMPLEMENTS, EdgeType.REVIEWS)):
                if e.source.startswith("task-"):
                    out.append(e)
        return out

    def plan_tasks(self, targets: list[str]) -> list[tuple[str, Edge]]:
        """(plan, HAS_TASK edge) for the tasks of the documents that are one of `targets` (a
        directive's own text, or a Document node itself)."""
        out = []
        for target in targets:
            docs = [e.source for e in self.edges(target=target, types=(EdgeType.IS_DIRECTIVE,))]
            if target.startswith("doc-"):
                docs.append(target)
            for doc in docs:
                for has in self.edges(source=doc, types=(EdgeType.HAS_TASK,)):
                    out.append((target, has))
        return out

    # Derived helpers, shared by every store ---------------------------------------------------

    def documents(self) -> list[Node]:
        return self.nodes(Label.DOCUMENT)

    def stats(self) -> dict:
        by_label: dict[str, int] = defaultdict(int)
        by_kind: dict[str, int] = defaultdict(int)
        by_issuer: dict[str, int] = defaultdict(int)
        by_year: dict[str, int] = defaultdict(int)
        for n in self.nodes():
            by_label[str(n.label)] += 1
            if n.label is Label.DIRECTIVE:
                by_kind[n.props.get("kind") or "?"] += 1
                by_issuer[n.props.get("issuer") or "?"] += 1
                by_year[str(n.props.get("year") or "?")] += 1
        by_type: dict[str, int] = defaultdict(int)
        for e in self.edges():
            by_type[str(e.type)] += 1
        unresolved = sum(len(d.props.get("unresolved", [])) for d in self.documents())
        return stats_of(by_label, by_type, by_kind, by_issuer, by_year, unresolved)

    def export(self) -> dict:
        """The whole graph as networkx node-link JSON (`nodes`, `links`), stable order."""
        nodes = [
            {"id": n.id, "label": str(n.label), **n.props}
            for n in sorted(self.nodes(), key=lambda n: (str(n.label), n.id))
        ]
        links = [
            {
                "source": e.source,
                "target": e.target,
                "type": str(e.type),
                **e.props,
                "evidence": [ev.to_dict() for ev in e.evidence],
            }
            for e in sorted(self.edges(), key=lambda e: e.key)
        ]
        return {
            "directed": True,
            "multigraph": True,
            "graph": {"format_version": FORMAT_VERSION},
            "nodes": nodes,
            "links": links,
        }
