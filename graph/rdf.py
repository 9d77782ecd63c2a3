"""The graph as RDF: ELI for what ELI describes, the project's `dg:` vocabulary for the rest.

Input and output are the networkx node-link data of `GraphStore.export()`; `to_rdf` builds an
rdflib graph, `from_rdf` reads one back, and `from_rdf(to_rdf(d)) == d` for every export (nodes
sorted by (label, id), links by (source, target, type), evidence in its order, nested values,
ints, floats, booleans and strings kept apart, null values kept where the input has them).

URIs (`base` defaults to DEFAULT_BASE, ids are percent-encoded where they are not URL-safe)::

    {base}directive/{id}      a Directive    (eli:LegalResource)
    {base}body/{id}           a Body         (dg:Body, a subclass of eli:Agent)
    {base}document/{id}       a loaded text  (dg:Document)
    {base}task/{id}           a task         (dg:Task)
    {base}node/{id}           a node of any other label (dg:Node, dg:nodeLabel "...")
    {base}statement/{sha1}    an edge, reified; sha1 of "source\\x1ftarget\\x1ftype"
    {base}evidence/{sha1}-{i} the i-th evidence of that edge
    {base}graph               the graph itself (dg:Graph: directed, multigraph, format version)

Directives: `eli:id_local` (code), `eli:type_document` (a concept of `graph/data/kinds.ttl`,
KINDS + kind), `eli:date_document` (issued_on, xsd:date when it is a valid date), `eli:number`,
`eli:title` (the title; a directive without one gets its subject as `eli:title`, flagged by
`dg:titleFromSubject true`, so the subject is not mistaken for a title on the way back),
`eli:passed_by` (the ISSUED_BY edges). Everything else uses `graph/data/vocabulary.ttl`
(VOCAB, prefix `dg:`): `dg:year`, `dg:term`, `dg:plenum`, `dg:subject` ... for properties,
`dg:reviews`, `dg:mentions`, `dg:hasTask` ... for edges.

Edges between directives use ELI: BASED_ON eli:based_on, CITES eli:cites, AMENDS eli:amends,
REPLACES eli:repeals, IMPLEMENTS and GUIDES eli:ensures_implementation_of. The same types from
or to other nodes (a task implementing a directive) and the types ELI lacks use `dg:`.

Values: a string is a plain literal (title, subject, text, sentence and section tagged @vi), an
int xsd:integer, a float xsd:double, a bool xsd:boolean, issued_on xsd:date; lists and dicts
(aliases, conflicts, period, responsible, unresolved) are one JSON literal (datatype rdf:JSON,
compact, key order kept). A property without a term of its own, or whose value is null, goes
in the node's (edge's, evidence's) `dg:otherProperties` JSON object, so nothing is lost.

Evidence: every edge is asserted as a plain triple (`<3-kh-tw-2021> eli:ensures_implementation_of
<21-kl-tw-2021>`) AND described by a reified statement with a deterministic IRI::

    <{base}statement/{sha1}> a rdf:Statement ; rdf:subject <s> ; rdf:predicate <p> ;
        rdf:object <o> ; dg:edgeType "IMPLEMENTS" ; dg:evidence <{base}evidence/{sha1}-0> .
    <{base}evidence/{sha1}-0> a dg:Evidence ; dg:index 0 ; dg:document <{base}document/...> ;
        dg:start 2459 ; dg:end 2479 ; dg:sentence "..."@vi ; dg:text "..."@vi ;
        dg:stated true ; dg:confidence "1.0"^^xsd:double ; dg:note "..." .

Reification rather than RDF-star: rdflib's RDF-star support is partial, and plain RDF 1.1 reads
everywhere (every triple store, JSON-LD, N-Triples). The statement carries the exact edge type,
since IMPLEMENTS and GUIDES share one ELI property. No blank nodes are used, so two exports of
the same data are identical and `rdflib.compare.isomorphic` is exact.

Writers: `write_ntriples` and `write_turtle` stream the same triples as `to_rdf` (one triple
generator, three renderers: rdflib terms, N-Triples, Turtle) at well over 500,000 triples/s.

Readers: `from_rdf` reads any rdflib graph (or text rdflib parses). `read_triples`, the path of
`load` for .nt and .ttl files, gives the same dict for N-Triples and Turtle: the writers' own
layout is split as bytes by a fast reader (`_fast_subjects`), which refuses anything else
(a comment, another layout, an escape the writers do not write, any term pyoxigraph would
refuse); what it refuses is parsed whole by pyoxigraph (`_oxigraph_subjects`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import gc
import hashlib
import importlib.machinery
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, unquote

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.parser import PythonInputSource
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from directive_graph.graph.errors import DirectiveGraphError, FormatError, InputError, QueryError
from directive_graph.graph.model import RDF_NAMES

DEFAULT_BASE = "https://directive-graph.example/id/"
VOCAB = "https://directive-graph.example/vocab#"
KINDS = "https://directive-graph.example/kinds#"
KINDS_SCHEME = "https://directive-graph.example/kinds"
ELI = "http://data.europa.eu/eli/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE_TERM = URIRef(RDF + "type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"

DATA_DIR = Path(__file__).resolve().parent / "data"
VOCABULARY_FILE = DATA_DIR / "vocabulary.ttl"
KINDS_FILE = DATA_DIR / "kinds.ttl"

# Format names accepted here, and rdflib's names for them.
FORMATS = {"turtle": "turtle", "ttl": "turtle", "nt": "nt", "ntriples": "nt", "jsonld": "json-ld"}
FORMATS["json-ld"] = "json-ld"

KIND_VALUES = (
    "nghi_quyet", "ket_luan", "ke_hoach", "quy_dinh", "quyet_dinh", "chi_thi", "thong_bao",
    "huong_dan", "quy_che", "chuong_trinh", "de_an", "bao_cao", "cong_van", "to_trinh",
    "thong_tri", "luat", "bo_luat", "hien_phap", "nghi_dinh", "thong_tu", "thong_tu_lien_tich",
    "phap_lenh", "cong_dien", "dieu_le", "phuong_an", "quy_trinh", "thong_cao", "sac_lenh",
    "lenh", "van_ban_hop_nhat",
)  # fmt: skip

SEGMENTS = {"Directive": "directive", "Body": "body", "Document": "document", "Task": "task"}
OTHER_SEGMENT = "node"
CLASSES = {
    "Directive": ELI + "LegalResource",
    "Body": VOCAB + "Body",
    "Document": VOCAB + "Document",
    "Task": VOCAB + "Task",
}
NODE_CLASS = VOCAB + "Node"  # nodes of any other label, with dg:nodeLabel
GRAPH_CLASS = VOCAB + "Graph"
EVIDENCE_CLASS = VOCAB + "Evidence"
STATEMENT_CLASS = RDF + "Statement"

# Properties of a Directive that ELI has a term for.
ELI_PROPS = {
    "code": ELI + "id_local",
    "number": ELI + "number",
    "issued_on": ELI + "date_document",
    "title": ELI + "title",
    "kind": ELI + "type_document",
    "in_force_from": ELI + "first_date_entry_in_force",
    "in_force_until": ELI + "date_no_longer_in_force",
}
# Properties of every node, edge and evidence (and of a Directive where ELI has no term).
DG_PROPS = {
    key: VOCAB + name
    for key, name in {
        **RDF_NAMES,  # a directive's (graph/model.py)
        "aliases": "aliases",
        "conflicts": "conflicts", "source": "source", "path": "path", "name": "name",
        "format": "format", "sha256": "sha256", "locality": "locality",
        "citations": "citations", "unresolved": "unresolved", "ordinal": "ordinal",
        "text": "text", "document": "document", "period": "period",
        "responsible": "responsible", "section": "section", "start": "start", "end": "end",
        "sphere": "sphere", "sentence": "sentence", "stated": "stated",
        "confidence": "confidence", "note": "note",
        "existed_from": "existedFrom", "existed_until": "existedUntil",
    }.items()
}  # fmt: skip
GRAPH_PROPS = {"format_version": VOCAB + "formatVersion"}
DG_DIRECTED = VOCAB + "directed"
DG_MULTIGRAPH = VOCAB + "multigraph"
DG_OTHER = VOCAB + "otherProperties"
DG_TITLE_FROM_SUBJECT = VOCAB + "titleFromSubject"
DG_NODE_LABEL = VOCAB + "nodeLabel"
DG_EDGE_TYPE = VOCAB + "edgeType"
DG_EVIDENCE = VOCAB + "evidence"
DG_INDEX = VOCAB + "index"

# Edge types: the ELI property between two directives (ISSUED_BY: directive -> body), and the
# dg: property otherwise.
ELI_EDGES = {
    "ISSUED_BY": ELI + "passed_by",
    "BASED_ON": ELI + "based_on",
    "CITES": ELI + "cites",
    "AMENDS": ELI + "amends",
    "SUPPLEMENTS": ELI + "amends",
    "REPLACES": ELI + "repeals",
    "REPEALS": ELI + "repeals",
    "IMPLEMENTS": ELI + "ensures_implementation_of",
    "GUIDES": ELI + "ensures_implementation_of",
}
DG_EDGES = {
    key: VOCAB + name
    for key, name in {
        "ISSUED_BY": "issuedBy", "PART_OF": "partOf", "MENTIONS": "mentions",
        "IS_DIRECTIVE": "isDirective", "IMPLEMENTS": "implements", "REVIEWS": "reviews",
        "BASED_ON": "basedOn", "AMENDS": "amends", "REPLACES": "replaces", "GUIDES": "guides",
        "SUPPLEMENTS": "supplements", "REPEALS": "repeals", "SUSPENDS": "suspends",
        "CITES": "cites", "HAS_TASK": "hasTask", "RESPONSIBLE": "responsibleBody",
        "SUCCEEDED_BY": "succeededBy", "MERGED_INTO": "mergedInto",
    }.items()
}  # fmt: skip
DG_RELATED = VOCAB + "relatedTo"  # an edge type this module does not know

VI_KEYS = frozenset({"title", "subject", "text", "sentence", "section"})  # tagged @vi
DATE_KEYS = frozenset({"issued_on", "in_force_from", "in_force_until", "existed_from",
                       "existed_until"})  # fmt: skip
REF_KEYS = frozenset({"document"})  # a document id: written as the Document's IRI

_JSON_DT = RDF + "JSON"
_PROP_KEYS = {iri: key for key, iri in {**DG_PROPS, **GRAPH_PROPS}.items()}
_PROP_KEYS.update({iri: key for key, iri in ELI_PROPS.items()})
_EDGE_PREDICATES = set(ELI_EDGES.values()) | set(DG_EDGES.values()) | {DG_RELATED}
assert not _EDGE_PREDICATES & set(_PROP_KEYS), "a predicate is both a property and an edge"

PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "owl": OWL,
    "eli": ELI,
    "dg": VOCAB,
    "dgk": KINDS,
}

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ESCAPE_RE = re.compile('[\x00-\x1f"\\\\\x7f\x85\u2028\u2029]')
_ECHAR = {"\t": "\\t", "\b": "\\b", "\n": "\\n", "\r": "\\r", "\f": "\\f", '"': '\\"'}
_ECHAR["\\"] = "\\\\"
_LOCAL_RE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


# ---------------------------------------------------------------------------------------------
# URIs


_SAFE_ID = re.compile(r"[A-Za-z0-9_.\-~]*")
_NODE_KEYS = ("id", "label")
_LINK_KEYS = ("source", "target", "type", "evidence")


def _quote(node_id: str) -> str:
    return node_id if _SAFE_ID.fullmatch(node_id) else quote(node_id, safe="")


def _segment(label: str | None) -> str:
    return SEGMENTS.get(label or "", OTHER_SEGMENT)


def node_iri(node_id: str, label: str | None, base: str = DEFAULT_BASE) -> str:
    """The IRI of a node: `{base}{directive|body|document|task|node}/{id}`."""
    return f"{base}{_segment(label)}/{_quote(node_id)}"


def node_id(iri: str, base: str = DEFAULT_BASE) -> str:
    """The node id in one of our IRIs (the IRI itself when it is not under `base`)."""
    if iri.startswith(base):
        _segment_name, sep, local = iri[len(base) :].partition("/")
        if sep:
            return unquote(local)
    return iri


def edge_hash(source: str, target: str, type_: str) -> str:
    return hashlib.sha1(f"{source}\x1f{target}\x1f{type_}".encode()).hexdigest()


def statement_iri(source: str, target: str, type_: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}statement/{edge_hash(source, target, type_)}"


def edge_predicate(type_: str, source_label: str | None, target_label: str | None) -> str:
    """The property asserting an edge: ELI between directives (and directive -> body for
    ISSUED_BY), `dg:` otherwise."""
    eli = ELI_EDGES.get(type_)
    if eli is not None and source_label == "Directive":
        wanted = "Body" if type_ == "ISSUED_BY" else "Directive"
        if target_label == wanted:
            return eli
    return DG_EDGES.get(type_, DG_RELATED)


# ---------------------------------------------------------------------------------------------
# Literals: lexical forms shared by every renderer


def escape(text: str) -> str:
    """A string's body in a N-Triples / Turtle "..." literal."""
    if _ESCAPE_RE.search(text) is None:
        return text
    return _ESCAPE_RE.sub(_escape_char, text)


