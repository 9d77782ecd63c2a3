"""Loading: files -> documents -> citations -> resolved references -> one batch per document.

`build_batch` is pure (text in, batch out); `load_paths` walks files and folders, applies each
batch to a store, and reports what happened. A file that cannot be read is reported with its
reason and the rest still loads.
"""

from __future__ import annotations

import fnmatch
import functools
import gc
import hashlib
import json
import os
import re
import sys
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from directive_graph.graph.bodies import body_info, letterhead_place, split_issuers
from directive_graph.graph.errors import (
    DirectiveGraphError,
    FormatError,
    InputError,
    NotARegistry,
    RegistryError,
    TooManyCitations,
)
from directive_graph.graph.history import MERGED, Period, body_on, lineage, period
from directive_graph.graph.ids import body_id, document_id
from directive_graph.graph.model import (
    Body,
    Citation,
    Document,
    Edge,
    EdgeType,
    Evidence,
    Kind,
    Label,
    Node,
    Task,
)
from directive_graph.graph.registry import Entry, Registry, title_key
from directive_graph.graph.store import ApplyResult, Batch, GraphStore, Rows, WriteSession
from directive_graph.graph.text import CleanText, clean
from directive_graph.loaders.citations import citations_in
from directive_graph.loaders.documents import (
    SourceDocument,
    iter_documents,
    read_document,
)
from directive_graph.loaders.outline import Outline, outline
from directive_graph.loaders.reading import decode_bytes
from directive_graph.loaders.registry_layouts import (
    REGISTRY_SUFFIXES,
    RegistryRead,
    prepared_of,
    read_registry,
)
from directive_graph.loaders.relations import (
    SELF,
    amended_by_title,
    find_links,
    own_force,
    stated_force,
)
from directive_graph.loaders.resolve import (
    DocumentContext,
    Reference,
    corpus_entries,
    graph_entries,
    latest_cited,
    resolve,
)
from directive_graph.loaders.sentences import Sentences
from directive_graph.loaders.tasklinks import link_tasks
from directive_graph.loaders.tasks import extract_tasks, find_period
from directive_graph.loaders.titles import document_title, letterhead_issuer, title_issuer

# Bodies are reference data (graph/bodies.py): one source for all their facts, whoever cites them.
BODY_SOURCE = "bodies"
RDF_SUFFIXES = (".ttl", ".nt", ".jsonld")
# Told of a registry file's rows: (path, phase, done, total); see load_paths.
RowProgress = Callable[[str, str, int, int], None]


@dataclass(slots=True)
class Unresolved:
    document: str
    path: str
    line: int
    text: str
    reason: str
    candidates: list[str]


