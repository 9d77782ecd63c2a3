"""Score the graph a user gets from loading a folder of texts against a hand-made graph gold
(`eval/graph-gold/NNN.json`, described in `eval/README.md`).

The texts are loaded together into a fresh embedded store, as `directive-graph load` does. Then:

- nodes: each gold citation (of the citation gold) is matched to the mention the graph holds at
  its span; a gold document whose mentions land on several nodes is *split*, a node holding
  mentions of several gold documents is *merged*, a directive node none of whose mentions is a
  gold citation is *bogus*; a datable gold document is *right* when its mentions resolve to an
  accepted id with the gold date, *wrong* when they resolve to another id or date;
- tasks: predicted tasks match gold tasks by the line where they start (tasks listed inline on
  one line are that line's task, their links together);
- stated task links: (task line, type, target) triples of stated task links;
- document links: links whose evidence lies in the document, from its own directive (or the
  Document node) or between two cited documents;
- transitive answers: for each directive of the gold, the tasks `tasks_implementing` returns
  from the gold's texts, checked against the tasks that implement it by the gold (their own
  links, their document's IMPLEMENTS links, and IMPLEMENTS links stated between documents).
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType, Label
from directive_graph.graph.registry import Registry
from directive_graph.loaders.evaluate import locate_gold
from directive_graph.loaders.load import load_paths
from directive_graph.loaders.reading import decode_bytes
from directive_graph.queries.catalogue import tasks_implementing


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(self.f1(), 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


@dataclass(slots=True)
class GraphScore:
    tasks: Counts = field(default_factory=Counts)
    task_links: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    transitive_right: int = 0
    transitive_returned: int = 0
    transitive_expected: int = 0
    resolution_right: int = 0
    resolution_wrong: int = 0
    resolution_total: int = 0
    bogus: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def transitive_precision(self) -> float:
        r = self.transitive_returned
        return self.transitive_right / r if r else 1.0

    @property
    def transitive_recall(self) -> float:
        e = self.transitive_expected
        return self.transitive_right / e if e else 1.0

    @property
    def resolution_accuracy(self) -> float:
        t = self.resolution_total
        return self.resolution_right / t if t else 1.0

    def to_dict(self) -> dict:
        return {
            "tasks": self.tasks.to_dict(),
            "stated_task_links": self.task_links.to_dict(),
            "document_links": self.links.to_dict(),
            "transitive": {
                "precision": round(self.transitive_precision, 4),
                "recall": round(self.transitive_recall, 4),
                "returned": self.transitive_returned,
                "right": self.transitive_right,
                "expected": self.transitive_expected,
            },
            "resolution": {
                "accuracy": round(self.resolution_accuracy, 4),
                "right": self.resolution_right,
                "wrong": self.resolution_wrong,
                "datable": self.resolution_total,
            },
            "bogus": sorted(self.bogus),
            "split": sorted(self.split),
            "merged": sorted(self.merged),
        }


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _gold_spans(text: str, gold: dict, cites_path: Path) -> list[tuple[int, int] | None]:
    """Spans (into the whole file) of the citation gold's citations, by index."""
    if gold.get("mentions_are_lines"):
        return []
    cites = json.loads(cites_path.read_text(encoding="utf-8"))["citations"]
    body_start = text.find("\n") + 1 if text.startswith("# source:") else 0
    located = locate_gold(text[body_start:], cites)
    return [(g.start + body_start, g.end + body_start) for g in located]