def _escape_char(m: re.Match) -> str:
    c = m.group()
    return _ECHAR.get(c) or f"\\u{ord(c):04X}"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _double(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(value)


def _is_date(value: str) -> bool:
    if len(value) != 10 or not _DATE_RE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Renderer:
    """Makes terms; the triple generator is written once against this interface."""

    def iri(self, iri: str) -> Any:
        raise NotImplementedError

    def pred(self, iri: str) -> Any:
        return self.iri(iri)

    def string(self, text: str) -> Any:
        raise NotImplementedError

    def vi(self, text: str) -> Any:
        raise NotImplementedError

    def typed(self, lexical: str, datatype: str) -> Any:
        raise NotImplementedError

    def integer(self, value: int) -> Any:
        return self.typed(str(value), XSD + "integer")

    def boolean(self, value: bool) -> Any:
        return self.typed("true" if value else "false", XSD + "boolean")

    def node(self, segment: str, local: str) -> Any:
        """A node's IRI term (renderers cache these: nodes recur)."""
        raise NotImplementedError

    def fresh(self, segment: str, local: str) -> Any:
        """A statement's or an evidence's IRI term (used once: not cached)."""
        raise NotImplementedError


class _RdflibRenderer(_Renderer):
    def __init__(self, base: str):
        self.base = base
        self._nodes: dict = {}

    def iri(self, iri):
        return URIRef(iri)

    def string(self, text):
        return Literal(text)

    def vi(self, text):
        return Literal(text, lang="vi")

    def typed(self, lexical, datatype):
        return Literal(lexical, datatype=URIRef(datatype))

    def node(self, segment, local):
        key = (segment, local)
        term = self._nodes.get(key)
        if term is None:
            term = self._nodes[key] = URIRef(f"{self.base}{segment}/{local}")
        return term

    def fresh(self, segment, local):
        return URIRef(f"{self.base}{segment}/{local}")


class _NTriplesRenderer(_Renderer):
    def __init__(self, base: str):
        self.base = base
        self._nodes: dict = {}
        self._strings: dict = {}
        self._vi: dict = {}
        self._xsd_int = f"^^<{XSD}integer>"

    def iri(self, iri):
        return f"<{iri}>"

    def string(self, text):
        term = self._strings.get(text)
        if term is None:
            term = f'"{escape(text)}"'
            if len(self._strings) < 200_000:
                self._strings[text] = term
        return term

    def vi(self, text):
        term = self._vi.get(text)
        if term is None:
            term = f'"{escape(text)}"@vi'
            if len(self._vi) < 200_000:
                self._vi[text] = term
        return term

    def typed(self, lexical, datatype):
        return f'"{escape(lexical)}"^^<{datatype}>'

    def integer(self, value):
        return f'"{value}"{self._xsd_int}'

    def node(self, segment, local):
        key = (segment, local)
        term = self._nodes.get(key)
        if term is None:
            term = self._nodes[key] = f"<{self.base}{segment}/{local}>"
        return term

    def fresh(self, segment, local):
        return f"<{self.base}{segment}/{local}>"


class _TurtleRenderer(_NTriplesRenderer):
    def __init__(self, base: str):
        super().__init__(base)
        self.prefixes = dict(PREFIXES)
        for segment in (*SEGMENTS.values(), OTHER_SEGMENT, "statement", "evidence"):
            self.prefixes[segment] = f"{base}{segment}/"
        self.prefixes["id"] = base
        # longest namespace first, so "…/id/directive/" wins over "…/id/"
        self._ns = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda t: -len(t[0]))

    def iri(self, iri):
        for ns, prefix in self._ns:
            if iri.startswith(ns):
                local = iri[len(ns) :]
                if _LOCAL_RE.fullmatch(local):
                    return f"{prefix}:{local}"
                break
        return f"<{iri}>"

    def pred(self, iri):
        return "a" if iri == RDF + "type" else self.iri(iri)

    def typed(self, lexical, datatype):
        return f'"{escape(lexical)}"^^{self.iri(datatype)}'

    def integer(self, value):
        return str(value)

    def boolean(self, value):
        return "true" if value else "false"

    def node(self, segment, local):
        key = (segment, local)
        term = self._nodes.get(key)
        if term is None:
            if _LOCAL_RE.fullmatch(local):
                term = f"{segment}:{local}"
            else:
                term = f"<{self.base}{segment}/{local}>"
            self._nodes[key] = term
        return term

    def fresh(self, segment, local):
        return f"{segment}:{local}"  # a sha1 (and "-i"): always a valid local name