@dataclass(slots=True)
class LoadReport:
    documents_read: int = 0
    documents_unchanged: int = 0
    registries_read: int = 0
    graphs_imported: int = 0
    nodes_imported: int = 0  # what the imported graphs held
    edges_imported: int = 0
    directives_new: int = 0
    directives_updated: int = 0
    edges_new: int = 0
    # the rows of registry files: how many were read, kept, rejected (by reason), the first few
    # rejected (path, line, reason) of each file, and dates left out as impossible
    registry_rows_read: int = 0
    registry_rows_kept: int = 0
    registry_rows_rejected: dict[str, int] = field(default_factory=dict)
    registry_dates_dropped: int = 0
    rejected_rows: list[tuple[str, int, str]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    excluded: int = 0  # files left out by --exclude
    kinds: Counter = field(default_factory=Counter)  # texts read, by the kind of their own number
    unresolved: list[Unresolved] = field(default_factory=list)

    def add_registry(self, read: RegistryRead) -> None:
        self.registry_rows_read += read.rows
        self.registry_rows_kept += read.kept
        for reason, n in read.rejected.items():
            self.registry_rows_rejected[reason] = self.registry_rows_rejected.get(reason, 0) + n
        self.registry_dates_dropped += read.dates_dropped
        self.rejected_rows.extend((str(read.path), line, why) for line, why in read.examples)

    def to_dict(self) -> dict:
        return {
            "documents_read": self.documents_read,
            "documents_unchanged": self.documents_unchanged,
            "registries_read": self.registries_read,
            "graphs_imported": self.graphs_imported,
            "nodes_imported": self.nodes_imported,
            "edges_imported": self.edges_imported,
            "failed": len(self.failures),
            "excluded": self.excluded,
            "documents_by_kind": dict(self.kinds.most_common()),
            "directives_new": self.directives_new,
            "directives_updated": self.directives_updated,
            "edges_new": self.edges_new,
            "registry_rows_read": self.registry_rows_read,
            "registry_rows_kept": self.registry_rows_kept,
            "registry_rows_rejected": dict(self.registry_rows_rejected),
            "registry_dates_dropped": self.registry_dates_dropped,
            "rejected_rows": [
                {"path": p, "line": line, "reason": r} for p, line, r in self.rejected_rows
            ],
            "failures": [{"path": p, "reason": r} for p, r in self.failures],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "unresolved": [asdict(u) for u in self.unresolved],
        }


# ---------------------------------------------------------------------------------------------
# One document


@dataclass(slots=True)
class ReadText:
    """A text read, cleaned and its citations extracted: the work of a document that needs
    neither the registry nor the store (`read_text_of`), done once per document and in a worker
    process when loading in parallel (loaders/parallel.py); `batch_of` does the rest."""

    src: SourceDocument
    cleaned: CleanText
    citations: list[Citation]

    @property
    def doc_id(self) -> str:
        return document_id(Path(self.src.path).stem, self.src.sha256)

    def own_kind(self) -> str:
        """The kind of the text's own number as extracted ("ke_hoach"), "" for none: what
        `_own_kind` gives of its batch, for a document skipped as unchanged."""
        own = next((c for c in self.citations if c.self), None)
        return str(own.kind) if own is not None and own.kind else ""

    def corpus(self) -> list[Entry]:
        """What the text states of the codes it cites with their year (Registry.with_corpus)."""
        return corpus_entries(self.citations, shown_path(self.src.path))


def shown_path(path: str) -> str:
    """A file's path as the graph keeps it (a document's `path`, the source of what a text
    states): absolute, so that it points to the file from wherever the graph is read; a name
    that is no file ("-", a posted text) as it is."""
    if not os.path.exists(path):
        return path
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    return os.path.join(_real_folder(os.getcwd(), folder or "."), name)


@functools.lru_cache(maxsize=1024)
def _real_folder(cwd: str, folder: str) -> str:
    """`folder` (relative to `cwd`) absolute, with its links followed: once per folder, as a
    load reads many files of one folder."""
    return os.path.realpath(os.path.join(cwd, folder))


def read_text_of(src: SourceDocument, max_citations: int | None = None) -> ReadText:
    """Clean a document's text and extract its citations (TooManyCitations beyond
    `max_citations`, once that many and one more are read: nothing beyond is extracted)."""
    cleaned = clean(src.text)  # once, for the citations, the sentences and the links
    limit = None if max_citations is None else max_citations + 1
    citations = citations_in(cleaned, limit)
    if max_citations is not None and len(citations) > max_citations:
        raise TooManyCitations(
            f"{src.path}: the text holds more than {max_citations:,} citations; split it, or "
            "load it with `directive-graph load`"
        )
    return ReadText(src, cleaned, citations)


def build_batch(
    src: SourceDocument, registry: Registry, max_citations: int | None = None
) -> tuple[Batch, list[Unresolved]]:
    """Everything a document contributes to the graph, with evidence for every edge. With
    `max_citations`, a text holding more is refused (TooManyCitations) once that many and one
    more are read: nothing beyond is extracted."""
    return batch_of(read_text_of(src, max_citations), registry)


def batch_of(read: ReadText, registry: Registry) -> tuple[Batch, list[Unresolved]]:
    """What `build_batch` gives, from a text already read (`read_text_of`)."""
    src, cleaned, citations = read.src, read.cleaned, read.citations
    text = src.text
    doc_id = read.doc_id
    own = next((c for c in citations if c.self), None)
    issued_on = src.issued_on or (own.issued_on if own else None)
    ctx = DocumentContext(
        doc_id,
        issued_on=issued_on,
        locality=letterhead_place(text),
        reading_date=None if issued_on else latest_cited(citations),
    )
    refs = resolve(citations, ctx, registry)
    structure = outline(cleaned, str(own.kind) if own else None)
    speaker = None  # the citation the text speaks as, when not its own number
    if own is not None and own.kind is Kind.VAN_BAN_HOP_NHAT:
        # a consolidated text ("Số: 05/VBHN-BNV", then "THÔNG TƯ / Hướng dẫn ...") speaks as the
        # document it consolidates, named first ("Thông tư số 12/2022/TT-BNV ... được sửa đổi,
        # bổ sung bởi:"): its preamble, its "Thông tư này" and its articles are that one's
        titled = outline(cleaned)
        if titled.kind and titled.kind != str(Kind.VAN_BAN_HOP_NHAT):
            structure = titled
            speaker = next((k for k, r in enumerate(refs)
                            if not r.citation.self and str(r.citation.kind) == titled.kind
                            and r.node_id), None)  # fmt: skip
    sentences = Sentences(cleaned.text)
    line_starts = _line_starts(text)

    def sentence_of(norm_pos: int) -> str:
        a, b = sentences.span(norm_pos)
        start, end = cleaned.span(a, b)
        return " ".join(text[start:end].split())

    document = Document(
        doc_id,
        # files by their absolute path; texts posted to the API keep their "api:NAME"
        path=shown_path(src.path),
        name=Path(src.path).name,
        format=src.format,
        title=document_title(src.title, cleaned.text, structure, own),
        issued_on=ctx.issued_on,
        sha256=src.sha256,
        locality=ctx.locality,
        citations=len(citations),
        pages=src.pages,
    )
    doc = Node(doc_id, Label.DOCUMENT, document.props())
    batch = Batch(doc)
    unresolved: list[Unresolved] = []
    forces = _stated_forces(refs, cleaned.text)
    for i, ref in enumerate(refs):
        c = ref.citation
        node_id = ref.node_id
        if node_id is None:  # not resolved
            unresolved.append(
                Unresolved(
                    doc_id,
                    src.path,
                    _line(line_starts, c.start),
                    c.text,
                    ref.reason,
                    ref.candidates,
                )
            )
            continue
        mention = f"{doc_id}#{c.start}"
        evidence = Evidence(
            doc_id, c.start, c.end, sentence_of(c._norm_span[0]), c.text, note=ref.reason
        )
        facts = ref.facts()
        if c.self and not facts.get("issuer") and not ref.registry:
            # "KẾT LUẬN / CỦA BỘ CHÍNH TRỊ", else the letterhead's "ỦY BAN NHÂN DÂN / TỈNH ..."
            named = title_issuer(cleaned.text, structure) or letterhead_issuer(cleaned.text)
            if named:
                facts = {**facts, "issuer": named}
        force = forces.get(i)
        if force is not None:  # "Luật số 38/2019/QH14, có hiệu lực thi hành kể từ ngày 01/07/2020"
            facts = {**facts, "in_force_from": force}
        _add_mention(batch, node_id, mention, facts, c.text)
        if ref.registry:
            batch.add_facts(node_id, Label.DIRECTIVE, "registry", _registry_facts(ref.registry))
        batch.add_edge(doc_id, node_id, EdgeType.MENTIONS, evidence)
        if c.self:
            batch.add_edge(doc_id, node_id, EdgeType.IS_DIRECTIVE, evidence)
        issuer = (ref.registry.issuer if ref.registry else None) or facts.get("issuer")
        on = (ref.registry.issued_on if ref.registry else None) or facts.get("issued_on")
        _add_issuers(batch, node_id, issuer, evidence, on or facts.get("year"))
    own_ref = next((r for r in refs if r.citation.self and r.node_id is not None), None)
    own_day = own_force(cleaned.text, str(own.kind), ctx.issued_on) if own_ref and own else None
    if own_ref is not None and own_ref.node_id and own_day is not None:  # "... có hiệu lực từ D"
        at = cleaned.span(own_day[1], own_day[1] + 1)[0]
        batch.add_facts(own_ref.node_id, Label.DIRECTIVE, f"{doc_id}#{at}",
                        {"in_force_from": own_day[0]})  # fmt: skip
    doc.props["unresolved"] = [
        {"line": u.line, "text": u.text, "reason": u.reason, "candidates": u.candidates}
        for u in unresolved
    ]
    _add_tasks(batch, src, refs, cleaned, structure, sentence_of)
    for link in find_links(refs, cleaned.text, sentences, structure, speaker):
        target = refs[link.target]
        own_unknown = (
            link.source != SELF
            and refs[link.source].citation.self
            and (refs[link.source].node_id is None)
        )  # (a number of its own the text does not date: what it states is the Document's)
        if link.source == SELF or own_unknown:  # a text with no number of its own
            source_id, source_start = doc_id, cleaned.span(link.cue_start, link.cue_end)[0]
        else:
            source = refs[link.source]
            if source.node_id is None:  # not resolved
                continue
            source_id = source.node_id
            source_start = min(source.citation.start, cleaned.span(link.cue_start, link.cue_end)[0])
        if target.node_id is None or source_id == target.node_id:  # None: not resolved
            continue
        evidence = Evidence(
            doc_id,
            source_start,
            target.citation.end,
            sentence_of(target.citation._norm_span[0]),
            link.cue or target.citation.text,
            note=(f"stated by the text; no longer in force from {link.until}" if link.until
                  else f"stated by the text; in part: {link.part}" if link.part
                  else "stated by the text" if link.cue
                  else "cited in the subject, no clearer verb"),
        )  # fmt: skip
        batch.add_edge(source_id, target.node_id, link.type, evidence)
    _add_title_amendments(batch, refs, sentence_of)
    return batch, unresolved


def _stated_forces(refs: list[Reference], text: str) -> dict[int, str]:
    """The day each citation is said to take effect (relations.stated_force), by index: a
    citation that ends another's title gives the day to that one ("Thông tư số 06/2024/TT-BNV
    ... sửa đổi, bổ sung một số điều của Thông tư số 12/2022/TT-BNV, có hiệu lực kể từ ngày 15
    tháng 8 năm 2024": 06/2024 takes effect then, not 12/2022)."""
    out: dict[int, str] = {}
    for i, ref in enumerate(refs):
        c = ref.citation
        force = stated_force(text, max(c._norm_span[1], c._context_end))
        if force is None:
            continue
        outer = _title_holding(refs, i, text)
        owner = i if outer is None else outer
        out.setdefault(owner, force)
    return out


# What an earlier citation's title says of a later one: "... sửa đổi, bổ sung một số điều của"
_TITLE_VERB_GAP = re.compile(
    r"[\s,]*(?:về\s+việc\s+|về\s+)?(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|hướng\s+dẫn"
    r"|quy\s+định|thực\s+hiện|triển\s+khai)[^.;:\n()]{0,240}",
    re.I,
)


def _title_holding(refs: list[Reference], i: int, text: str) -> int | None:
    """The citation before `i` whose subject or title `i` stands in, if any."""
    c = refs[i].citation
    for k in range(i - 1, max(-1, i - 8), -1):
        outer = refs[k].citation
        if 0 <= outer._subject_start <= c._norm_span[0] and outer._context_end >= c._norm_span[1]:
            return k
        end = max(outer._norm_span[1], outer._context_end)
        if end <= c._norm_span[0] and _TITLE_VERB_GAP.fullmatch(text, end, c._norm_span[0]):
            return k
    return None


def _add_title_amendments(batch: Batch, refs: list[Reference], sentence_of) -> None:
    """An amending law whose name lists the laws it amends ("Luật sửa đổi, bổ sung một số điều
    của Luật Đầu tư ... và Luật Đấu thầu") AMENDS each of them that the text cites: the version
    of that name issued last on or before the amending law (its name is the evidence)."""
    laws = [r for r in refs if r.node_id and r.citation.kind in (Kind.LUAT, Kind.BO_LUAT)]
    for ref in laws:
        c = ref.citation
        names = amended_by_title(c.title)
        source = ref.node_id
        if not names or source is None:
            continue
        day = c.issued_on or (f"{c.year}-12-31" if c.year else None)
        for name in names:
            key = title_key(name)
            versions = {
                (r.citation.issued_on or "", r.node_id)
                for r in laws
                if r is not ref and r.citation.title and title_key(r.citation.title) == key
            }
            if day:
                versions = {v for v in versions if not v[0] or v[0] <= day}
            ids = {node for _, node in versions}
            if len(ids) > 1:  # several versions cited: the latest before the amending law
                dated = [v for v in versions if v[0]]
                ids = {max(dated)[1]} if dated else set()
            for target in ids:
                if target and target != source:
                    evidence = Evidence(
                        batch.document.id, c.start, c.end, sentence_of(c._norm_span[0]), c.text,
                        note=f"stated by the text: its name amends {name}",
                    )  # fmt: skip
                    batch.add_edge(source, target, EdgeType.AMENDS, evidence)


def _add_tasks(
    batch: Batch,
    src: SourceDocument,
    refs: list[Reference],
    cleaned,
    structure: Outline,
    sentence_of,
):
    """Task nodes with their stated and inferred links to the directives they carry out."""
    doc_id = batch.document.id
    title_period = find_period(src.title or "", specific_only=True)
    tasks = extract_tasks(cleaned, default_period=title_period, text_outline=structure)
    low = cleaned.text.lower()
    stated, inferred = link_tasks(tasks, refs, low)
    task_ids = []
    for task in tasks:
        tid = f"task-{doc_id}-{task.ordinal}"
        task_ids.append(tid)
        node = Task(
            tid,
            ordinal=task.ordinal,
            text=task.text,
            document=doc_id,
            period=task.period,
            responsible=task.responsible,
            deadline=task.deadline,
            section=task.section,
            start=task.start,
            end=task.end,
        )
        batch.add_facts(tid, Label.TASK, f"{doc_id}#task", node.props())
        ev = Evidence(doc_id, task.start, task.end, task.text[:300], task.ordinal)
        batch.add_edge(doc_id, tid, EdgeType.HAS_TASK, ev)
    for link in stated + inferred:
        ref = refs[link.ref]
        c = ref.citation
        if link.stated:
            ev = Evidence(doc_id, c.start, c.end, sentence_of(c._norm_span[0]), link.evidence_text)
        else:
            task = tasks[link.task]
            ev = Evidence(
                doc_id,
                task.start,
                task.end,
                task.text[:300],
                link.evidence_text,
                stated=False,
                confidence=link.confidence,
                note=f"shares the subject of {c.text}: {link.evidence_text}",
            )
        assert ref.node_id is not None  # tasks are linked to resolved citations only
        batch.add_edge(task_ids[link.task], ref.node_id, link.type, ev)


def _registry_facts(entry: Entry) -> dict:
    return {**entry.facts(), "source": entry.source} if entry.source else entry.facts()


def _add_mention(batch: Batch, node_id: str, mention: str, facts: dict, surface: str) -> None:
    """Mentions of a directive in one document that state the same facts share one source
    (keeping the sources of a much-cited directive few); mentions that disagree stay apart,
    so a conflict inside one document still shows."""
    for source, known in batch.facts.get(node_id, {}).items():
        if source.startswith(batch.document.id + "#") and _same_facts(known, facts):
            if surface not in known["surfaces"]:
                known["surfaces"].append(surface)
            return
    batch.add_facts(node_id, Label.DIRECTIVE, mention, {**facts, "surfaces": [surface]})


def _same_facts(known: dict, facts: dict) -> bool:
    return {k: v for k, v in known.items() if k != "surfaces"} == facts


def _add_issuers(batch: Batch, node_id: str, issuer: str | None, ev: Evidence, on=None) -> None:
    """ISSUED_BY edges to each body of `issuer`, as it existed on `on` (a date or a year)."""
    for name in split_issuers(issuer):
        batch.add_edge(node_id, _add_body(batch, name, on), EdgeType.ISSUED_BY, ev)


def _add_body(batch: Batch, name: str, on: str | int | None = None) -> str:
    """A body's node (the one of that name that existed on `on`: graph/history.py), the
    organisation chart above it and what became of it; its id."""
    body, facts, edges = _body_parts(name, str(on) if on else None)
    for node_id, props in facts:
        batch.add_facts(node_id, Label.BODY, BODY_SOURCE, dict(props))
    for source, target, type_, evidence in edges:
        batch.add_edge(source, target, type_, evidence)
    return body


@functools.lru_cache(maxsize=4096)
def _body_parts(name: str, on: str | None) -> tuple[str, tuple, tuple]:
    """What `_add_body` adds for a body of that name on that day, made once: (its id, the
    (id, props) of its facts, the (source, target, type, evidence) of its edges), in order."""
    batch = Batch(Node("", Label.DOCUMENT))
    body = _make_body(batch, name, on)
    facts = tuple((node_id, by_source[BODY_SOURCE]) for node_id, by_source in batch.facts.items())
    edges = tuple((e.source, e.target, e.type, ev) for e in batch.edges for ev in e.evidence)
    return body, facts, edges


def _make_body(batch: Batch, name: str, on: str | None) -> str:
    p = body_on(name, on)
    batch.add_facts(p.id, Label.BODY, BODY_SOURCE, _body_props(p))
    _add_chart(batch, p.id, p.name)
    for before, after in lineage(p):  # dated SUCCEEDED_BY / MERGED_INTO, with their source
        batch.add_facts(after.id, Label.BODY, BODY_SOURCE, _body_props(after))
        type_ = EdgeType.MERGED_INTO if before.change == MERGED else EdgeType.SUCCEEDED_BY
        note = f"{before.change} on {before.existed_until}: {before.source}"
        batch.add_edge(before.id, after.id, type_, Evidence("bodies", note=note))
    return p.id


def _add_chart(batch: Batch, bid: str, name: str) -> None:
    """The bodies a body is part of, with PART_OF edges (graph/bodies.py)."""
    info = body_info(name)
    while info and info.part_of:  # facts of the organisation chart, from graph/bodies.py
        parent = body_info(info.part_of)
        pid = body_id(info.part_of)
        batch.add_facts(pid, Label.BODY, BODY_SOURCE, _body_props(period(info.part_of)))
        note = Evidence("bodies", note="graph/bodies.py: organisation chart")
        batch.add_edge(bid, pid, EdgeType.PART_OF, note)
        bid, info = pid, parent


def _body_props(p: Period) -> dict:
    """The same facts for a body whoever cites it (the source is shared: see BODY_SOURCE)."""
    info = body_info(p.name)
    aliases, sphere = (tuple(info.aliases), info.sphere) if info else (None, None)
    return Body(p.id, p.name, aliases, sphere, p.existed_from, p.existed_until).props()


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _line(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos)


# ---------------------------------------------------------------------------------------------
# Registry files


def read_registry_file(path: Path) -> tuple[Registry, str]:
    """A registry file (CSV, JSON lines or JSON; the project's columns or vbpl's: see
    loaders/registry_layouts.py) as a Registry of the rows it keeps, and its sha256."""
    read = read_registry(path)
    return Registry(read.entries), read.sha256


def registry_batch(
    path: Path, registry: Registry | list[Entry] | RegistryRead, digest: str, rows: bool = False
) -> Batch:
    """A registry file's Document node, and a directive per entry with that file as source,
    ISSUED_BY its bodies. With `rows`, the entries are in `batch.rows` (columns: what a store
    writes in bulk, `WriteSession.apply_bulk`), else in facts and edges. From a RegistryRead,
    the ids and facts its reader made (`prepared`); else each entry's."""
    if isinstance(registry, RegistryRead):
        prepared = registry.prepared
    else:
        entries = registry.entries if isinstance(registry, Registry) else registry
        prepared = [prepared_of(e) for e in entries]
    doc_id = document_id(path.stem, digest)
    doc = Node(
        doc_id,
        Label.DOCUMENT,
        {
            "path": str(path.resolve()),
            "name": path.name,
            "format": "registry",
            "title": f"Registry {path.name}",
            "sha256": digest,
            "entries": len(prepared),
            "unresolved": [],
        },
    )
    batch = Batch(doc)
    columns = Rows(Label.DIRECTIVE, EdgeType.ISSUED_BY, doc_id)
    batch.rows.append(columns)
    # (written for speed: this runs for every row of a national registry) the bodies of each
    # issuer in a year (the body of that name then), with their facts, PART_OF and history
    # edges, are added once; each entry is a row
    bodies: dict[tuple[str, str], tuple[str, ...]] = {}
    add = columns.add
    for i, (node_id, facts, code) in enumerate(prepared):
        issuer = facts.get("issuer")
        targets: tuple[str, ...] = ()
        if issuer:
            key = (issuer, str(facts.get("year") or ""))
            targets = bodies.get(key, ())
            if not targets:
                targets = bodies[key] = tuple(
                    _add_body(batch, name, key[1]) for name in split_issuers(issuer)
                )
        add(node_id, f"{doc_id}#{i}", facts, targets, code, facts.get("source") or "")
    return batch if rows else batch.expanded()


# ---------------------------------------------------------------------------------------------
# Many files


def load_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    registry: Registry,
    progress: Callable[[int, int, str], None] | None = None,
    row_progress: RowProgress | None = None,
    exclude: Iterable[str] = (),
    jobs: int | None = None,
) -> LoadReport:
    """Load files and folders in one write session of the store: each document (or each group
    of `session.group_size` documents) is committed as it is read, so a crash loses at most the
    group in hand and a rerun skips what was saved (a text the store holds already, the same
    sha256, is not built again); other programs may read and write the same store meanwhile. A
    registry file is one transaction, written in bulk (`apply_bulk`); one the store holds
    already (the same sha256) is skipped before its rows are parsed.

    The texts' own work (reading, extraction, outline, tasks, resolution) runs in `jobs` worker
    processes (default: one per core; 1: all in this process: loaders/parallel.py); this process
    writes, in file order, so the graph and the report are the same whatever `jobs` is.

    `progress(i, n, path)` is told of each file; `row_progress(path, phase, done, total)` of a
    registry file's rows: phase "read" (lines done of total), "write" (its entries), "done".
    `exclude`: glob patterns; a file of a folder whose name or path matches one is left out."""
    with store.session() as session:
        return _load_paths(
            paths, session, registry, progress, row_progress, store.node, store.directives_with,
            tuple(exclude), jobs, store.nodes_by_id, store.directives_with_codes,
        )  # fmt: skip


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(str(path), p) for p in patterns)


