"""The store interface, and the rules every store shares for merging what documents say.

A document's load is one `Batch`: its Document node, the facts each mention states about a
node, and the edges with their evidence. Stores keep facts per source (a mention, or the
registry) and derive a node's properties from them, so reloading a document replaces exactly
what it said, and two sources that disagree show up as a conflict instead of overwriting.
"""

from __future__ import annotations

import abc
from collections import defaultdict
from dataclasses import dataclass, field

from graph.bodies import split_issuers
from graph.model import Edge, EdgeType, Evidence, Label, Node

FORMAT_VERSION = 1

# Properties whose disagreement between sources is a conflict worth recording.
CONFLICT_FIELDS = ("issued_on", "issuer", "term", "plenum", "congress", "kind", "year")
# The order of a derived Directive's properties (the export and `show` follow it).
DIRECTIVE_FIELDS = (
    "code", "kind", "number", "year", "symbol", "issued_on", "issuer", "term", "plenum",
    "congress", "title", "subject",
)  # fmt: skip


class StoreError(RuntimeError):
    """The store cannot do what was asked (unreadable data, server down ...)."""


@dataclass(slots=True)
class Batch:
    """Everything one document contributes."""

    document: Node
    facts: dict[str, dict[str, dict]] = field(default_factory=dict)  # node -> source -> props
    labels: dict[str, Label] = field(default_factory=dict)  # node -> label (for new nodes)
    edges: list[Edge] = field(default_factory=list)

    def add_facts(self, node_id: str, label: Label, source: str, props: dict) -> None:
        self.labels.setdefault(node_id, label)
        self.facts.setdefault(node_id, {})[source] = props

    def add_edge(self, source: str, target: str, type_: EdgeType, evidence: Evidence) -> None:
        for e in self.edges:
            if (e.source, e.target, e.type) == (source, target, type_):
                if evidence not in e.evidence:
                    e.evidence.append(evidence)
                return
        self.edges.append(Edge(source, target, type_, [evidence]))


@dataclass(slots=True)
class ApplyResult:
    nodes_new: int = 0
    nodes_updated: int = 0
    edges_new: int = 0
    unchanged: bool = False


def derive(sources: dict[str, dict]) -> dict:
    """A node's properties from the facts of its sources.

    Each property comes from the most complete source that states it (the one stating most
    properties; the registry first on ties, then the source id, so the result is stable).
    Disagreements on CONFLICT_FIELDS are kept in `conflicts`; surfaces are kept in `aliases`.
    """
    ranked = sorted(
        sources.items(), key=lambda kv: (-len(kv[1]), not kv[0].startswith("registry"), kv[0])
    )
    props: dict = {}
    values: dict[str, dict] = defaultdict(dict)
    aliases: set[str] = set()
    for source, facts in ranked:
        for key, value in facts.items():
            if key in ("surface", "surfaces"):
                for surface in value if isinstance(value, list) else [value]:
                    aliases.add(" ".join(str(surface).split()))
                continue
            if value in (None, "", []):
                continue
            props.setdefault(key, value)
            if key in CONFLICT_FIELDS:
                values[key].setdefault(_hashable(value), []).append(source)
    conflicts = {
        key: [{"value": v, "sources": sorted(srcs)} for v, srcs in sorted(seen.items(), key=str)]
        for key, seen in values.items()
        if len(seen) > 1
    }
    if aliases:
        props["aliases"] = sorted(aliases)
    if conflicts:
        props["conflicts"] = conflicts
    return props


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


class GraphStore(abc.ABC):
    """What every store does. Queries (queries/) are written against this interface."""

    @abc.abstractmethod
    def apply(self, batch: Batch) -> ApplyResult:
        """Add a document's contributions; a document already loaded with the same content is
        a no-op, and one loaded before from the same path with other content is replaced."""

    @abc.abstractmethod
    def remove_document(self, document_id: str) -> None:
        """Withdraw everything a document contributed."""

    @abc.abstractmethod
    def add_registry(self, source: str, facts: dict[str, dict], labels: dict[str, Label]) -> None:
        """Facts about nodes from a registry file (source "registry:<name>")."""

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

    @abc.abstractmethod
    def save(self) -> None: ...

    def close(self) -> None:  # noqa: B027 - optional for stores without resources
        """Release resources (connections)."""

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

    def directives_matching(
        self,
        kind: str | None = None,
        year: int | None = None,
        term: str | None = None,
        issuer: str | None = None,
    ) -> list[Node]:
        """Directives of a kind, year, term and issuer name (any of them may be None)."""
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
            out.append(n)
        return out

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
        return {
            "nodes": dict(sorted(by_label.items())),
            "edges": dict(sorted(by_type.items())),
            "directives_by_kind": dict(sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))),
            "directives_by_issuer": dict(sorted(by_issuer.items(), key=lambda kv: (-kv[1], kv[0]))),
            "directives_by_year": dict(sorted(by_year.items())),
            "unresolved_references": unresolved,
        }

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