class _JsonLdRenderer(_Renderer):
    """Terms as expanded JSON-LD: {"@id": ...}, {"@value": ..., "@language"/"@type": ...}."""

    def __init__(self, base: str):
        self.base = base
        self._nodes: dict = {}

    def iri(self, iri):
        return {"@id": iri}

    def pred(self, iri):
        return iri

    def string(self, text):
        return {"@value": text}

    def vi(self, text):
        return {"@value": text, "@language": "vi"}

    def typed(self, lexical, datatype):
        return {"@value": lexical, "@type": datatype}

    def node(self, segment, local):
        key = (segment, local)
        term = self._nodes.get(key)
        if term is None:
            term = self._nodes[key] = {"@id": f"{self.base}{segment}/{local}"}
        return term

    def fresh(self, segment, local):
        return {"@id": f"{self.base}{segment}/{local}"}


# ---------------------------------------------------------------------------------------------
# The triples


def _triples(data: dict, r: _Renderer, base: str) -> Iterator[tuple[Any, list]]:
    """(subject, [(predicate, object), ...]) blocks for node-link `data`."""
    P = {iri: r.pred(iri) for iri in _all_predicates()}
    a = P[RDF + "type"]
    C = {iri: r.iri(iri) for iri in (*CLASSES.values(), NODE_CLASS, GRAPH_CLASS, EVIDENCE_CLASS)}
    C[STATEMENT_CLASS] = r.iri(STATEMENT_CLASS)
    kinds = {k: r.iri(KINDS + k) for k in KIND_VALUES}
    x_double, x_date, x_json = XSD + "double", XSD + "date", _JSON_DT
    true = r.boolean(True)
    doc_segment = SEGMENTS["Document"]
    p_type_doc, p_title = P[ELI_PROPS["kind"]], P[ELI_PROPS["title"]]
    p_other, p_tfs = P[DG_OTHER], P[DG_TITLE_FROM_SUBJECT]
    eli_props = {k: P[v] for k, v in ELI_PROPS.items()}
    dg_props = {k: P[v] for k, v in DG_PROPS.items()}
    string, vi, typed, integer, node, fresh = (
        r.string, r.vi, r.typed, r.integer, r.node, r.fresh,
    )  # fmt: skip

    p_kind_dg = P[DG_PROPS["kind"]]
    directive_props = {**dg_props, **eli_props}
    doc_terms: dict = {}
    false = r.boolean(False)

    def encode(d: dict, preds: dict, pos: list, skip: tuple = ()) -> None:
        """Append the (predicate, object) pairs of `d`'s items; what has no predicate, and
        null values, go into one dg:otherProperties JSON object."""
        other = None
        for key, value in d.items():
            if key in skip:
                continue
            pred = preds.get(key)
            t = type(value)
            if pred is None or value is None:
                pass
            elif t is str:
                if key in REF_KEYS:
                    obj = doc_terms.get(value)
                    if obj is None:
                        obj = doc_terms[value] = node(doc_segment, _quote(value))
                elif key in VI_KEYS:
                    obj = vi(value)
                elif key in DATE_KEYS and _is_date(value):
                    obj = typed(value, x_date)
                elif pred is p_type_doc:
                    obj = kinds.get(value)
                    if obj is None:
                        pred, obj = p_kind_dg, string(value)
                else:
                    obj = string(value)
                pos.append((pred, obj))
                continue
            elif t is int:
                pos.append((pred, integer(value)))
                continue
            elif t is bool:
                pos.append((pred, true if value else false))
                continue
            elif t is float:
                pos.append((pred, typed(_double(value), x_double)))
                continue
            elif t is list or t is dict:
                pos.append((pred, typed(_json(value), x_json)))
                continue
            # no predicate, null, or another JSON type (a subclass): kept exactly, as JSON
            if other is None:
                other = {}
            other[key] = value
        if other:
            pos.append((p_other, typed(_json(other), x_json)))

    labels = {}
    for n in data.get("nodes", ()):
        labels[n["id"]] = n.get("label")
    node_terms = {nid: node(_segment(lab), _quote(nid)) for nid, lab in labels.items()}

    def term_of(nid: str):
        t = node_terms.get(nid)
        if t is None:
            t = node_terms[nid] = node(OTHER_SEGMENT, _quote(nid))
        return t

    # direct triples of the edges, grouped under their source's block
    links = data.get("links", ())
    out_edges: dict[str, list] = {}
    shared = {P[ELI_EDGES["IMPLEMENTS"]], P[DG_RELATED]}  # several edge types, one property
    asserted: set = set()
    for e in links:
        s, t, typ = e["source"], e["target"], e["type"]
        pred = P[edge_predicate(typ, labels.get(s), labels.get(t))]
        if pred in shared:
            if (s, pred, t) in asserted:
                continue  # IMPLEMENTS and GUIDES between the same pair: one triple
            asserted.add((s, pred, t))
        out_edges.setdefault(s, []).append((pred, term_of(t)))

    if any(k in data for k in ("directed", "multigraph", "graph")):
        pos = [(a, C[GRAPH_CLASS])]
        if "directed" in data:
            pos.append((P[DG_DIRECTED], true if data["directed"] else false))
        if "multigraph" in data:
            pos.append((P[DG_MULTIGRAPH], true if data["multigraph"] else false))
        encode(data.get("graph") or {}, {k: P[v] for k, v in GRAPH_PROPS.items()}, pos)
        yield r.iri(base + "graph"), pos

    for n in data.get("nodes", ()):
        nid, label = n["id"], n.get("label")
        cls = CLASSES.get(label)
        if cls is not None:
            pos = [(a, C[cls])]
        else:
            pos = [(a, C[NODE_CLASS]), (P[DG_NODE_LABEL], string(str(label)))]
        if label == "Directive":
            encode(n, directive_props, pos, _NODE_KEYS)
            subject = n.get("subject")
            if n.get("title") is None and type(subject) is str:
                pos.append((p_title, vi(subject)))
                pos.append((p_tfs, true))
        else:
            encode(n, dg_props, pos, _NODE_KEYS)
        edges = out_edges.pop(nid, None)
        if edges:
            pos.extend(edges)
        yield node_terms[nid], pos

    for source, edges in out_edges.items():  # edges from nodes missing in `nodes`
        yield term_of(source), edges

    p_subj, p_pred, p_obj = P[RDF + "subject"], P[RDF + "predicate"], P[RDF + "object"]
    p_etype, p_ev, p_index = P[DG_EDGE_TYPE], P[DG_EVIDENCE], P[DG_INDEX]
    c_stmt, c_ev = C[STATEMENT_CLASS], C[EVIDENCE_CLASS]
    ev_preds = dg_props
    for e in links:
        s, t, typ = e["source"], e["target"], e["type"]
        sha = edge_hash(s, t, typ)
        pred_iri = edge_predicate(typ, labels.get(s), labels.get(t))
        pos = [
            (a, c_stmt),
            (p_subj, term_of(s)),
            (p_pred, r.iri(pred_iri)),
            (p_obj, term_of(t)),
            (p_etype, string(typ)),
        ]
        encode(e, dg_props, pos, _LINK_KEYS)
        evidence = e.get("evidence") or ()
        ev_terms = [fresh("evidence", f"{sha}-{i}") for i in range(len(evidence))]
        for ev_term in ev_terms:
            pos.append((p_ev, ev_term))
        yield fresh("statement", sha), pos
        for i, ev in enumerate(evidence):
            pos = [(a, c_ev), (p_index, integer(i))]
            encode(ev, ev_preds, pos)
            yield ev_terms[i], pos