def _load_paths(
    paths, session: WriteSession, registry, progress, row_progress, node, directives_with=None,
    exclude: tuple[str, ...] = (), jobs: int | None = None, nodes_by_id=None,
    directives_with_codes=None,
) -> LoadReport:  # fmt: skip
    from directive_graph.loaders.parallel import Texts

    report = LoadReport()
    paths = [Path(p) for p in paths]
    named = {p.resolve() for p in paths if not p.is_dir()}
    files = list(iter_documents(paths, extra_suffixes=REGISTRY_SUFFIXES + RDF_SUFFIXES))
    if exclude:
        kept = [f for f in files if not _excluded(f, exclude)]
        report.excluded = len(files) - len(kept)
        files = kept
    # the texts (what is no registry and no RDF graph), by their position among the files
    position = {k: i for i, k in enumerate(
        k for k, p in enumerate(files) if p.suffix.lower() not in REGISTRY_SUFFIXES + RDF_SUFFIXES
    )}  # fmt: skip
    text_paths = [files[k] for k in position]
    lookup = (lambda code: graph_entries(directives_with(code=code))) if directives_with else None
    lookup_many = None
    if directives_with_codes is not None and lookup is not None:

        def lookup_many(codes: list[str]) -> dict[str, list[Entry]]:
            return {c: graph_entries(nodes) for c, nodes in directives_with_codes(codes).items()}

    with Texts(text_paths, registry, jobs, directives_with) as texts:
        outcomes = texts.read()
        # The registry also knows what the texts of this load state of the codes they cite with
        # their year, and what the graph holds: one text's "Kết luận số 21-KL/TW ngày
        # 25/10/2021" resolves another's bare "Kết luận số 21-KL/TW", whichever is read first.
        entries = [e for o in outcomes for e in o.entries] if len(text_paths) > 1 else []
        unchanged = _held_texts(outcomes, node, nodes_by_id)
        texts.build(entries, unchanged, lookup)
        full = texts._full
        assert full is not None
        return _write_all(files, position, outcomes, unchanged, texts, full, lookup, session,
                          report, named, progress, row_progress, node, lookup_many)  # fmt: skip


