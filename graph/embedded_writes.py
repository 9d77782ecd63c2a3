"""The work of the embedded store's write transactions: a document's batch, a document's
withdrawal, and bulk rows. Each function runs inside a transaction the caller owns."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from directive_graph.graph.bodies import split_issuers
from directive_graph.graph.embedded_schema import (
    INDEX_NAMES,
    INDEXES,
    SHARED,
    Codes,
    columns,
    plain,
    sentence_id,
    split_source,
)
from directive_graph.graph.model import Edge, EdgeType, Label
from directive_graph.graph.store import (
    ApplyResult,
    Batch,
    Rows,
    add_surfaces,
    dumps,
    summarise,
    summary_add,
    summary_props,
)

CHUNK = 500  # ids per `IN (...)`


def chunks(items: Iterable, size: int = CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def document_code(db: sqlite3.Connection, document: str | None) -> int:
    """The code of a document id (created when new); SHARED for None."""
    if document is None:
        return SHARED
    row = db.execute("SELECT n FROM documents WHERE id = ?", (document,)).fetchone()
    if row:
        return row[0]
    code = db.execute("INSERT INTO documents (id) VALUES (?)", (document,)).lastrowid
    assert code is not None  # an INSERT's row id
    return code


def document_codes(db: sqlite3.Connection, documents: Iterable[str | None]) -> dict:
    """The codes of many document ids (created when new); None maps to SHARED."""
    out: dict[str | None, int] = {None: SHARED}
    wanted = {d for d in documents if d is not None}
    for chunk in chunks(wanted):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, n FROM documents WHERE id IN ({marks})", chunk))
    missing = sorted(wanted - out.keys())
    if missing:
        db.executemany("INSERT INTO documents (id) VALUES (?)", [(d,) for d in missing])
        for chunk in chunks(missing):
            marks = ",".join("?" * len(chunk))
            out.update(db.execute(f"SELECT id, n FROM documents WHERE id IN ({marks})", chunk))
    return out


def node_codes(db: sqlite3.Connection, ids: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for chunk in chunks(set(ids)):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT id, n FROM nodes WHERE id IN ({marks})", chunk))
    return out


# --- a document -----------------------------------------------------------------------------


def apply_batch(db: sqlite3.Connection, codes: Codes, batch: Batch) -> ApplyResult:
    # (written for speed: this runs for every document of a load) the nodes the store holds
    # are read in one statement, document codes once each, the edges' rows written at the end
    # in one statement per table; an edge with an end made by this batch holds no evidence yet
    batch = batch.expanded()  # (rows as facts and edges)
    doc = batch.document
    result = ApplyResult()
    if not _replace_document(db, codes, batch, result):
        return result
    documents: dict[str | None, int] = {None: SHARED}
    made = {put_node(db, codes, None, doc.id, Label.DOCUMENT, dict(doc.props), None, None)}
    held: dict[str, tuple] = {}
    for chunk in chunks(batch.facts):
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT id, n, label, props, summary FROM nodes WHERE id IN ({marks})", chunk
        ):
            held[row[0]] = row[1:]
    ids: dict[str, int] = {doc.id: next(iter(made))}
    # the nodes new to the store: numbered as their INSERTs would number them, written at once
    (n,) = db.execute("SELECT coalesce(max(n), 0) + 1 FROM nodes").fetchone()
    rows: list[tuple] = []
    source_rows: list[tuple] = []
    issuers: list[tuple] = []
    for node_id, by_source in batch.facts.items():
        known = held.get(node_id)
        if known is not None:
            ids[node_id] = known[0]
            _merge_node(db, codes, known, node_id, by_source, result, documents)
            continue
        label = batch.labels.get(node_id, Label.DIRECTIVE)
        if len(by_source) == 1:
            summary = None
            props = props_of_one(next(iter(by_source.values())))
        else:
            summary = summarise(by_source)
            props = summary_props(summary)
        rows.append((n, node_id, codes.of[str(label)], dumps(props),
                     dumps(summary) if summary else None, *columns(label, props)))  # fmt: skip
        if label is Label.DIRECTIVE:
            issuers.extend(issuer_rows(node_id, props))
        alone = props if summary is None else None
        for source, facts in by_source.items():
            document, rest = split_source(source)
            code = documents.get(document)
            if code is None:
                code = documents[document] = document_code(db, document)
            same = alone is not None and plain(facts) and facts == alone
            source_rows.append((n, code, rest, None if same else dumps(facts)))
        made.add(n)
        ids[node_id] = n
        n += 1
        result.nodes_new += 1
    db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", source_rows)
    db.executemany("INSERT OR IGNORE INTO issuers VALUES (?, ?, ?)", issuers)
    ends = {x for e in batch.edges for x in (e.source, e.target)} - ids.keys()
    ids.update(node_codes(db, ends))
    links: list[tuple] = []
    sentences: dict[int, str] = {}
    for e in batch.edges:
        s, t = ids.get(e.source), ids.get(e.target)
        if s is not None and t is not None:  # as Neo4j's MATCH: no edge to a missing node
            fresh = s in made or t in made
            result.edges_new += edge_rows(db, codes, s, t, e, fresh, documents, links, sentences)
    db.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?)", sentences.items())
    db.executemany(f"INSERT INTO links VALUES ({', '.join('?' * 12)})", links)
    return result


def props_of_one(facts: dict) -> dict:
    """What `summary_props(summarise({source: facts}))` gives, for a node of one source."""
    props = {}
    aliases: set[str] = set()
    for key, value in facts.items():
        if key in ("surface", "surfaces"):
            add_surfaces(aliases, value)
            continue
        if value in (None, "", []):
            continue
        props[key] = value
    if aliases:
        props["aliases"] = sorted(aliases)
    return props


def _replace_document(db, codes: Codes, batch: Batch, result: ApplyResult) -> bool:
    """False (and `result` unchanged) when the store holds the document already; else True,
    with what an earlier version of it from the same path said withdrawn."""
    doc = batch.document
    if db.execute("SELECT 1 FROM nodes WHERE id = ?", (doc.id,)).fetchone():
        result.unchanged = True
        return False
    path = doc.props.get("path")
    if path:
        for (old,) in db.execute(
            "SELECT id FROM nodes WHERE path = ? AND label = ?", (path, codes.of["Document"])
        ).fetchall():
            remove_document(db, codes, old)
    return True


def _merge_node(db, codes: Codes, known: tuple, node_id: str, by_source: dict,
                result: ApplyResult, documents: dict | None = None) -> None:  # fmt: skip
    """Add a batch's sources to a node the store holds: `known` is its (n, label, props,
    summary) row; `documents`: document codes known so far (see write_sources)."""
    n, label, before, held = known[0], codes.label(known[1]), json.loads(known[2]), known[3]
    if held and documents is not None:
        # a node of several sources (none stands for its props): what the batch restates is
        # read alone; all the same, nothing changes; nothing restated, the summary is enough
        restated = _held_sources(db, n, by_source, documents)
        news = {k: v for k, v in by_source.items() if k not in restated}
        if all(restated[k] == by_source[k] for k in restated):  # (those change nothing)
            if not news:
                return
            summary = json.loads(held)
            for source in sorted(news):
                summary_add(summary, source, news[source])
            props = summary_props(summary)
            if props != before:
                result.nodes_updated += 1
            put_node(db, codes, n, node_id, label, props, summary, before)
            write_sources(db, n, news, None, documents)
            return
    sources = sources_of(db, n, before)
    if not held and all(sources.get(k) == v for k, v in by_source.items()):
        return  # (one source, restated as it is: nothing changes)
    db.execute("UPDATE sources SET facts = ? WHERE node = ? AND facts IS NULL",
               (known[2], n))  # fmt: skip
    if set(by_source) & set(sources) or not held:  # restated, or no summary kept
        sources.update(by_source)
        summary = summarise(sources)
    else:
        summary = json.loads(held)
        for source in sorted(by_source):
            summary_add(summary, source, by_source[source])
        sources.update(by_source)
    props = summary_props(summary)
    if props != before:
        result.nodes_updated += 1
    alone = len(sources) == 1
    put_node(db, codes, n, node_id, label, props, None if alone else summary, before)
    write_sources(db, n, by_source, props if alone else None, documents)


def _held_sources(db, n: int, by_source: dict, documents: dict) -> dict[str, dict | None]:
    """Those of `by_source` that node `n` holds already (of a node with a summary: no facts
    are NULL), with their facts."""
    wanted: dict[tuple[int, str], str] = {}
    for source in by_source:
        document, rest = split_source(source)
        code = documents.get(document)
        if code is None:
            row = db.execute("SELECT n FROM documents WHERE id = ?", (document,)).fetchone()
            if row is None:
                continue  # a document the store does not know holds nothing
            code = documents[document] = row[0]
        wanted[(code, rest)] = source
    out: dict[str, dict | None] = {}
    for (code, rest), source in wanted.items():
        row = db.execute(
            "SELECT facts FROM sources WHERE node = ? AND document = ? AND source = ?",
            (n, code, rest),
        ).fetchone()
        if row is not None:
            out[source] = json.loads(row[0]) if row[0] is not None else None
    return out


def apply_bulk(db: sqlite3.Connection, codes: Codes, batch: Batch) -> ApplyResult:
    """What `apply_batch` does, with the work done per statement instead of per node (a
    registry file's 100,000 entries): the nodes the store lacks (all of them, in a fresh store)
    and the edges that reach one of them are made as rows without reading the store (BulkRows),
    and written with one statement per table; only the nodes the store holds already, and the
    edges between two of them, are merged one by one, as `apply_batch` merges them. Rows
    (`batch.rows`) of nodes new to the store, stated by that row alone, go in as they are
    (BulkRows.columns); the others are expanded into facts and edges first. The same graph,
    the same result."""
    doc = batch.document
    result = ApplyResult()
    if not _replace_document(db, codes, batch, result):
        return result
    # the rows' nodes, and how many rows (or facts and edges) state each
    stated = Counter(node_id for r in batch.rows for node_id in r.ids)
    stated.update(batch.facts.keys())
    stated.update(x for e in batch.edges for x in (e.source, e.target))
    targets = {t for r in batch.rows for ts in set(r.targets) for t in ts}
    stated.update(targets)  # (a node that rows point to goes in before them, as a fact)
    wanted = stated.keys() | targets
    (count,) = db.execute("SELECT count(*) FROM nodes").fetchone()
    if count < 4 * len(wanted):  # a smaller store: all its ids, in one read
        held = {k: n for k, n in db.execute("SELECT id, n FROM nodes") if k in wanted}
    else:
        held = node_codes(db, wanted)
    as_rows: list[tuple] = []  # (rows, indices) written as they are
    rest: list[tuple] = []  # (rows, i) expanded
    for r in batch.rows:
        keep = []
        for i, node_id in enumerate(r.ids):
            if stated[node_id] == 1 and node_id not in held:
                keep.append(i)
            else:
                rest.append((r, i))
        as_rows.append((r, keep))
    if batch.rows:
        batch = batch.expanded(rest)
    ids = batch.facts.keys()
    ends = {x for e in batch.edges for x in (e.source, e.target)} - ids
    # 1. what the store held: merged one by one (these make no node codes)
    for node_id, n in held.items():
        if node_id in ids:
            known = db.execute("SELECT n, label, props, summary FROM nodes WHERE n = ?",
                               (n,)).fetchone()  # fmt: skip
            _merge_node(db, codes, known, node_id, batch.facts[node_id], result)
    if held or ends:
        fresh: list[Edge] = []
        for e in batch.edges:
            s, t = held.get(e.source), held.get(e.target)
            if s is not None and t is not None:
                result.edges_new += put_edge(db, codes, s, t, e)
            elif (s is not None or e.source in ids) and (t is not None or e.target in ids):
                fresh.append(e)  # an end is new: the edge is too
    else:  # (a fresh store: every edge is between nodes of the batch)
        fresh = batch.edges
    # 2. the new nodes and their edges, as rows; one source's facts, when plain, are its
    # properties (BulkRows checks), several sources' are derived
    rows = BulkRows(db, codes, set())
    labels = batch.labels
    directive = Label.DIRECTIVE
    new: list[tuple] = [(doc.id, Label.DOCUMENT, dict(doc.props), {})]
    new.extend(
        (node_id, labels.get(node_id, directive),
         next(iter(by_source.values())) if len(by_source) == 1 else {}, by_source)
        for node_id, by_source in batch.facts.items()
        if node_id not in held
    )  # fmt: skip
    as_they_are = sum(len(keep) for _, keep in as_rows)
    result.nodes_new = len(new) - 1 + as_they_are
    # into a store smaller than the batch, the indexes are built once at the end (in this
    # transaction: readers see them throughout)
    rebuild = count < len(new) + as_they_are
    if rebuild:
        for name in INDEX_NAMES:
            db.execute(f"DROP INDEX IF EXISTS {name}")
    statements = rows.nodes(new)
    del new
    rows.known.update(held)
    for r, keep in as_rows:
        written, more = rows.columns(r, keep)
        statements += written
        result.edges_new += more
    for sql, values in statements:
        db.executemany(sql, values)
    del statements
    result.edges_new += len(fresh)
    for sql, values in rows.edges(fresh):
        db.executemany(sql, values)
    if rebuild:
        for statement in INDEXES:
            db.execute(statement)
    return result


def write_sources(db, n: int, by_source: dict[str, dict], props: dict | None,
                  documents: dict | None = None) -> None:  # fmt: skip
    """Store facts per source; with `props` (the node's only source), facts equal to them
    are left NULL. `documents` (document id -> code) is a cache the caller keeps."""
    rows = []
    for source, facts in by_source.items():
        document, rest = split_source(source)
        same = props is not None and plain(facts) and facts == props
        code = documents.get(document) if documents is not None else None
        if code is None:
            code = document_code(db, document)
            if documents is not None:
                documents[document] = code
        rows.append((n, code, rest, None if same else dumps(facts)))
    if len(rows) == 1:
        db.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", rows[0])
    else:
        db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", rows)


def sources_of(db: sqlite3.Connection, n: int, props: dict) -> dict[str, dict]:
    """A node's sources with their facts (`props` for those left NULL)."""
    out = {}
    for document, rest, facts in db.execute(
        "SELECT d.id, s.source, s.facts FROM sources s LEFT JOIN documents d ON d.n = s.document "
        "WHERE s.node = ?",
        (n,),
    ):
        out[(document or "") + rest] = json.loads(facts) if facts is not None else dict(props)
    return out


def put_node(
    db, codes: Codes, n: int | None, node_id: str, label: Label, props: dict,
    summary: dict | None, before: dict | None,
) -> int:  # fmt: skip
    """Insert (n None) or update a node; keep `issuers` in step. Returns its code."""
    row = (dumps(props), dumps(summary) if summary else None, *columns(label, props))
    if n is None:
        n = db.execute(
            "INSERT INTO nodes (id, label, props, summary, code, kind, number, year, term, path) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (node_id, codes.of[str(label)], *row),
        ).lastrowid
    else:
        db.execute(
            "UPDATE nodes SET props = ?, summary = ?, code = ?, kind = ?, number = ?, year = ?, "
            "term = ?, path = ? WHERE n = ?",
            (*row, n),
        )
    if label is Label.DIRECTIVE:
        old = issuer_rows(node_id, before) if before else []
        new = issuer_rows(node_id, props)
        if old != new:
            db.executemany("DELETE FROM issuers WHERE issuer = ? AND year = ? AND id = ?", old)
            db.executemany("INSERT OR IGNORE INTO issuers VALUES (?, ?, ?)", new)
    return n


def issuer_rows(node_id: str, props: dict) -> list[tuple[str, int, str]]:
    year = props.get("year")
    year = year if isinstance(year, int) else 0
    return [(name, year, node_id) for name in split_issuers(props.get("issuer"))]


def edge_rows(db, codes: Codes, source: int, target: int, e: Edge, fresh: bool,
              documents: dict, links: list, sentences: dict) -> bool:  # fmt: skip
    """What `put_edge` writes, added to `links` and `sentences` (written by the caller);
    `fresh`: an end of the edge is new (then the store holds none of its evidence)."""
    type_ = codes.of[str(e.type)]
    held: set[tuple] = set()
    if not fresh:
        held = {
            row[:8]
            for row in db.execute(
                'SELECT d.id, l.start, l."end", l.sentence, l.text, l.stated, l.confidence, '
                "l.note FROM links l LEFT JOIN documents d ON d.n = l.document "
                "WHERE l.source = ? AND l.type = ? AND l.target = ?",
                (source, type_, target),
            )
        }
    new = not held
    props = dumps(e.props) if e.props else None
    added = False
    for ev in e.evidence:
        sid = sentence_id(ev.sentence) if ev.sentence else 0
        key = (ev.document, ev.start, ev.end, sid, ev.text, int(ev.stated), ev.confidence, ev.note)
        if key in held:
            continue
        held.add(key)
        if sid:
            sentences[sid] = ev.sentence
        code = documents.get(ev.document)
        if code is None:
            code = documents[ev.document] = document_code(db, ev.document)
        links.append((source, type_, target, code, *key[1:], props))
        added = True
    if not held and not added:  # an edge without evidence: one bare row
        links.append((source, type_, target, *([None] * 8), props))
    return new


def put_edge(db, codes: Codes, source: int, target: int, e: Edge) -> bool:
    """Add an edge's evidence (what the store holds of it already is skipped); True when the
    edge is new. (`edge_rows`, written at once.)"""
    documents = document_codes(db, {ev.document for ev in e.evidence})
    links: list[tuple] = []
    sentences: dict[int, str] = {}
    new = edge_rows(db, codes, source, target, e, False, documents, links, sentences)
    db.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?)", sentences.items())
    db.executemany(f"INSERT INTO links VALUES ({', '.join('?' * 12)})", links)
    return new


def remove_document(db: sqlite3.Connection, codes: Codes, document_id: str) -> None:
    """Withdraw a document: its evidence (the edges it alone stated go with it), its sources
    (nodes left without sources go, with their edges), its node."""
    row = db.execute("SELECT n FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is not None:
        doc = row[0]
        db.execute("DELETE FROM links WHERE document = ?", (doc,))
        touched = [r[0] for r in db.execute(
            "SELECT DISTINCT node FROM sources WHERE document = ?", (doc,))]  # fmt: skip
        for n in touched:
            id_, label, props_json = db.execute(
                "SELECT id, label, props FROM nodes WHERE n = ?", (n,)
            ).fetchone()
            props = json.loads(props_json)
            db.execute("UPDATE sources SET facts = ? WHERE node = ? AND facts IS NULL",
                       (props_json, n))  # fmt: skip
            db.execute("DELETE FROM sources WHERE node = ? AND document = ?", (n, doc))
            rest = sources_of(db, n, props)
            if not rest:
                delete_node(db, codes, n, id_, codes.label(label), props)
                continue
            summary = summarise(rest)
            put_node(db, codes, n, id_, codes.label(label), summary_props(summary),
                     summary if len(rest) > 1 else None, props)  # fmt: skip
    row = db.execute("SELECT n, props FROM nodes WHERE id = ?", (document_id,)).fetchone()
    if row is not None:
        delete_node(db, codes, row[0], document_id, Label.DOCUMENT, json.loads(row[1]))


def delete_node(db, codes: Codes, n: int, node_id: str, label: Label, props: dict) -> None:
    db.execute("DELETE FROM links WHERE source = ?", (n,))
    db.execute("DELETE FROM links WHERE target = ?", (n,))
    db.execute("DELETE FROM sources WHERE node = ?", (n,))
    db.execute("DELETE FROM nodes WHERE n = ?", (n,))
    if label is Label.DIRECTIVE:
        db.executemany("DELETE FROM issuers WHERE issuer = ? AND year = ? AND id = ?",
                       issuer_rows(node_id, props))  # fmt: skip


# --- bulk rows ------------------------------------------------------------------------------


def write_nodes(db, codes: Codes, nodes: list, known: dict[str, int]) -> None:
    """Nodes `(id, label, props, sources)`, merged into the store's; `known` gets their codes."""
    held = node_codes(db, [x[0] for x in nodes])
    for node_id, label, props, sources in nodes:
        label = Label(label)
        n = held.get(node_id)
        if n is None:
            n = put_node(db, codes, None, node_id, label, props, None, None)
            before = None
            merged = dict(sources)
        else:
            before = json.loads(db.execute("SELECT props FROM nodes WHERE n = ?",
                                           (n,)).fetchone()[0])  # fmt: skip
            db.execute("UPDATE sources SET facts = ? WHERE node = ? AND facts IS NULL",
                       (dumps(before), n))  # fmt: skip
            merged = sources_of(db, n, before)
            merged.update(sources)
        if merged:
            summary = summarise(merged)
            props = summary_props(summary)
            put_node(db, codes, n, node_id, label, props,
                     summary if len(merged) > 1 else None, before)  # fmt: skip
        elif before is not None:
            put_node(db, codes, n, node_id, label, props, None, before)
        write_sources(db, n, sources, props if len(merged) == 1 else None)
        known[node_id] = n


def write_edges(db, codes: Codes, edges: list[Edge], known: dict[str, int]) -> None:
    """Edges with their evidence, merged into the store's; endpoints missing from the store are
    skipped (as Neo4j's MATCH)."""
    wanted = {x for e in edges for x in (e.source, e.target)} - known.keys()
    if len(wanted) > 20_000:
        known.update(db.execute("SELECT id, n FROM nodes"))
    else:
        known.update(node_codes(db, wanted))
    for e in edges:
        if e.source in known and e.target in known:
            put_edge(db, codes, known[e.source], known[e.target], e)


class BulkRows:
    """The rows of a bulk write of rows the store does not hold (`fresh`), made without reading
    the store: its counters and codes are read once, at the start. `nodes` and `edges` give,
    per chunk, the statements and rows of one transaction, so that one thread makes rows while
    another writes them."""

    def __init__(self, db: sqlite3.Connection, codes: Codes, edge_ends: set[str]):
        self.labels = {x: codes.of[str(x)] for x in Label}
        self.types = {x: codes.of[str(x)] for x in EdgeType}
        (self.next_node,) = db.execute("SELECT coalesce(max(n), 0) + 1 FROM nodes").fetchone()
        self.documents: dict[str | None, int] = dict(db.execute("SELECT id, n FROM documents"))
        self.documents[None] = SHARED
        self.next_document = max(self.documents.values()) + 1
        self.known: dict[str, int] = {}
        if len(edge_ends) > 20_000:  # the ends the edges need, of nodes already in the store
            self.known.update(db.execute("SELECT id, n FROM nodes"))
        else:
            self.known.update(node_codes(db, edge_ends))

    def _document(self, name: str | None, new: list) -> int:
        code = self.documents.get(name)
        if code is None:
            code = self.documents[name] = self.next_document
            self.next_document += 1
            new.append((code, name))
        return code

    def nodes(self, nodes: list) -> list[tuple[str, list]]:
        # (written for speed: this runs for every node of a bulk load)
        new_documents: list = []
        rows: list[tuple] = []
        source_rows: list[tuple] = []
        issuer_list: list[tuple] = []
        add_row, add_source, known, documents = (
            rows.append,
            source_rows.append,
            self.known,
            self.documents,
        )
        labels, n = self.labels, self.next_node
        directive, document_label = labels[Label.DIRECTIVE], labels[Label.DOCUMENT]
        issuers: dict[str, list[str]] = {}  # an issuer field -> its names (split once)
        for node_id, label, props, sources in nodes:
            code = labels[label]
            summary = None
            same = False
            if len(sources) == 1:
                for facts in sources.values():
                    same = (facts is props or facts == props) and plain(facts)
                if not same:
                    props = summary_props(summarise(sources))
            elif sources:
                summary = summarise(sources)
                props = summary_props(summary)
            if code == directive:
                lookup = columns(Label.DIRECTIVE, props)
                _issuer_rows(props, node_id, issuers, issuer_list)
            elif code == document_label:
                lookup = (None, None, None, None, None, props.get("path"))
            else:
                lookup = (None,) * 6
            add_row((n, node_id, code, dumps(props), dumps(summary) if summary else None,
                     *lookup))  # fmt: skip
            for source, facts in sources.items():
                document, rest = split_source(source)
                doc = documents.get(document)
                if doc is None:
                    doc = self._document(document, new_documents)
                add_source((n, doc, rest, None if same else dumps(facts)))
            known[node_id] = n
            n += 1
        self.next_node = n
        return _node_statements(new_documents, rows, source_rows, issuer_list)

    def columns(self, r: Rows, keep: list[int]) -> tuple[list[tuple[str, list]], int]:
        """The statements for rows `keep` of `r`, nodes new to the store that no other row or
        fact states (what `nodes` and `edges` make of them, without their objects), and how
        many edges they make (an edge to a node the store lacks is skipped, as in `edges`)."""
        # (written for speed: this runs for every entry of a national registry)
        new_documents: list = []
        rows: list[tuple] = []
        source_rows: list[tuple] = []
        issuer_list: list[tuple] = []
        links: list[tuple] = []
        known, documents = self.known, self.documents
        code, type_ = self.labels[r.label], self.types[r.edge_type]
        is_directive = r.label is Label.DIRECTIVE
        evidence_document = documents.get(r.document)
        if evidence_document is None and any(r.targets[i] for i in keep):
            evidence_document = self._document(r.document, new_documents)
        issuers: dict[str, list[str]] = {}
        ids, sources, facts_of, targets, texts, notes = (
            r.ids, r.sources, r.facts, r.targets, r.texts, r.notes,
        )  # fmt: skip
        n = self.next_node
        for i in keep:
            node_id, source, facts = ids[i], sources[i], facts_of[i]
            if plain(facts):
                props, stored = facts, None
            else:
                props, stored = summary_props(summarise({source: facts})), dumps(facts)
            if is_directive:
                lookup = columns(Label.DIRECTIVE, props)
                _issuer_rows(props, node_id, issuers, issuer_list)
            else:
                lookup = columns(r.label, props)
            rows.append((n, node_id, code, dumps(props), None, *lookup))
            document, rest = split_source(source)
            doc = documents.get(document)
            if doc is None:
                doc = self._document(document, new_documents)
            source_rows.append((n, doc, rest, stored))
            known[node_id] = n
            if targets[i]:
                for target in dict.fromkeys(targets[i]):
                    t = known.get(target)
                    if t is not None:
                        links.append((n, type_, t, evidence_document, 0, 0, 0, texts[i], 1,
                                      1.0, notes[i], None))  # fmt: skip
            n += 1
        self.next_node = n
        links_insert = (f"INSERT INTO links VALUES ({', '.join('?' * 12)})", links)
        return [
            *_node_statements(new_documents, rows, source_rows, issuer_list),
            links_insert,
        ], len(links)

    def edges(self, edges: list[Edge]) -> list[tuple[str, list]]:
        """Edges (those with an end the store lacks are skipped, as Neo4j's MATCH; the same
        edge more than once has all the evidence, once)."""
        node, types, documents = self.known.get, self.types, self.documents
        new_documents: list = []
        seen: set[tuple] = set()
        rows: list[tuple] = []
        sentences: dict[int, str] = {}
        repeated = False
        for e in edges:
            s, t = node(e.source), node(e.target)
            if s is None or t is None:
                continue
            type_ = types[e.type]
            key = (s, type_, t)
            again = key in seen
            repeated = repeated or again
            seen.add(key)
            props = dumps(e.props) if e.props else None
            if not e.evidence:
                if not again:
                    rows.append((s, type_, t, *([None] * 8), props))
                continue
            for ev in e.evidence:
                sid = 0
                if ev.sentence:
                    sid = sentence_id(ev.sentence)
                    sentences[sid] = ev.sentence
                doc = documents.get(ev.document)
                if doc is None:
                    doc = self._document(ev.document, new_documents)
                rows.append((s, type_, t, doc, ev.start, ev.end, sid, ev.text, int(ev.stated),
                             ev.confidence, ev.note, props))  # fmt: skip
        if repeated:  # rare: the rows an edge repeated in the input repeats
            rows = list(dict.fromkeys(rows))
        return [
            ("INSERT INTO documents VALUES (?, ?)", new_documents),
            ("INSERT OR IGNORE INTO sentences VALUES (?, ?)", list(sentences.items())),
            (f"INSERT INTO links VALUES ({', '.join('?' * 12)})", rows),
        ]


def _node_statements(documents: list, rows: list, sources: list, issuers: list) -> list[tuple]:
    """The statements that write new nodes (bulk writes): one executemany per table."""
    return [
        ("INSERT INTO documents VALUES (?, ?)", documents),
        ("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows),
        ("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", sources),
        ("INSERT OR IGNORE INTO issuers VALUES (?, ?, ?)", issuers),
    ]


def _issuer_rows(props: dict, node_id: str, issuers: dict, out: list) -> None:
    """A directive's (issuer name, year, id) rows for the issuer index, each issuer field split
    once (`issuers` caches the splits: a national registry repeats a few thousand fields)."""
    issuer = props.get("issuer")
    if not issuer:
        return
    names = issuers.get(issuer)
    if names is None:
        names = issuers[issuer] = split_issuers(issuer)
    year = props.get("year")
    year = year if isinstance(year, int) else 0
    out.extend((name, year, node_id) for name in names)