def _all_predicates() -> set[str]:
    return {
        RDF + "type", RDF + "subject", RDF + "predicate", RDF + "object",
        *ELI_PROPS.values(), *DG_PROPS.values(), *GRAPH_PROPS.values(),
        *ELI_EDGES.values(), *DG_EDGES.values(), DG_RELATED, DG_DIRECTED, DG_MULTIGRAPH,
        DG_OTHER, DG_TITLE_FROM_SUBJECT, DG_NODE_LABEL, DG_EDGE_TYPE, DG_EVIDENCE, DG_INDEX,
    }  # fmt: skip


def vocabulary_terms() -> set[str]:
    """Every dg: IRI this module can write (classes and properties)."""
    terms = {NODE_CLASS, GRAPH_CLASS, EVIDENCE_CLASS, *CLASSES.values()}
    terms |= _all_predicates()
    return {t for t in terms if t.startswith(VOCAB)}


# ---------------------------------------------------------------------------------------------
# Building and writing


def bind_prefixes(graph: rdflib.Graph, base: str = DEFAULT_BASE) -> rdflib.Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    for segment in (*SEGMENTS.values(), OTHER_SEGMENT, "statement", "evidence"):
        graph.bind(segment, f"{base}{segment}/", override=True)
    return graph


@contextlib.contextmanager
def _no_gc():
    """The writers allocate millions of short-lived tuples and no cycles: without this, the
    cyclic collector walks the whole heap (the data, an rdflib graph) again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_rdf(data: dict, base: str = DEFAULT_BASE) -> rdflib.Graph:
    """The node-link `data` as an rdflib graph (see the module docstring for the mapping)."""
    graph = bind_prefixes(rdflib.Graph(), base)
    add = graph.add
    with _no_gc():
        for subject, pos in _triples(data, _RdflibRenderer(base), base):
            for p, o in pos:
                add((subject, p, o))
    return graph


def write_ntriples(data: dict, out: TextIO, base: str = DEFAULT_BASE) -> int:
    """Stream the triples of `to_rdf(data, base)` as N-Triples; returns the triple count."""
    with _no_gc():
        return _write_ntriples(data, out, base)


def _write_ntriples(data: dict, out: TextIO, base: str) -> int:
    count = 0
    chunk: list[str] = []
    for subject, pos in _triples(data, _NTriplesRenderer(base), base):
        head = subject + " "
        chunk.append("".join([f"{head}{p} {o} .\n" for p, o in pos]))
        count += len(pos)
        if len(chunk) >= 2000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    return count


def write_turtle(data: dict, out: TextIO, base: str = DEFAULT_BASE) -> int:
    """Stream the triples of `to_rdf(data, base)` as Turtle, one block per subject, with
    prefixes; returns the triple count."""
    with _no_gc():
        return _write_turtle(data, out, base)


def _write_turtle(data: dict, out: TextIO, base: str) -> int:
    r = _TurtleRenderer(base)
    out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in r.prefixes.items()) + "\n")
    count = 0
    chunk: list[str] = []
    for subject, pos in _triples(data, r, base):
        if not pos:
            continue
        chunk.append(f"{subject} " + " ;\n    ".join([f"{p} {o}" for p, o in pos]) + " .\n\n")
        count += len(pos)
        if len(chunk) >= 2000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    return count


def write_jsonld(data: dict, out: TextIO, base: str = DEFAULT_BASE) -> int:
    """Stream the triples of `to_rdf(data, base)` as JSON-LD (full IRIs, one object per subject
    in "@graph", the prefixes inline in "@context"): memory stays that of one subject at a
    time, where rdflib's serializer builds the whole graph, then its JSON. Returns the count."""
    with _no_gc():
        count = 0
        context = {**PREFIXES}  # inline, for a reader's tools: every IRI below is written full
        for segment in (*SEGMENTS.values(), OTHER_SEGMENT, "statement", "evidence"):
            context[segment] = f"{base}{segment}/"
        out.write('{"@context": ' + json.dumps(context, ensure_ascii=False) + ', "@graph": [\n')
        first = True
        chunk: list[str] = []
        for subject, pos in _triples(data, _JsonLdRenderer(base), base):
            obj: dict[str, Any] = {"@id": subject["@id"]}
            for p, o in pos:
                obj.setdefault(p, []).append(o)
            chunk.append(("" if first else ",\n") + json.dumps(obj, ensure_ascii=False))
            first = False
            count += len(pos)
            if len(chunk) >= 500:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
        out.write("\n]}\n")
        return count