def _held_texts(outcomes, node, nodes_by_id) -> set[int]:
    """The texts (by index) whose document the store holds already: unchanged, not built."""
    ids = [(i, o.doc_id) for i, o in enumerate(outcomes) if o.kind == "text"]
    held: set[str] = set()
    for start in range(0, len(ids), 1000):
        chunk = [doc_id for _, doc_id in ids[start : start + 1000]]
        if nodes_by_id is not None:
            held.update(nodes_by_id(chunk))
        else:
            held.update(doc_id for doc_id in chunk if node(doc_id) is not None)
    return {i for i, doc_id in ids if doc_id in held}


def _write_all(files, position, outcomes, unchanged, texts, registry, lookup, session, report,
               named, progress, row_progress, node, lookup_many=None) -> LoadReport:  # fmt: skip
    """The files in order: each text's batch (made by `texts`), registries and graphs, written
    `session.group_size` documents at a time."""
    pending: list[tuple[Batch | None, list[Unresolved], bool]] = []
    ahead: dict[int, tuple] = {}  # text -> (batch, unresolved, to build here) or (exception,)

    def checked(k: int, i: int) -> tuple[Batch, list[Unresolved], bool]:
        """Text i's batch (file k), and whether the store knows a code its worker asked about
        (then it is built here). Where the store's reads see only what is committed (groups of
        several documents), every text of the group in hand sees the same store: their codes
        are asked in one query."""
        if i not in ahead:
            if lookup_many is None or session.group_size == 1:
                if not texts.ready(i, 0.05):
                    session.commit_group()  # others may write while we wait
                batch, unresolved, asked = texts.batch(i)
                return batch, unresolved, lookup is not None and any(lookup(c) for c in asked)
            room, j, coming = session.group_size - len(pending), k, []
            while j < len(files) and room > 0:  # the texts of this group: up to its flush
                t = position.get(j)
                outcome = outcomes[t] if t is not None else None
                if outcome is None or outcome.kind == "main":
                    break
                if outcome.kind == "text":
                    room -= 1
                    if t not in unchanged:
                        coming.append(t)
                j += 1
            got: dict[int, tuple] = {}
            for t in coming:
                try:
                    got[t] = texts.batch(t)
                except (InputError, OSError) as e:
                    got[t] = (e,)
            codes = sorted({c for g in got.values() if len(g) == 3 for c in g[2]})
            known = lookup_many(codes) if codes else {}
            for t, g in got.items():
                ahead[t] = g if len(g) == 1 else (g[0], g[1], any(known.get(c) for c in g[2]))
        got_i = ahead.pop(i)
        if len(got_i) == 1:
            raise got_i[0]
        return got_i

    def count(result: ApplyResult, unresolved: list[Unresolved], is_document: bool) -> None:
        if is_document:
            report.documents_read += 1
            if not result.unchanged:
                report.unresolved.extend(unresolved)
        else:
            report.registries_read += 1
        _count(report, result)

    def flush() -> None:
        if not pending:
            return
        batches = [b for b, _, _ in pending if b is not None]
        applied = iter(session.apply_many(batches) if batches else [])
        for batch, unresolved, is_document in pending:  # (None: skipped as unchanged)
            result = next(applied) if batch is not None else ApplyResult(unchanged=True)
            count(result, unresolved, is_document)
        pending.clear()

    with session.grouped():
        for k, path in enumerate(files, 1):
            if progress:
                progress(k, len(files), str(path))
            i = position.get(k - 1)
            outcome = outcomes[i] if i is not None else None
            try:
                if outcome is not None and outcome.kind == "failed":
                    raise _Unreadable(outcome.error)
                if outcome is not None and outcome.kind == "text":
                    if i in unchanged:  # the store holds it: not built
                        pending.append((None, [], True))
                        report.kinds[outcome.own_kind] += 1
                    else:
                        batch, unresolved, here = checked(k - 1, i)
                        if here:  # the store knows a code the worker could not: built here
                            batch, unresolved = build_batch(read_document(path), registry)
                        pending.append((batch, unresolved, True))
                        report.kinds[_own_kind(batch)] += 1
                elif not _graph_or_registry(path, session, node, report, row_progress, flush):
                    batch, unresolved = build_batch(read_document(path), registry)
                    pending.append((batch, unresolved, True))
                    report.kinds[_own_kind(batch)] += 1
            except NotARegistry as e:
                if path.resolve() in named:
                    report.failures.append((str(path), str(e)))
                else:  # a data file that happens to sit in a folder of texts
                    report.skipped.append((str(path), str(e)))
                continue
            except (InputError, OSError) as e:  # a file that cannot be read: noted, the rest go on
                report.failures.append((str(path), str(e)))
                continue
            if len(pending) >= session.group_size:
                flush()
        flush()
    return report


