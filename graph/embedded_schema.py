"""The tables of the embedded store, and how values are coded in them.

Rows refer to each other by small integers, so the ids (text) are stored once:

- `nodes`: `n` (the row number), `id`, `label` (a code), `props` (the derived properties,
  JSON), `summary` (what sources fold into, kept only for nodes with several sources), and the
  columns the catalogue looks up by (`code`, `kind`, `number`, `year`, `term`, `path`).
- `sources`: what each source states about a node (`facts`; NULL when the node's only source
  states exactly its properties), keyed by (node, document, source); `document` is 0 for shared
  sources (the registry), and `source` then holds the whole source id, else the part after the
  document id ("#1234").
- `issuers`: (issuer name, year, directive id), for listing a body's directives by year in id
  order.
- `links`: one row per piece of evidence of an edge (source, type, target): an edge is the set
  of its rows, so withdrawing a document deletes its rows and the edges it alone stated go
  with them. A row with no document stands for an edge without evidence (from imports);
  `props` are the edge's own (rare: imports). Sentences are kept once, in `sentences` (by a
  hash of their text; 0 for none).
- `codes`: the labels and edge types; `documents`: the documents evidence and sources come
  from; `meta`: the format version.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

from directive_graph.graph.model import Edge, EdgeType, Evidence, Label

TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS codes (n INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS documents (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)",
    """CREATE TABLE IF NOT EXISTS nodes (
        n INTEGER PRIMARY KEY, id TEXT NOT NULL, label INTEGER NOT NULL,
        props TEXT NOT NULL, summary TEXT,
        code TEXT, kind TEXT, number TEXT, year INTEGER, term TEXT, path TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS sources (
        node INTEGER NOT NULL, document INTEGER NOT NULL, source TEXT NOT NULL, facts TEXT,
        PRIMARY KEY (node, document, source)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS issuers (
        issuer TEXT NOT NULL, year INTEGER NOT NULL, id TEXT NOT NULL,
        PRIMARY KEY (issuer, year, id)
    ) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS sentences (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS links (
        source INTEGER NOT NULL, type INTEGER NOT NULL, target INTEGER NOT NULL,
        document INTEGER, start INTEGER, "end" INTEGER, sentence INTEGER, text TEXT,
        stated INTEGER, confidence REAL, note TEXT, props TEXT
    )""",
)
# The indexes besides the tables' keys: a bulk load into an empty store builds them at the end.
INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS nodes_id ON nodes (id)",
    "CREATE INDEX IF NOT EXISTS links_key ON links (source, type, target)",
    "CREATE INDEX IF NOT EXISTS links_target ON links (target, type)",
    "CREATE INDEX IF NOT EXISTS links_document ON links (document)",
    "CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label)",
    "CREATE INDEX IF NOT EXISTS nodes_code ON nodes (code) WHERE code IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_kind_number ON nodes (kind, number) WHERE kind IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_term ON nodes (term, kind) WHERE term IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_year ON nodes (year) WHERE year IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS nodes_path ON nodes (path) WHERE path IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS sources_document ON sources (document) WHERE document > 0",
)
INDEX_NAMES = tuple(s.split(" IF NOT EXISTS ")[1].split()[0] for s in INDEXES)
NODE_COLUMNS = ("code", "kind", "number", "year", "term", "path")
SHARED = 0  # the `document` of a source that belongs to no document (the registry)


class Codes:
    """The codes of labels and edge types (fixed once written: a cache never goes stale)."""

    def __init__(self, db: sqlite3.Connection):
        names = [str(x) for x in (*Label, *EdgeType)]
        db.executemany("INSERT OR IGNORE INTO codes (name) VALUES (?)", [(x,) for x in names])
        self.of: dict[str, int] = dict(db.execute("SELECT name, n FROM codes"))
        self.name: dict[int, str] = {n: name for name, n in self.of.items()}

    def label(self, code: int) -> Label:
        return Label(self.name[code])

    def type(self, code: int) -> EdgeType:
        return EdgeType(self.name[code])


def sentence_id(text: str) -> int:
    """A sentence's key: a hash of its text (0 for none)."""
    if not text:
        return 0
    return (int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1) or 1


def columns(label: Label, props: dict) -> tuple:
    """The lookup columns of a node (NODE_COLUMNS)."""
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


def plain(facts: dict) -> bool:
    """Facts that are their own derived properties (no surfaces, nothing empty): the only
    source of a node may then leave them unstored (NULL) and stand for its `props`."""
    if "surface" in facts or "surfaces" in facts:
        return False
    for value in facts.values():  # (a loop, falsy values alone compared: every node of a bulk load)
        if not value and (value is None or value == "" or value == []):
            return False
    return True


def split_source(source: str) -> tuple[str | None, str]:
    """("doc-x", "#123") for "doc-x#123"; (None, source) for shared sources."""
    if source.startswith("doc-"):
        document, _, rest = source.partition("#")
        return document, ("#" + rest) if rest or "#" in source else ""
    return None, source


def evidence_of_row(row: tuple) -> Evidence:
    """An Evidence from (document, start, end, sentence, text, stated, confidence, note)."""
    document, start, end, sentence, text, stated, confidence, note = row
    return Evidence(document, start, end, sentence or "", text, bool(stated), confidence, note)


# Links with their ends' ids, document id and sentence, for `WHERE ...` on l (links): the
# columns (a: the source node, b: the target, d: the document, s: the sentence) and the joins
# of the evidence, for queries that join the ends themselves.
LINK_COLUMNS = (
    'a.id, l.type, b.id, l.props, d.id, l.start, l."end", s.text, l.text, l.stated, '
    "l.confidence, l.note"
)
EVIDENCE_JOINS = (
    " LEFT JOIN documents d ON d.n = l.document LEFT JOIN sentences s ON s.id = l.sentence"
)
LINK_SELECT = (
    f"SELECT {LINK_COLUMNS} FROM links l "
    f"JOIN nodes a ON a.n = l.source JOIN nodes b ON b.n = l.target{EVIDENCE_JOINS}"
)


def edges_of_rows(rows: Iterable[tuple], codes: Codes) -> list[Edge]:
    """Edges from LINK_SELECT rows (one per piece of evidence), in the order first seen, each
    with its evidence in (document, start, end, text) order."""
    edges: dict[tuple, Edge] = {}
    for source, type_, target, props, document, *rest in rows:
        key = (source, type_, target)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = Edge(source, target, codes.type(type_), [],
                                     json.loads(props) if props else {})  # fmt: skip
        if document is not None:
            edge.evidence.append(evidence_of_row((document, *rest)))
    for edge in edges.values():
        edge.evidence.sort(key=lambda ev: (ev.document, ev.start, ev.end, ev.text))
    return list(edges.values())