def serialize(data: dict, format: str = "turtle", base: str = DEFAULT_BASE) -> str:
    """The graph as text: "turtle", "nt" or "jsonld" (the streaming writers)."""
    import io

    fmt = _format(format)
    buf = io.StringIO()
    writer = {"turtle": write_turtle, "json-ld": write_jsonld}.get(fmt, write_ntriples)
    writer(data, buf, base)
    return buf.getvalue()


def _format(format: str) -> str:
    try:
        return FORMATS[format.lower()]
    except KeyError:
        raise FormatError(f"unknown RDF format {format!r}; use one of turtle, nt, jsonld") from None


def parse(text: str | bytes, format: str = "turtle", source: str | None = None) -> rdflib.Graph:
    """An rdflib graph from text in one of FORMATS (`source` names it in errors).

    Nothing is fetched: a JSON-LD document whose `@context` (at any depth) or `@import` names
    a context document instead of holding it inline is refused before rdflib sees it
    (`check_jsonld_contexts`), and the parse runs under `no_outbound`.
    """
    fmt = _format(format)
    graph = rdflib.Graph()
    name = source or "the RDF text"
    with warnings.catch_warnings(), no_outbound(name, InputError):
        # rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        if fmt == "json-ld":
            try:
                doc = json.loads(text)
            except ValueError as e:
                raise InputError(f"{name}: not JSON ({e}); give a JSON-LD document") from None
            check_jsonld_contexts(doc, source)
            # rdflib reads the very object checked (no second JSON parser to disagree with)
            graph.parse(source=PythonInputSource(doc), format=fmt)
        else:
            graph.parse(data=text, format=fmt)
    return graph


def check_jsonld_contexts(doc: Any, source: str | None = None) -> None:
    """Refuse a JSON-LD document that would make a processor fetch a context: an `@context`
    (top level, in a node, in a term definition: anywhere) that is or lists a string (an IRI
    or a path, http(s):, file: or relative), or an `@import`. Inline contexts (objects) and
    null are fine; `export` writes its context inline.

    The project ships no context document of its own, so no IRI is allowed.
    """
    name = source or "the document"
    fix = (
        "contexts are never fetched (neither http(s) nor file:); inline the context as a JSON "
        "object, as `directive-graph export --format jsonld` writes it"
    )
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if "@import" in node:
            raise InputError(f"{name}: JSON-LD @import {node['@import']!r} refused; {fix}")
        context = node.get("@context")
        for item in context if isinstance(context, list) else [context]:
            if isinstance(item, str):
                raise InputError(f"{name}: JSON-LD @context {item!r} refused; {fix}")
        stack.extend(node.values())


# ---------------------------------------------------------------------------------------------
# Reading back


def decode_literal(lit: Literal):
    """The Python value of one of our literals (the lexical form decides, not rdflib)."""
    datatype = lit.datatype
    return _decoded(str(lit), None if datatype is None else str(datatype))


def _decoded(lexical: str, dt: str | None):
    decode = None if dt is None else _DECODERS.get(dt)
    return lexical if decode is None else decode(lexical)


def _boolean(lexical: str) -> bool:
    return lexical.strip() in ("true", "1")


# A datatype's decoding of a lexical form; the text itself for any other (xsd:string,
# rdf:langString, xsd:date ...).
_DECODERS: dict[str, Callable[[str], Any]] = {
    _JSON_DT: json.loads,
    XSD + "integer": int,
    XSD + "boolean": _boolean,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "decimal": float,
}


# How the reader holds terms (one shape whichever parser read them, few objects per triple):
# a subject is its IRI, or "_:" and its label for a blank node; an object that is a resource
# is a 1-tuple of the same; a literal is its Python value (`_decoded`).


def from_rdf(
    graph_or_text: rdflib.Graph | str | bytes, format: str = "turtle", base: str | None = None
) -> dict:
    """Node-link data from a graph written by `to_rdf` (or its text in `format`).

    `base` defaults to the one of the graph's `dg:Graph` resource (`{base}graph`), else
    DEFAULT_BASE.
    """
    if isinstance(graph_or_text, rdflib.Graph):
        graph = graph_or_text
    else:
        graph = parse(graph_or_text, format)
    by_subject: dict[str, list] = {}
    types: dict[str, set] = {}
    for s, p, o in graph:
        subject = f"_:{s}" if isinstance(s, BNode) else str(s)
        if isinstance(o, Literal):
            obj: Any = decode_literal(o)
        elif p == RDF_TYPE_TERM:
            types.setdefault(subject, set()).add(str(o))
            continue
        else:
            obj = (f"_:{o}" if isinstance(o, BNode) else str(o),)
        by_subject.setdefault(subject, []).append((str(p), obj))
    return _from_subjects(by_subject, types, base)


def _oxigraph_subjects(data: bytes, format: str) -> tuple[dict[str, list], dict[str, set]]:
    """The triples of Turtle or N-Triples `data`, parsed by pyoxigraph (Rust; several times
    rdflib's speed), grouped by subject in the reader's shape (above), and each subject's
    rdf:type classes."""
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_TRIPLES if format == "nt" else ox.RdfFormat.TURTLE
    named, literal = ox.NamedNode, ox.Literal
    string = ox.NamedNode(XSD + "string")  # compared in Rust: no str made for most literals
    rdf_type = ox.NamedNode(RDF + "type")
    by_subject: dict[str, list] = {}
    types: dict[str, set] = {}
    last: str | None = None
    pairs: list = []
    for quad in ox.parse(data, format=fmt):
        s = quad.subject
        subject = s.value if type(s) is named else "_:" + s.value
        if subject != last:  # our writers group a subject's triples: one lookup per group
            last = subject
            pairs = by_subject.setdefault(subject, [])
        o = quad.object
        t = type(o)
        if t is literal:
            dt = o.datatype
            obj: Any = o.value if dt == string else _decoded(o.value, dt.value)
        elif t is named:
            p = quad.predicate
            if p == rdf_type:
                types.setdefault(subject, set()).add(o.value)
                continue
            obj = (o.value,)
        else:  # a blank node
            obj = ("_:" + o.value,)
        pairs.append((quad.predicate.value, obj))
    return by_subject, types