class _Unreadable(InputError):
    """A text the first pass could not read (its message is the reason)."""


def _graph_or_registry(path: Path, session, node, report: LoadReport, row_progress,
                       flush) -> bool:  # fmt: skip
    """Load `path` if it is a graph written by `export` or a registry file (True); False for
    a text."""
    graph = _exported_graph(path)
    if graph is not None:
        flush()
        try:
            nodes, edges = import_graph(session, graph)
        except (ValueError, TypeError, KeyError, AttributeError) as e:  # built, not written
            raise FormatError(
                f"{path}: a graph of the wrong shape ({e}); load only what `export` wrote"
            ) from e
        report.graphs_imported += 1
        report.nodes_imported += nodes
        report.edges_imported += edges
        return True
    if path.suffix.lower() in REGISTRY_SUFFIXES:
        flush()
        result = _load_registry(path, session, node, report, row_progress)
        report.registries_read += 1
        _count(report, result)
        return True
    return False


def _count(report: LoadReport, result: ApplyResult) -> None:
    """Add what one document or registry changed to the load's report."""
    if result.unchanged:
        report.documents_unchanged += 1
    report.directives_new += result.nodes_new
    report.directives_updated += result.nodes_updated
    report.edges_new += result.edges_new


def _own_kind(batch: Batch) -> str:
    """The kind of the directive a loaded text is ("ke_hoach"), or "" for a text with no
    number of its own (news, reports)."""
    for e in batch.edges:
        if e.type is EdgeType.IS_DIRECTIVE:
            for facts in batch.facts.get(e.target, {}).values():
                if facts.get("kind"):
                    return str(facts["kind"])
    return ""