def evaluate_graph(text_dir: Path, gold_dir: Path, graph_gold_dir: Path) -> GraphScore:
    """Load the texts of the graph gold together and score the graph (see the module doc)."""
    golds = []
    for path in sorted(graph_gold_dir.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        g["_name"] = path.stem
        g["_text_path"] = (text_dir / g["file"]).resolve()
        golds.append(g)
    if not golds:
        raise FileNotFoundError(f"{graph_gold_dir}: no graph gold *.json files")
    with tempfile.TemporaryDirectory(prefix="dg-eval-") as tmp:
        store = EmbeddedStore(tmp)
        load_paths([g["_text_path"] for g in golds], store, Registry.load())
        return _score(store, golds, gold_dir)


def _score(store, golds: list[dict], gold_dir: Path) -> GraphScore:
    score = GraphScore()
    docs = {d.props.get("path"): d for d in store.documents()}
    node_docs: dict[str, set[str]] = defaultdict(set)  # node -> gold documents mentioned there
    accepted: dict[str, set[str]] = {}  # gold document -> ids that name it
    gold_tasks: dict[str, list[tuple[str, int]]] = defaultdict(list)  # X -> (file, task line)
    doc_implements: dict[str, set[str]] = defaultdict(set)  # file -> X
    chain: dict[str, set[str]] = defaultdict(set)  # Y -> X, stated IMPLEMENTS between documents
    tasks_of_file: dict[str, dict[int, list[str]]] = {}
    for g in golds:
        name = g["_name"]
        doc = docs.get(str(g["_text_path"]))
        if doc is None:
            score.details.append(f"{name}: not loaded")
            continue
        text = decode_bytes(Path(g["_text_path"]).read_bytes(), str(g["_text_path"]))
        own = g["document"].get("id")
        ids_of = {c["id"]: {c["id"], *c.get("accept", [])} for c in g["cited"]}
        if own:
            ids_of[own] = {own, *g["document"].get("accept", [])}
        for gid, ids in ids_of.items():
            accepted.setdefault(gid, set()).update(ids)
        canon = {i: gid for gid, ids in ids_of.items() for i in ids}
        # --- nodes ------------------------------------------------------------------------
        mentions = [
            (ev.start, ev.end, e.target)
            for e in store.edges(source=doc.id, types=(EdgeType.MENTIONS,))
            for ev in e.evidence
            if ev.document == doc.id
        ]
        spans = _gold_spans(text, g, gold_dir / f"{name}.json") if name != "seed" else []
        by_line = g.get("mentions_are_lines", False)
        matched_nodes: set[str] = set()
        for c in g["cited"]:
            nodes = set()
            for k in c["mentions"]:
                if by_line:  # a line holds many mentions: take the ones that name this document
                    hits = [
                        t for s, _, t in mentions if _line_of(text, s) == k and t in ids_of[c["id"]]
                    ]
                else:
                    a, b = spans[k]
                    hits = [t for s, e, t in mentions if s < b and a < e]
                nodes.update(hits)
            matched_nodes |= nodes
            for n in nodes:
                node_docs[n].add(c["id"])
            if len(nodes) > 1:
                score.split.append(f"{name}: {c['id']} -> {sorted(nodes)}")
            if c.get("datable"):
                score.resolution_total += 1
                good = nodes and all(n in ids_of[c["id"]] for n in nodes)
                dates = {store.node(n).props.get("issued_on") for n in nodes}
                want = c.get("issued_on")
                dates_ok = not want or dates == {want}
                if good and dates_ok:
                    score.resolution_right += 1
                else:
                    # a wrong node or a wrong date is wrong; the right node without a date is not
                    if nodes and (not good or (want and dates - {None, want})):
                        score.resolution_wrong += 1
                    got = {n: store.node(n).props.get("issued_on") for n in nodes}
                    score.details.append(
                        f"{name}: resolution {c['id']} {c.get('issued_on')} -> {got or 'none'}"
                    )
        if not by_line:
            gold_spans = [sp for sp in spans if sp]
            for s, e, t in mentions:
                if t in matched_nodes:
                    continue
                if not any(s < b and a < e for a, b in gold_spans):
                    node = store.node(t)
                    if node is not None and node.label is Label.DIRECTIVE and t not in ids_of:
                        own_hit = own and t in ids_of.get(own, set())
                        if not own_hit:
                            score.bogus.append(f"{name}: {t} ({text[s:e]!r})")
        # --- tasks ------------------------------------------------------------------------
        predicted: dict[int, list[str]] = {}  # line -> the tasks starting there (the gold's
        for e in store.edges(source=doc.id, types=(EdgeType.HAS_TASK,)):  # unit is the line:
            task = store.node(e.target)  # a paragraph listing tasks inline is one gold task)
            predicted.setdefault(_line_of(text, task.props["start"]), []).append(e.target)
        tasks_of_file[name] = predicted
        expected = {t["line"]: t for t in g.get("tasks", [])}
        for line in expected:
            if line in predicted:
                score.tasks.tp += 1
            else:
                score.tasks.fn += 1
                score.details.append(f"{name}: task missed at line {line}")
        for line in predicted:
            if line not in expected:
                score.tasks.fp += 1
                score.details.append(f"{name}: task extra at line {line}")
        # --- stated task links ------------------------------------------------------------
        want_task_links = {
            (t["line"], lk["type"], lk["target"])
            for t in g.get("tasks", [])
            for lk in t.get("links", [])
        }
        got_task_links = set()
        for line, tid in ((line, tid) for line, tids in predicted.items() for tid in tids):
            for e in store.edges(source=tid, types=(EdgeType.IMPLEMENTS, EdgeType.REVIEWS)):
                if any(ev.stated for ev in e.evidence):
                    got_task_links.add((line, str(e.type), canon.get(e.target, e.target)))
        _count(
            score.task_links, want_task_links, got_task_links, f"{name}: task link", score.details
        )
        for line, typ, target in want_task_links:
            if typ == "IMPLEMENTS":
                gold_tasks[target].append((name, line))
        # --- document links ---------------------------------------------------------------
        self_ids = {e.target for e in store.edges(source=doc.id, types=(EdgeType.IS_DIRECTIVE,))}
        want_links = {("self", lk["type"], lk["target"]) for lk in g.get("document_links", [])} | {
            ("self" if lk["source"] == own else lk["source"], lk["type"], lk["target"])
            for lk in g.get("links", [])
        }
        got_links = set()
        for source in {doc.id, *self_ids, *(t for _, _, t in mentions)}:
            for e in store.edges(source=source):
                if e.type in (
                    EdgeType.MENTIONS,
                    EdgeType.IS_DIRECTIVE,
                    EdgeType.HAS_TASK,
                    EdgeType.ISSUED_BY,
                    EdgeType.PART_OF,
                    EdgeType.CITES,
                ):
                    continue
                if not any(ev.document == doc.id and ev.stated for ev in e.evidence):
                    continue
                src = (
                    "self" if source == doc.id or source in self_ids else canon.get(source, source)
                )
                got_links.add((src, str(e.type), canon.get(e.target, e.target)))
        _count(score.links, want_links, got_links, f"{name}: link", score.details)
        for lk in g.get("document_links", []):
            if lk["type"] == "IMPLEMENTS":
                doc_implements[name].add(lk["target"])
        for lk in g.get("links", []):
            if lk["type"] == "IMPLEMENTS":
                chain[lk["source"]].add(lk["target"])
        if own:
            for target in doc_implements[name]:
                chain[own].add(target)
    for node, gids in node_docs.items():
        # one node for several gold documents; not a merge where the gold accepts that node
        # as each of them ("Luật Ngân sách nhà nước" in a text of 2025 may be 83/2015/QH13)
        if len(gids) > 1 and not all(node in accepted.get(g, {g}) for g in gids):
            score.merged.append(f"{node} <- {sorted(gids)}")
    _transitive(store, golds, tasks_of_file, gold_tasks, doc_implements, chain, accepted, score)
    return score


def _count(counts: Counts, want: set, got: set, what: str, details: list[str]) -> None:
    counts.tp += len(want & got)
    counts.fn += len(want - got)
    counts.fp += len(got - want)
    details.extend(f"{what} missed {x}" for x in sorted(want - got, key=str))
    details.extend(f"{what} extra {x}" for x in sorted(got - want, key=str))


def _transitive(store, golds, tasks_of_file, gold_tasks, doc_implements, chain, accepted, score):
    def upstream(x: str) -> set[str]:
        seen, todo = {x}, [x]
        while todo:
            for y in chain.get(todo.pop(), ()):
                if y not in seen:
                    seen.add(y)
                    todo.append(y)
        return seen

    expected: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for g in golds:
        name = g["_name"]
        for t in g.get("tasks", []):
            direct = {lk["target"] for lk in t.get("links", []) if lk["type"] == "IMPLEMENTS"}
            reached = set()
            for x in direct | doc_implements.get(name, set()):
                reached |= upstream(x)
            for x in reached:
                expected[x].add((name, t["line"]))
            for lk in t.get("links", []):
                if lk["type"] == "REVIEWS":
                    expected[lk["target"]].add((name, t["line"]))
    line_of = {
        tid: (name, line)
        for name, m in tasks_of_file.items()
        for line, tids in m.items()
        for tid in tids
    }
    primary = set(accepted)
    # A gold directive accepted as another's alternative ("Luật Ngân sách nhà nước" in a text
    # of 2025 may be 83/2015/QH13): the other's tasks are right answers for it too.
    also: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for gid, ids in accepted.items():
        for node_id in ids - {gid}:
            if node_id in primary:
                also[node_id] |= expected.get(gid, set())

    def answers(node_id: str) -> set[tuple[str, int]]:
        rows = tasks_implementing(store, node_id) if store.node(node_id) is not None else []
        return {line_of[r["task"]["id"]] for r in rows if r["task"]["id"] in line_of}

    for gid, ids in accepted.items():
        want = expected.get(gid, set())
        got: set[tuple[str, int]] = set()
        for node_id in ids:
            if node_id != gid and node_id in primary:
                # another gold document's own id, accepted here as an alternative: only the
                # answers this directive expects count (the rest are scored under that id)
                got |= answers(node_id) & want
            else:
                got |= answers(node_id)
        allowed = want | also.get(gid, set())
        got -= allowed - want  # right under the other id, where they are counted
        score.transitive_returned += len(got)
        score.transitive_expected += len(want)
        score.transitive_right += len(got & want)
        for x in sorted(got - allowed):
            score.details.append(f"transitive: {gid} returns {x[0]}:{x[1]} wrongly")
        for x in sorted(want - got):
            score.details.append(f"transitive: {gid} misses {x[0]}:{x[1]}")