# The fast reader: the lines the project's writers write (`write_ntriples`, `write_turtle`),
# split as bytes with bytes methods instead of parsed term by term. It recognises a strict
# subset of the syntax (one triple per N-Triples line, `<s> <p> o .`; Turtle as `_write_turtle`
# lays it out: the @prefix lines, a blank line, then `s p o ;\n    p o .\n\n` blocks) and checks
# every term as pyoxigraph does (an IRI with `ox.NamedNode`, once per distinct token; a literal's
# text as UTF-8 with only the escapes the writers write). On anything else it gives up
# (`_NotOurs`) and the general parser reads the whole input, so the result is always the
# general parser's.

_IRI_CHARS = re.compile(r"[!#$%&'()*+,\-./0-9:;=?@A-Z\[\]_a-z~]+")
# http(s), a plain host, a path of plain segments: any _SIMPLE_LOCAL after it is an IRI's last
# path segment (unreserved characters, not "." nor ".."), so such an IRI needs no NamedNode.
_SIMPLE_NAMESPACE = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]+)?/(?:[A-Za-z0-9_.\-~]+/)*")
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9_\-~][A-Za-z0-9_.\-~]*")
_ESCAPED_BODY = re.compile(r'(?:[^"\\]|\\[tbnrf"\\]|\\u[0-9A-Fa-f]{4})*')
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_UNECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "\\": "\\"}
_TURTLE_PREFIX = re.compile(rb'@prefix ([A-Za-z][A-Za-z0-9_\-]*): <([^<>"\s]*)> \.')
_TURTLE_INTEGER = re.compile(rb"[+-]?[0-9]+")
_NT_LINE_END = b" .\n"
_TURTLE_BLOCK_END = b" .\n\n"
_TURTLE_NEXT_PAIR = b" ;\n    "
_CHUNK = 1 << 23  # bytes split at a time (memory stays that of a few chunks)
_KNOWN_PAIRS = 1 << 18  # "p o" pairs remembered (types, kinds, flags, edge types recur)
_IMMUTABLE = frozenset({str, int, float, bool, tuple})  # objects a pair may share
_FAST_DATATYPES = frozenset({*_DECODERS, XSD + "date", XSD + "string"})  # the rest: pyoxigraph


class _NotOurs(DirectiveGraphError):
    """The fast reader met what the project's writers do not write (caught in this module: the
    general parser then reads the whole input; it never reaches a caller)."""


def _unescaped(m: re.Match) -> str:
    code = m.group(1)
    if code is None:
        return _UNECHAR[m.group(2)]
    point = int(code, 16)
    if 0xD800 <= point <= 0xDFFF:  # not a character: the general parser's error
        raise _NotOurs
    return chr(point)


def _chunks(data: bytes, start: int, end_mark: bytes) -> Iterator[bytes]:
    """`data[start:]` in pieces of about _CHUNK bytes, each cut just after an `end_mark`."""
    size = len(data)
    while start < size:
        cut = data.find(end_mark, start + _CHUNK)
        cut = size if cut < 0 else cut + len(end_mark)
        yield data[start:cut]
        start = cut


def _fast_subjects(data: bytes, format: str) -> tuple[dict[str, list], dict[str, set]] | None:
    """What `_oxigraph_subjects` gives for `data`, when `data` is laid out as the project's
    writers lay it out; else None (the caller parses it with pyoxigraph)."""
    import pyoxigraph as ox

    if not isinstance(data, bytes) or b"\r" in data:  # text (or CRLF): pyoxigraph's
        return None
    nt = format == "nt"
    by_subject: dict[str, list] = {}
    types: dict[str, set] = {}
    iris: dict[bytes, str] = {}  # a subject's or a datatype's token -> its (checked) IRI
    preds: dict[bytes, str] = {}  # a predicate's token -> its IRI
    objects: dict[bytes, Any] = {}  # a resource's (a Turtle number's) token -> its object
    known: dict[bytes, Any] = {}  # a "p o" pair seen before -> what `parsed` made of it
    suffixes: dict[bytes, Callable | None] = {b"": None, b"@vi": None}  # after a literal's text
    prefixes: dict[bytes, str] = {}
    simple: set[str] = set()  # namespaces (_SIMPLE_NAMESPACE) seen in an IRI NamedNode took
    rdf_type = RDF + "type"

    def iri(token: bytes) -> str:
        value = iris.get(token)
        if value is None:
            if token[:1] == b"<" and token[-1:] == b">":
                value = token[1:-1].decode()
            else:
                prefix, colon, local = token.partition(b":")
                if not colon or prefix not in prefixes:
                    raise _NotOurs
                value = prefixes[prefix] + local.decode()
                if not _LOCAL_RE.fullmatch(value, len(prefixes[prefix])):
                    raise _NotOurs
            cut = value.rfind("/") + 1
            if value[:cut] not in simple or not _SIMPLE_LOCAL.fullmatch(value, cut):
                if _IRI_CHARS.fullmatch(value) is None:
                    raise _NotOurs
                ox.NamedNode(value)  # pyoxigraph's own check (a ValueError)
                if _SIMPLE_NAMESPACE.fullmatch(value, 0, cut):
                    simple.add(value[:cut])
            iris[token] = value
        return value

    def decoder(suffix: bytes) -> Callable | None:
        dt = iri(suffix[2:]) if suffix[:2] == b"^^" else None
        if dt not in _FAST_DATATYPES:  # rdf:langString without a tag is an error, say
            raise _NotOurs
        suffixes[suffix] = decode = _DECODERS.get(dt)
        return decode

    def literal(token: bytes) -> Any:
        end = token.rfind(b'"')
        if end < 1:
            raise _NotOurs
        body = token[1:end].decode()
        if "\\" in body:
            if _ESCAPED_BODY.fullmatch(body) is None:
                raise _NotOurs
            body = _ESCAPE.sub(_unescaped, body)
        elif '"' in body:
            raise _NotOurs
        suffix = token[end + 1 :]
        decode = suffixes[suffix] if suffix in suffixes else decoder(suffix)
        return body if decode is None else decode(body)

    def parsed(po: bytes) -> Any:
        """The pair `po` ("p o"): (predicate IRI, object) in the reader's shape, or the class
        IRI (a str) of an rdf:type; kept in `known` when its object is immutable."""
        p_token, o_token = po.split(b" ", 1)
        p = preds.get(p_token)
        if p is None:
            p = preds[p_token] = iri(p_token)
        if o_token[0] == 34:  # '"'
            obj = literal(o_token)
        else:
            obj = objects.get(o_token)
            if obj is None:
                if not nt and _TURTLE_INTEGER.fullmatch(o_token):
                    obj = int(o_token)
                else:
                    obj = (iri(o_token),)
                objects[o_token] = obj
        pair = obj[0] if p == rdf_type and type(obj) is tuple else (p, obj)
        if type(obj) in _IMMUTABLE and len(known) < _KNOWN_PAIRS:
            known[po] = pair
        return pair

    def read(pieces: list[bytes], s_token: bytes | None) -> None:
        """Add `pieces`: N-Triples lines without their " ." (`s_token` None), or the `p o`
        pairs of a Turtle subject's block."""
        subject, pairs, last = "", [], None
        if s_token is not None:
            subject = iri(s_token)
            pairs = by_subject.setdefault(subject, [])
        for po in pieces:
            if s_token is None:
                s, po = po.split(b" ", 1)
                if s != last:
                    last = s
                    subject = iri(s)
                    pairs = by_subject.setdefault(subject, [])
            pair = known.get(po)
            if pair is None:
                pair = parsed(po)
            if type(pair) is str:
                types.setdefault(subject, set()).add(pair)
            else:
                pairs.append(pair)

    try:
        if nt:
            for chunk in _chunks(data, 0, _NT_LINE_END):
                lines = chunk.split(_NT_LINE_END)
                if lines.pop() != b"" or len(lines) != chunk.count(b"\n"):
                    raise _NotOurs  # a line not ending in " .": no line holds a newline
                read(lines, None)
            return by_subject, types
        head_end = data.find(b"\n\n")
        for line in data[: max(head_end, 0)].split(b"\n"):
            m = _TURTLE_PREFIX.fullmatch(line)
            if m is None:
                raise _NotOurs
            prefixes[m.group(1)] = iri(b"<" + m.group(2) + b">")
        iris.clear()  # a namespace is checked, yet is no term of the graph
        objects.update({b"true": True, b"false": False})
        preds[b"a"] = rdf_type
        for chunk in _chunks(data, head_end + 2, _TURTLE_BLOCK_END):
            blocks = chunk.split(_TURTLE_BLOCK_END)
            if blocks.pop() != b"":
                raise _NotOurs
            newlines = 0  # the separators' and the ends': then no term holds one
            for block in blocks:
                pieces = block.split(_TURTLE_NEXT_PAIR)
                newlines += len(pieces) + 1
                s_token, pieces[0] = pieces[0].split(b" ", 1)
                read(pieces, s_token)
            if newlines != chunk.count(b"\n"):
                raise _NotOurs
    except (_NotOurs, ValueError, IndexError, KeyError):  # ValueError: a term pyoxigraph refuses
        return None
    return by_subject, types