def _load_registry(path: Path, session: WriteSession, node, report: LoadReport,
                   row_progress: RowProgress | None) -> ApplyResult:  # fmt: skip
    """A registry file in one bulk transaction; skipped unread when the store holds it."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RegistryError(f"{path}: cannot be read ({e.strerror})") from e
    if node(document_id(path.stem, hashlib.sha256(data).hexdigest())) is not None:
        return ApplyResult(unchanged=True)  # what applying it would say, without the parsing
    name = str(path)
    step = (lambda done, total: row_progress(name, "read", done, total)) if row_progress else None
    # Many small objects that all live on until the file is written: the collector would find
    # no garbage, and walk them all again and again. It is off until they are freed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        read = read_registry(path, step, data)
        del data
        batch = registry_batch(path, read, read.sha256, rows=True)
        if row_progress:
            row_progress(name, "write", read.kept, read.kept)
        result = session.apply_bulk(batch)
        report.add_registry(read)
        del batch, read
    finally:
        if collecting:
            gc.enable()
        if row_progress:
            row_progress(name, "done", 0, 0)
    return result


_RDF_START = re.compile(rb"\s*(?:@prefix|@base|prefix\s|base\s|<[^>\s]+>\s+<)", re.I)


def _sniffed(path: Path) -> str | None:
    """The export format a file's first bytes show, whatever its suffix ("g.turtle", "g.txt"):
    "rdf" for Turtle or N-Triples, "json" for JSON; None for anything else (a text)."""
    try:
        if not path.is_file():  # a pipe or a device: never opened here (it may block)
            return None
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None  # the reader says why
    if _RDF_START.match(head):
        return "rdf"
    return "json" if head.lstrip()[:1] in (b"{", b"[") else None


def _exported_graph(path: Path) -> dict | None:
    """The graph in a file written by `export` (Turtle, N-Triples, JSON-LD, node-link JSON), or
    None when the file is something else. The content decides where the suffix does not say:
    `export -o g.turtle` loads back."""
    suffix = path.suffix.lower()
    sniffed = None
    if suffix not in RDF_SUFFIXES and suffix != ".json" and suffix not in REGISTRY_SUFFIXES:
        sniffed = _sniffed(path)
        if sniffed == "rdf":
            from directive_graph.graph.export import read_rdf_file

            try:
                return read_rdf_file(path, "turtle")  # N-Triples is Turtle too
            except Exception as e:  # rdflib raises many parser error types
                raise FormatError(f"{path}: looks like RDF but does not parse ({e})") from e
    if suffix in RDF_SUFFIXES:
        from directive_graph.graph.export import read_rdf_file

        try:
            return read_rdf_file(path)
        except DirectiveGraphError:
            raise  # the project's own error names the file and the fix already
        except Exception as e:  # rdflib raises many parser error types
            raise FormatError(f"{path}: not a graph written by `export` ({e})") from e
    if suffix == ".json" or sniffed == "json":
        try:
            data = json.loads(decode_bytes(path.read_bytes(), str(path)))
        except (json.JSONDecodeError, OSError):
            return None
        except RecursionError as e:
            raise FormatError(
                f"{path}: JSON nested too deeply to be a graph or a registry; check the file"
            ) from e
        exported = (
            isinstance(data, dict)
            and isinstance(data.get("nodes"), list)
            and isinstance(data.get("links"), list)
            and all(isinstance(n, dict) and "id" in n and "label" in n for n in data["nodes"])
            and all(
                isinstance(lk, dict) and {"source", "target", "type"} <= set(lk)
                for lk in data["links"]
            )
        )
        if exported:
            return data  # (an embedded store's own graph.json is no export: it is skipped)
    return None


def import_graph(session: WriteSession, data: dict) -> tuple[int, int]:
    """Load a node-link graph as exported (a snapshot: nodes keep their properties as given);
    how many nodes and edges it held."""
    from directive_graph.graph.model import EdgeType, NodeRow

    nodes = []
    for n in data["nodes"]:
        if not isinstance(n["id"], str) or not n["id"]:
            raise ValueError(f"node id {n['id']!r} is not a string")
        props = {k: v for k, v in n.items() if k not in ("id", "label")}
        label = Label(n["label"])
        sources = {} if label is Label.DOCUMENT else {f"import#{n['id']}": props}
        nodes.append(NodeRow(n["id"], label, props, sources))
    edges = []
    for lk in data["links"]:
        props = {
            k: v for k, v in lk.items() if k not in ("source", "target", "type", "evidence", "key")
        }
        evidence = [Evidence(**ev) for ev in lk.get("evidence", [])]
        edges.append(Edge(lk["source"], lk["target"], EdgeType(lk["type"]), evidence, props))
    session.bulk_write(nodes, edges)
    return len(nodes), len(edges)


def tty_progress(i: int, n: int, path: str) -> None:
    """A one-line progress bar on a terminal; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty() or n < 2:
        return
    width = 30
    done = int(width * i / n)
    name = Path(path).name[:40]
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {name:40s}")
    if i == n:
        sys.stderr.write("\n")
    sys.stderr.flush()


class TtyRows:
    """A one-line bar of a registry file's rows on a terminal, redrawn at most 10 times a
    second; nothing at all when stderr is a file or a pipe (scripts and tests stay quiet)."""

    WIDTH = 79

    def __init__(self, stream=None, interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.interval = interval
        self.last = 0.0
        self.started = 0.0
        self.path = ""

    def __call__(self, path: str, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase == "done":
            self._draw("")
            return
        if phase == "read":
            if path != self.path:
                self.path, self.started = path, now
            if now - self.last < self.interval and done < total:
                return
            width = 24
            filled = int(width * done / total) if total else width
            rate = done / (now - self.started) if now > self.started else 0
            line = (
                f"{Path(path).name[:24]} [{'#' * filled}{'.' * (width - filled)}] "
                f"{done:,}/{total:,} lines {rate:,.0f}/s"
            )
        else:
            line = f"{Path(path).name[:24]} writing {total:,} entries ..."
        self.last = now
        self._draw(line)

    def _draw(self, line: str) -> None:
        # the line, then the rest of the terminal's line erased (what the bar of files left)
        self.stream.write("\r" + line[: self.WIDTH] + "\x1b[K")
        self.stream.flush()