def read_triples(data: bytes, format: str, base: str | None = None) -> dict:
    """Node-link data from Turtle or N-Triples (`format` "turtle" or "nt"), as `from_rdf`
    reads it: the writers' own layout by the fast reader, anything else by pyoxigraph (the
    same dict either way); a syntax error is pyoxigraph's, an InputError naming the line.

    `base` as in `from_rdf`."""
    with _no_gc():  # millions of tuples and lists, no cycles
        grouped = _fast_subjects(data, format)
        if grouped is None:
            try:
                grouped = _oxigraph_subjects(data, format)
            except (SyntaxError, ValueError) as e:  # pyoxigraph's parse errors
                raise InputError(f"not valid {format}: {e}") from e
        return _from_subjects(*grouped, base)


def _from_subjects(by_subject: dict[str, list], types: dict[str, set], base: str | None) -> dict:
    """Node-link data from the triples grouped by subject, rdf:type kept apart in `types`."""
    for s in by_subject:
        types.setdefault(s, set())
    for s in types:
        by_subject.setdefault(s, [])
    graph_subjects = [s for s, ts in types.items() if GRAPH_CLASS in ts]
    if base is None:
        base = DEFAULT_BASE
        for s in graph_subjects:
            if not s.startswith("_:") and s.endswith("graph"):
                base = s[: -len("graph")]
    doc_prefix = f"{base}{SEGMENTS['Document']}/"
    prop_keys = _PROP_KEYS

    def props(pos, skip=frozenset()) -> dict:
        out: dict = {}
        for p, o in pos:
            key = prop_keys.get(p)
            if key is not None and p not in skip:
                if type(o) is tuple:  # a resource
                    text = o[0]
                    if text.startswith(KINDS):
                        o = text[len(KINDS) :]
                    elif text.startswith(doc_prefix):
                        o = unquote(text[len(doc_prefix) :])
                    else:
                        o = text
                out[key] = o
            elif p == DG_OTHER:
                out.update(json.loads(o) if isinstance(o, str) else o)
        return out

    data: dict = {}
    for s in graph_subjects:
        pos = by_subject[s]
        for p, o in pos:
            if p == DG_DIRECTED:
                data["directed"] = o
            elif p == DG_MULTIGRAPH:
                data["multigraph"] = o
        data["graph"] = props(pos)
        break

    label_of_class = {cls: label for label, cls in CLASSES.items()}
    nodes, links = [], []
    title_iri = ELI_PROPS["title"]
    flagged = (DG_TITLE_FROM_SUBJECT, True)  # equal to the pair sought (and to a few others)
    for s, ts in types.items():
        if STATEMENT_CLASS in ts and any(p == DG_EDGE_TYPE for p, _ in by_subject[s]):
            links.append(_read_edge(by_subject, s, base, props))
            continue
        label = None
        for t in ts:  # the first class (in the set's order) that is a label's
            label = label_of_class.get(t)
            if label is not None:
                break
        pos = by_subject[s]
        if label is None:
            if NODE_CLASS not in ts:
                continue
            label = next(str(o) for p, o in pos if p == DG_NODE_LABEL)
        skip: frozenset[str] = frozenset()
        if flagged in pos and any(p == DG_TITLE_FROM_SUBJECT and o is True for p, o in pos):
            skip = frozenset({title_iri})
        nodes.append({"id": node_id(s, base), "label": label, **props(pos, skip)})
    nodes.sort(key=itemgetter("label", "id"))  # labels are strings (a class's, str(dg:nodeLabel))
    links.sort(key=itemgetter("source", "target", "type"))
    data["nodes"] = nodes
    data["links"] = links
    return data


# An edge's statement: what `_read_edge` reads itself; its other pairs are the edge's properties.
_EDGE_PARTS = frozenset({RDF + "subject", RDF + "object", DG_EDGE_TYPE, DG_EVIDENCE})
assert not _EDGE_PARTS & {*_PROP_KEYS, DG_OTHER}, "an edge's part is read as a property"


def _read_edge(by_subject: dict, s, base: str, props: Callable) -> dict:
    """The edge of the rdf:Statement `s`: source, target, type, its properties (`props` skips
    the parts, `_EDGE_PARTS`, being no property) and its evidence, by dg:index."""
    source = target = type_ = None
    evidence = []
    pos = by_subject[s]
    subject, object_ = RDF + "subject", RDF + "object"
    for p, o in pos:
        if p not in _EDGE_PARTS:
            continue
        if p == subject:
            source = node_id(o[0], base)
        elif p == object_:
            target = node_id(o[0], base)
        elif p == DG_EDGE_TYPE:
            type_ = o[0] if type(o) is tuple else str(o)
        else:
            ev = by_subject.get(o[0], [])
            if ev and ev[0][0] == DG_INDEX:  # where the writers put it
                index = ev[0][1]
            else:
                index = next((v for q, v in ev if q == DG_INDEX), 0)
            evidence.append((index, props(ev)))
    evidence.sort(key=itemgetter(0))
    return {
        "source": source,
        "target": target,
        "type": type_,
        **props(pos),
        "evidence": [ev for _, ev in evidence],
    }


# ---------------------------------------------------------------------------------------------
# No outbound calls
#
# Parsing a file and answering a query never reach the network or read another file: SPARQL
# SERVICE, FROM, FROM NAMED and updates (LOAD ...) are refused before evaluation
# (`check_query`), JSON-LD context IRIs before parsing (`check_jsonld_contexts`). As a second
# line, both run under `no_outbound`: a Python audit hook (PEP 578, as rdflib's
# "Security considerations" page suggests; rdflib has no switch for SERVICE) refuses
# every URL opened, socket connected or host looked up, and every file opened that is not a
# Python module, while the block runs in this thread (a context variable; other threads and
# the rest of the program are untouched).

_NETWORK_EVENTS = frozenset(
    {"urllib.Request", "socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
     "socket.gethostbyname_ex", "socket.gethostbyaddr", "http.client.connect"}
)  # fmt: skip
_WATCHED_EVENTS = _NETWORK_EVENTS | {"open"}
_MODULE_SUFFIXES = tuple(importlib.machinery.all_suffixes())  # lazy imports, .pyc writes
_ATTEMPTS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "directive_graph_no_outbound", default=None
)
_hook_installed = False


def _audit(event: str, args: tuple) -> None:
    if event not in _WATCHED_EVENTS:
        return
    attempts = _ATTEMPTS.get()
    if attempts is None:
        return
    if event == "open":
        path = args[0] if args else None
        if path is None or isinstance(path, int):
            return  # a file descriptor already open
        target = os.fsdecode(path)
        if target.endswith(_MODULE_SUFFIXES):
            return
        what = f"the file {target}"
    elif event == "urllib.Request":
        what = f"the URL {args[0]}"
    else:
        what = f"the network ({event} {args[1:2] or args[:1]})"
    attempts.append(what)
    # what rdflib sees (it may catch it); the caller gets `no_outbound`'s error either way
    raise PermissionError(f"outbound access refused: {what}")


@contextlib.contextmanager
def no_outbound(what: str, error: type[DirectiveGraphError] = QueryError) -> Iterator[None]:
    """Run the block with no network and no file access (Python modules excepted) from this
    thread; an attempt raises `error` naming `what` and the target, even when the code that
    tried swallowed the audit hook's exception."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)  # once per process; idle outside no_outbound blocks
        _hook_installed = True
    attempts: list[str] = []
    token = _ATTEMPTS.set(attempts)

    def refused() -> DirectiveGraphError:
        return error(
            f"{what}: refused to reach {attempts[0]}; the graph's data and queries never make "
            "outbound calls (remove the remote reference)"
        )

    try:
        yield
    except Exception as e:
        if attempts and not isinstance(e, DirectiveGraphError):
            raise refused() from e
        raise
    finally:
        _ATTEMPTS.reset(token)
    if attempts:
        raise refused()


# SPARQL text with its strings, IRIs and comments blanked (one pass, left to right, so a "#" in
# an IRI or a string is no comment), for the keyword pre-check.
_SPARQL_OPAQUE = re.compile(
    "|".join(
        (
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',  # short strings
            r"'(?:[^'\\\n]|\\.)*'",
            r'<[^<>"{}|^`\\\s]*>',  # IRIs
            r"#[^\n]*",  # comments
        )
    ),
    re.S,
)
# A keyword: not part of a variable, a prefixed name or a longer word.
_SPARQL_REFUSED = re.compile(
    r"(?<![\w:?$.\-])(SERVICE|FROM|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"
    r"(?![\w:\-])",
    re.I,
)
_UPDATE_REFUSED = (
    "SPARQL updates (LOAD, INSERT, DELETE, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are refused: "
    "the graph is only read here; ask a SELECT, ASK, CONSTRUCT or DESCRIBE query"
)
_SERVICE_REFUSED = (
    "SPARQL SERVICE is refused: a query runs over this graph only and never calls another "
    "endpoint; remove the SERVICE clause"
)
_FROM_REFUSED = (
    "SPARQL FROM and FROM NAMED are refused: a query runs over this graph only and loads no "
    "other graph; remove the FROM clause"
)


def check_query_text(query: str) -> None:
    """Refuse, from the text alone (strings, IRIs and comments left out), a query with a
    SERVICE, FROM or update keyword: the first line, before anything is parsed."""
    for match in _SPARQL_REFUSED.finditer(_SPARQL_OPAQUE.sub(" ", query)):
        keyword = match.group(1).upper()
        if keyword == "SERVICE":
            raise QueryError(_SERVICE_REFUSED)
        if keyword == "FROM":
            raise QueryError(_FROM_REFUSED)
        raise QueryError(_UPDATE_REFUSED)


def check_query(algebra: Any) -> None:
    """Refuse a parsed query (`prepareQuery(...).algebra`) holding a SERVICE pattern anywhere
    (sub-queries, OPTIONAL, FILTER EXISTS ...) or a dataset clause (FROM, FROM NAMED)."""
    stack, seen = [algebra], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryError(_SERVICE_REFUSED)
            if dict.get(node, "datasetClause"):
                raise QueryError(_FROM_REFUSED)
        if isinstance(node, dict):
            stack.extend(dict.values(node))
        elif isinstance(node, list | tuple | set | frozenset):
            stack.extend(node)


# ---------------------------------------------------------------------------------------------
# SPARQL


def sparql(data: dict, query: str, base: str = DEFAULT_BASE, vocabulary: bool = True) -> list:
    """Run a SPARQL query over `to_rdf(data, base)` (with the kinds scheme and the dg:
    vocabulary when `vocabulary`, so `skos:prefLabel` of kinds can be queried).

    Prefixes rdf, rdfs, xsd, skos, owl, eli, dg, dgk and directive, body, document, task,
    statement, evidence are predefined. SELECT gives one dict per row (variable -> value: an
    IRI as a string, a literal as its Python value, unbound as None); ASK gives
    `[{"boolean": bool}]`; CONSTRUCT and DESCRIBE give `{"subject", "predicate", "object"}`
    rows. SERVICE, FROM, FROM NAMED and updates (LOAD, INSERT ...) are refused with a
    QueryError before evaluation, and evaluation runs under `no_outbound`.
    """
    graph = to_rdf(data, base)
    if vocabulary:
        graph.parse(KINDS_FILE, format="turtle")
        graph.parse(VOCABULARY_FILE, format="turtle")
    namespaces = dict(PREFIXES)
    for segment in (*SEGMENTS.values(), OTHER_SEGMENT, "statement", "evidence"):
        namespaces[segment] = f"{base}{segment}/"
    check_query_text(query)
    try:
        prepared = prepareQuery(query, initNs=namespaces)
    except Exception as e:  # pyparsing's ParseException, rdflib's own errors
        if _is_update(query):
            raise QueryError(_UPDATE_REFUSED) from None
        first = " ".join(str(e).split())[:200]
        raise QueryError(
            f"the SPARQL query does not parse ({first}); check its syntax and prefixes "
            "(predefined: " + ", ".join(sorted(namespaces)) + ")"
        ) from e
    check_query(prepared.algebra)
    with no_outbound("the SPARQL query", QueryError):  # rows are computed lazily: all inside
        result = graph.query(prepared)
        if result.type == "ASK":
            return [{"boolean": bool(result.askAnswer)}]
        rows: Iterable[Any] = result  # triples for CONSTRUCT and DESCRIBE, rows for SELECT
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return [{"subject": _py(s), "predicate": _py(p), "object": _py(o)} for s, p, o in rows]
        names = [str(v) for v in result.vars or ()]
        return [{name: _py(row[i]) for i, name in enumerate(names)} for row in rows]


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except Exception:  # not an update either: the query's own parse error is the one to give
        return False
    return True


def _py(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        return decode_literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
