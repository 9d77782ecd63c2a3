"""RDF, JSON-LD, GraphML exports (graph/rdf.py, graph/export.py): ELI terms where ELI has them,
the dg: vocabulary for the rest, exact round trips, streaming writers isomorphic to rdflib's
graph, selections."""

from __future__ import annotations

import copy
import io
import json

import networkx as nx
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from bench.rdf_bench import generated
from directive_graph.graph import export as ex
from directive_graph.graph import rdf
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.errors import FormatError, InputError
from directive_graph.graph.model import Kind
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT

ELI = rdflib.Namespace(rdf.ELI)
RDF = rdflib.Namespace(rdf.RDF)
XSD = rdflib.Namespace(rdf.XSD)
DG = rdflib.Namespace(rdf.VOCAB)
SKOS = rdflib.Namespace(rdf.SKOS)
RDFS = rdflib.Namespace(rdf.RDFS)
B = rdf.DEFAULT_BASE


def d_iri(node_id: str) -> URIRef:
    return URIRef(rdf.node_iri(node_id, "Directive"))


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> dict:
    store = EmbeddedStore(tmp_path_factory.mktemp("rdf-seed"))
    report = load_paths([REPORT], store, Registry.load())
    assert report.documents_read == 1 and not report.failures
    return store.export()


@pytest.fixture(scope="module")
def seed_graph(seed) -> rdflib.Graph:
    """The seed's graph as the Turtle writer writes it, parsed back by rdflib."""
    buf = io.StringIO()
    rdf.write_turtle(seed, buf)
    return rdflib.Graph().parse(data=buf.getvalue(), format="turtle")


@pytest.fixture(scope="module")
def corpus() -> dict:
    return generated(3000)


def tricky() -> dict:
    """Every corner of the mapping: escapes, odd ids, types, nulls, unknown keys and labels."""
    nasty = 'quote " backslash \\ newline \n cr \r tab \t nul \x00 ff \x0c ls \u2028 nel \x85 đ 𝔘'
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format_version": 1, "built_by": {"tool": "test", "n": [1, 2]}},
        "nodes": [
            {"id": "body-x", "label": "Body", "name": "Ban X", "aliases": [], "sphere": None},
            {
                "id": "doc-a-00000000",
                "label": "Document",
                "path": "/tmp/a b/c.txt",
                "title": nasty,
                "issued_on": None,
                "locality": None,
                "citations": 3,
                "unresolved": [{"text": "NQ 18", "candidates": ["18-nq-tw-2017", "18-nq-tw-2022"]}],
            },
            {
                "id": "1-kh-tw-2021",
                "label": "Directive",
                "kind": "ke_hoach",
                "number": "01",
                "year": 2021,
                "code": "01-KH/TW",
                "issued_on": "2021-02-30",  # not a date: stays a string
                "subject": "chỉ có trích yếu",
                "conflicts": {"issued_on": [{"value": "2021-02-03", "sources": ["a", "b"]}]},
                "weight": 0.1,
                "flag": False,
                "extra": "a key without a term",
            },
            {
                "id": "2-kl-tw-2021",
                "label": "Directive",
                "kind": "kieu_moi",  # not in the kinds scheme
                "issued_on": "2021-03-04",
                "title": "trùng trích yếu",
                "subject": "trùng trích yếu",
                "plenum": 4,
                "aliases": ["B", "A"],
            },
            {"id": "weird id/ä?#%", "label": "Directive", "title": None, "year": None},
            {"id": "u-1", "label": "Unknown", "note": "a label outside the four"},
            {
                "id": "task-doc-a-00000000-II.1.a",
                "label": "Task",
                "ordinal": "II.1.a",
                "text": "Triển khai",
                "document": "doc-a-00000000",
                "period": {"start": "2022-07-01", "end": "2022-12-31", "text": "06 tháng"},
                "responsible": ["Ban X"],
                "start": 0,
                "end": 10,
            },
        ],
        "links": [
            {
                "source": "1-kh-tw-2021",
                "target": "2-kl-tw-2021",
                "type": "IMPLEMENTS",
                "evidence": [
                    {"document": "doc-a-00000000", "start": 5, "end": 9, "sentence": nasty,
                     "text": "thực hiện", "stated": True, "confidence": 1.0, "note": ""},
                    {"document": "registry", "start": 0, "end": 0, "sentence": "", "text": "",
                     "stated": False, "confidence": 0.35, "note": "inferred", "matched": ["x"]},
                ],
            },
            {"source": "1-kh-tw-2021", "target": "2-kl-tw-2021", "type": "GUIDES",
             "evidence": []},
            {"source": "1-kh-tw-2021", "target": "body-x", "type": "ISSUED_BY", "weight": 2,
             "evidence": [{"document": "weird doc id ?", "start": 1}]},
            {"source": "doc-a-00000000", "target": "task-doc-a-00000000-II.1.a",
             "type": "HAS_TASK", "evidence": []},
            {"source": "task-doc-a-00000000-II.1.a", "target": "2-kl-tw-2021",
             "type": "IMPLEMENTS", "evidence": []},
            {"source": "u-1", "target": "weird id/ä?#%", "type": "SOMETHING_NEW",
             "evidence": []},
        ],
    }  # fmt: skip


def sorted_like_export(data: dict) -> dict:
    data = copy.deepcopy(data)
    data["nodes"].sort(key=lambda n: (n["label"], n["id"]))
    data["links"].sort(key=lambda e: (e["source"], e["target"], e["type"]))
    return data


def text_of(data: dict, fmt: str, base: str = B) -> str:
    return rdf.serialize(data, fmt, base)


# ---------------------------------------------------------------------------------------------
# ELI on the seed


def test_seed_directives_are_eli_legal_resources(seed, seed_graph):
    kinds = rdflib.Graph().parse(rdf.KINDS_FILE, format="turtle")
    directives = [n for n in seed["nodes"] if n["label"] == "Directive"]
    assert len(directives) == 14
    for n in directives:
        s = d_iri(n["id"])
        assert (s, RDF.type, ELI.LegalResource) in seed_graph, n["id"]
        (kind,) = seed_graph.objects(s, ELI.type_document)
        assert kind == URIRef(rdf.KINDS + n["kind"])
        assert (kind, RDF.type, SKOS.Concept) in kinds
        if n.get("issued_on"):
            (date,) = seed_graph.objects(s, ELI.date_document)
            assert date == Literal(n["issued_on"], datatype=XSD.date)
        bodies = list(seed_graph.objects(s, ELI.passed_by))
        assert bodies and all(str(b).startswith(B + "body/") for b in bodies), n["id"]
        if n.get("code"):
            assert (s, ELI.id_local, Literal(n["code"])) in seed_graph
        title = n.get("title") or n.get("subject")
        if title:
            assert (s, ELI.title, Literal(title, lang="vi")) in seed_graph, n["id"]
    kh3 = d_iri("3-kh-tw-2021")
    assert (kh3, ELI.number, Literal("3")) in seed_graph
    assert (kh3, ELI.passed_by, URIRef(B + "body/body-bo-chinh-tri")) in seed_graph


def test_kh3_ensures_implementation_of_kl21(seed_graph):
    kh3, kl21 = d_iri("3-kh-tw-2021"), d_iri("21-kl-tw-2021")
    assert (kh3, ELI.ensures_implementation_of, kl21) in seed_graph
    assert not list(seed_graph.triples((None, ELI.implements, None)))  # deprecated in ELI
    (stmt,) = [
        s
        for s in seed_graph.subjects(RDF.subject, kh3)
        if (s, RDF.object, kl21) in seed_graph
        and (s, DG.edgeType, Literal("IMPLEMENTS")) in seed_graph
    ]
    assert (stmt, RDF.type, RDF.Statement) in seed_graph
    assert (stmt, RDF.predicate, ELI.ensures_implementation_of) in seed_graph
    evidence = list(seed_graph.objects(stmt, DG.evidence))
    assert evidence
    for ev in evidence:
        assert (ev, RDF.type, DG.Evidence) in seed_graph
        assert (ev, DG.stated, Literal(True)) in seed_graph


def test_kl74_reviews_use_the_dg_vocabulary(seed, seed_graph):
    kl74 = d_iri("74-kl-tw-2020")
    reviewed = {str(o) for o in seed_graph.objects(kl74, DG.reviews)}
    assert reviewed >= {str(d_iri(i)) for i in ("18-nq-tw-2017", "19-nq-tw-2017", "39-nq-tw-2015")}
    text = REPORT.glob("*.txt").__next__().read_text(encoding="utf-8")
    for target in ("18-nq-tw-2017", "19-nq-tw-2017", "39-nq-tw-2015"):
        (stmt,) = [
            s
            for s in seed_graph.subjects(RDF.subject, kl74)
            if (s, RDF.object, d_iri(target)) in seed_graph
            and (s, DG.edgeType, Literal("REVIEWS")) in seed_graph
        ]
        assert (stmt, RDF.predicate, DG.reviews) in seed_graph
        for ev in seed_graph.objects(stmt, DG.evidence):
            start = seed_graph.value(ev, DG.start).toPython()
            end = seed_graph.value(ev, DG.end).toPython()
            assert str(seed_graph.value(ev, DG.document)).startswith(B + "document/doc-")
            assert text[start:end].startswith("Kết luận số 74-KL/TW")


def test_sparql_finds_what_kh3_implements(seed):
    rows = rdf.sparql(
        seed,
        """SELECT ?target ?code ?kind WHERE {
               directive:3-kh-tw-2021 eli:ensures_implementation_of ?target .
               ?target eli:id_local ?code ; eli:type_document/skos:prefLabel ?kind .
               FILTER (lang(?kind) = "en")
           }""",
    )
    assert rows == [
        {"target": str(d_iri("21-kl-tw-2021")), "code": "21-KL/TW", "kind": "Conclusion"}
    ]
    assert rdf.node_id(rows[0]["target"]) == "21-kl-tw-2021"
    ask = rdf.sparql(seed, "ASK { ?s eli:implements ?o }")
    assert ask == [{"boolean": False}]


# ---------------------------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_seed_round_trips_exactly(seed, fmt):
    assert rdf.from_rdf(text_of(seed, fmt), fmt) == seed
    assert rdf.from_rdf(rdf.to_rdf(seed)) == seed


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_tricky_values_round_trip_exactly(fmt):
    data = tricky()
    back = rdf.from_rdf(text_of(data, fmt), fmt)
    assert back == sorted_like_export(data)
    node = {n["id"]: n for n in back["nodes"]}
    assert node["1-kh-tw-2021"]["number"] == "01" and "title" not in node["1-kh-tw-2021"]
    assert node["2-kl-tw-2021"]["title"] == node["2-kl-tw-2021"]["subject"]
    assert node["weird id/ä?#%"]["title"] is None
    assert isinstance(node["1-kh-tw-2021"]["weight"], float)
    assert node["1-kh-tw-2021"]["flag"] is False


def test_custom_base_round_trips_and_names_every_node(seed):
    base = "http://example.org/vn/"
    text = text_of(seed, "nt", base)
    assert "directive-graph.example/id/" not in text
    graph = rdflib.Graph().parse(data=text, format="nt")
    assert (URIRef(base + "directive/3-kh-tw-2021"), RDF.type, ELI.LegalResource) in graph
    assert rdf.from_rdf(graph) == seed  # the base is read from the graph's dg:Graph resource
    assert rdf.from_rdf(graph, base=base) == seed


def test_ids_that_are_not_url_safe_are_percent_encoded():
    iri = rdf.node_iri("weird id/ä?#%", "Directive")
    assert iri == B + "directive/weird%20id%2F%C3%A4%3F%23%25"
    assert rdf.node_id(iri) == "weird id/ä?#%"
    assert (
        rdf.node_iri("task-doc-a-1234abcd-II.1.a", "Task") == B + "task/task-doc-a-1234abcd-II.1.a"
    )


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_generated_corpus_round_trips_exactly(corpus, fmt):
    assert len([n for n in corpus["nodes"] if n["label"] == "Directive"]) == 3000
    assert rdf.from_rdf(text_of(corpus, fmt), fmt) == corpus


def test_generated_corpus_round_trips_through_jsonld():
    data = generated(1000)
    assert rdf.from_rdf(text_of(data, "jsonld"), "jsonld") == data


# ---------------------------------------------------------------------------------------------
# The streaming writers


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_streaming_writers_are_isomorphic_to_to_rdf(seed, fmt):
    small = generated(150)
    assert 300 <= len(small["nodes"]) <= 400
    for data in (small, seed, tricky()):
        expected = rdf.to_rdf(data)
        buf = io.StringIO()
        writer = rdf.write_turtle if fmt == "turtle" else rdf.write_ntriples
        count = writer(data, buf)
        got = rdflib.Graph().parse(data=buf.getvalue(), format=fmt)
        assert count == len(expected) == len(got)
        assert isomorphic(expected, got)


def test_ntriples_lines_are_single_lines_with_escapes():
    buf = io.StringIO()
    n = rdf.write_ntriples(tricky(), buf)
    lines = buf.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) - 1 == n
    assert all(line.endswith(" .") for line in lines[:-1])
    assert "\\u0000" in buf.getvalue() and "\\u2028" in buf.getvalue()


def test_no_blank_nodes(seed):
    graph = rdf.to_rdf(seed)
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


# ---------------------------------------------------------------------------------------------
# The vocabulary and the kinds


def _labelled(graph: rdflib.Graph, term: URIRef, prop=RDFS.label) -> set[str]:
    return {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}


def test_every_dg_term_written_is_defined_in_vi_and_en(seed):
    vocab = rdflib.Graph().parse(rdf.VOCABULARY_FILE, format="turtle")
    used = set()
    for data in (seed, tricky(), generated(20)):
        for triple in rdf.to_rdf(data):
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(rdf.VOCAB)}
            if isinstance(triple[2], Literal) and triple[2].datatype:
                used.add(triple[2].datatype)
    used = {t for t in used if str(t).startswith(rdf.VOCAB)}
    assert DG.reviews in used and DG.Evidence in used and DG.titleFromSubject in used
    for term in used | {URIRef(t) for t in rdf.vocabulary_terms()}:
        assert (term, RDF.type, None) in vocab, term
        assert _labelled(vocab, term) >= {"vi", "en"}, term
        assert _labelled(vocab, term, RDFS.comment) >= {"vi", "en"}, term


def test_kinds_scheme_has_every_kind_in_vi_and_en():
    kinds = rdflib.Graph().parse(rdf.KINDS_FILE, format="turtle")
    scheme = URIRef(rdf.KINDS_SCHEME)
    concepts = set(kinds.subjects(RDF.type, SKOS.Concept))
    assert concepts == {URIRef(rdf.KINDS + str(k)) for k in Kind}
    assert set(rdf.KIND_VALUES) == {str(k) for k in Kind}
    for c in concepts:
        assert (c, SKOS.inScheme, scheme) in kinds
        assert _labelled(kinds, c, SKOS.prefLabel) == {"vi", "en"}
    assert (
        URIRef(rdf.KINDS + "nghi_quyet"),
        SKOS.prefLabel,
        Literal("Nghị quyết", lang="vi"),
    ) in kinds


def test_eli_terms_are_the_documented_ones(seed):
    allowed = {
        ELI.LegalResource, ELI.id_local, ELI.type_document, ELI.date_document, ELI.passed_by,
        ELI.number, ELI.title, ELI.based_on, ELI.cites, ELI.amends, ELI.repeals,
        ELI.ensures_implementation_of,
    }  # fmt: skip
    graph = rdf.to_rdf(seed) + rdf.to_rdf(tricky())
    used = {t for triple in graph for t in triple if str(t).startswith(rdf.ELI)}
    assert used <= allowed
    guides = [
        s for s in graph.subjects(DG.edgeType, Literal("GUIDES"))
        if (s, RDF.predicate, ELI.ensures_implementation_of) in graph
    ]  # fmt: skip
    assert len(guides) == 1
    task_link = URIRef(rdf.node_iri("task-doc-a-00000000-II.1.a", "Task"))
    assert (task_link, DG.implements, d_iri("2-kl-tw-2021")) in graph


# ---------------------------------------------------------------------------------------------
# export(), GraphML, selections, files


def test_export_formats_media_types_and_streams(seed):
    assert set(ex.MEDIA_TYPES) == set(ex.FORMATS) == set(ex.EXTENSIONS)
    assert ex.MEDIA_TYPES["turtle"] == "text/turtle"
    assert ex.MEDIA_TYPES["jsonld"] == "application/ld+json"
    for fmt in ex.FORMATS:
        text, raw = io.StringIO(), io.BytesIO()
        ex.export(seed, fmt, text)
        ex.export(seed, fmt, raw)
        assert raw.getvalue().decode("utf-8") == text.getvalue(), fmt
    out = io.StringIO()
    ex.export(seed, "json", out)
    assert json.loads(out.getvalue()) == seed
    with pytest.raises(FormatError, match="unknown export format"):
        ex.export(seed, "rdfxml", io.StringIO())


def test_graphml_opens_with_label_and_type(seed):
    raw = io.BytesIO()
    ex.export(seed, "graphml", raw)
    assert b'attr.name="label"' in raw.getvalue() and b'attr.name="type"' in raw.getvalue()
    g = nx.read_graphml(io.BytesIO(raw.getvalue()), force_multigraph=True)
    assert g.number_of_nodes() == len(seed["nodes"])
    assert g.number_of_edges() == len(seed["links"])
    assert g.nodes["3-kh-tw-2021"]["label"] == "Directive"
    assert g.nodes["3-kh-tw-2021"]["year"] == 2021
    assert json.loads(g.nodes["21-kl-tw-2021"]["aliases"])
    types = {d["type"] for u, v, d in g.edges("3-kh-tw-2021", data=True) if v == "21-kl-tw-2021"}
    assert types == {"IMPLEMENTS"}
    (data,) = [d for u, v, d in g.edges("3-kh-tw-2021", data=True) if v == "21-kl-tw-2021"]
    assert json.loads(data["evidence"])[0]["document"].startswith("doc-")


def test_graphml_with_mixed_types_and_nulls():
    raw = io.BytesIO()
    data = tricky()
    data["nodes"][0]["year"] = "2020"  # a str where other nodes have ints or null
    data["nodes"][2]["year"] = 2021
    ex.export(data, "graphml", raw)
    g = nx.read_graphml(io.BytesIO(raw.getvalue()), force_multigraph=True)
    assert g.nodes["body-x"]["year"] == "2020" and g.nodes["1-kh-tw-2021"]["year"] == "2021"
    assert "locality" not in g.nodes["doc-a-00000000"]
    assert g.nodes["u-1"]["label"] == "Unknown"


def test_select_a_directive_and_its_neighbourhood(seed):
    sub = ex.select(seed, directive="3-kh-tw-2021")
    ids = {n["id"] for n in sub["nodes"]}
    near = {"3-kh-tw-2021"}
    for e in seed["links"]:
        if "3-kh-tw-2021" in (e["source"], e["target"]):
            near |= {e["source"], e["target"]}
    assert ids == near and {"21-kl-tw-2021", "body-bo-chinh-tri"} <= ids
    assert sub["links"] == [e for e in seed["links"] if e["source"] in ids and e["target"] in ids]
    assert sub["graph"] == seed["graph"] and sub["directed"] is True
    assert [n["id"] for n in sub["nodes"]] == [n["id"] for n in seed["nodes"] if n["id"] in ids]
    assert ex.select(seed, directive="03-KH/TW") == sub  # by code
    wider = ex.select(seed, directive="3-kh-tw-2021", depth=2)
    assert {n["id"] for n in wider["nodes"]} > ids
    alone = ex.select(seed, directive="3-kh-tw-2021", depth=0)
    assert [n["id"] for n in alone["nodes"]] == ["3-kh-tw-2021"] and alone["links"] == []
    with pytest.raises(ex.SelectionError):
        ex.select(seed, directive="999-nq-tw-2099")


def test_select_by_issuer_and_year(seed):
    issued = {
        e["source"] for e in seed["links"]
        if e["type"] == "ISSUED_BY" and e["target"] == "body-bo-chinh-tri"
    }  # fmt: skip
    by_name = ex.select(seed, issuer="Bộ Chính trị", depth=0)
    assert {n["id"] for n in by_name["nodes"]} == issued and "3-kh-tw-2021" in issued
    assert ex.select(seed, issuer="body-bo-chinh-tri", depth=0) == by_name
    with_edges = ex.select(seed, issuer="Bộ Chính trị")
    ids = {n["id"] for n in with_edges["nodes"]}
    assert "body-bo-chinh-tri" in ids and "21-kl-tw-2021" in ids
    assert all(e["source"] in ids and e["target"] in ids for e in with_edges["links"])
    y2022 = ex.select(seed, year=2022, depth=0)
    assert {n["id"] for n in y2022["nodes"]} == {
        n["id"] for n in seed["nodes"] if n["label"] == "Directive" and n.get("year") == 2022
    }
    both = ex.select(seed, issuer="Bộ Chính trị", year="2022", depth=0)
    assert {n["id"] for n in both["nodes"]} == issued & {n["id"] for n in y2022["nodes"]}
    assert ex.select(seed) == seed
    with pytest.raises(ex.SelectionError):
        ex.select(seed, issuer="Ủy ban không có")


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_the_fast_reader_reads_every_corner_back(fmt):
    """`read_triples` (pyoxigraph, the path of `load`) gives back what rdflib's reader does for
    the tricky values, and a node with nothing but its class."""
    data = tricky()
    data["nodes"].append({"id": "body-bare", "label": "Body"})
    text = text_of(data, fmt)
    back = rdf.read_triples(text.encode() if isinstance(text, str) else text, fmt)
    assert back == rdf.from_rdf(text, fmt) == sorted_like_export(data)
    assert {"id": "body-bare", "label": "Body"} in back["nodes"]


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_the_fast_reader_refuses_what_the_writers_do_not_write(fmt):
    """The writers' own output takes the fast path (grouped exactly as pyoxigraph's parse
    groups it); valid RDF laid out otherwise is refused by it and read by pyoxigraph into the
    same dict, and invalid RDF is refused by it too and is pyoxigraph's InputError."""
    data = tricky()
    raw = text_of(data, fmt).encode()
    fast = rdf._fast_subjects(raw, fmt)
    assert fast is not None and fast == rdf._oxigraph_subjects(raw, fmt)
    want = rdf.read_triples(raw, fmt)
    assert want == sorted_like_export(data)
    end = b"\n" if fmt == "nt" else b"\n\n"
    tab = (b"> <", b">\t<") if fmt == "nt" else (b" a ", b"\ta ")
    same = {
        "a comment": b"# written by hand\n" + raw,
        "CRLF line ends": raw.replace(b"\n", b"\r\n"),
        "a tab between terms": raw.replace(*tab, 1),
        "an escape the writers do not write": raw.replace("𝔘".encode(), b"\\U0001D518"),
        "a blank line more": raw + b"\n",
    }
    if fmt == "turtle":
        same["another indentation"] = raw.replace(b" ;\n    ", b" ;\n  ", 1)
        same["a Turtle list"] = raw.replace(b"dg:Body ;", b"dg:Body, dg:Body ;", 1)
        # read by the fast path too: another prefix's name, rdf:type written out
        renamed = raw.replace(b"dg:", b"dgx:").replace(b" a ", b" rdf:type ")
        assert rdf._fast_subjects(renamed, fmt) == rdf._oxigraph_subjects(renamed, fmt)
    for what, text in same.items():
        assert text != raw, what
        assert rdf._fast_subjects(text, fmt) is None, what
        assert rdf.read_triples(text, fmt) == want, what
    broken = {
        "a quote inside a literal": b'<http://e.example/s> <http://e.example/p> "a"b" .',
        "a newline inside a literal": b'<http://e.example/s> <http://e.example/p> "a\nb" .',
        "rdf:langString with no tag": b'<http://e.example/s> <http://e.example/p> "x"^^<'
        + rdf.RDF.encode()
        + b"langString> .",
        "a surrogate": b'<http://e.example/s> <http://e.example/p> "\\uD800" .',
        "a bad percent escape": b"<http://e.example/s> <http://e.example/p> <http://e.example/%zz> .",
        "a relative IRI": b"<http://e.example/s> <http://e.example/p> <o> .",
        "bytes not UTF-8": b'<http://e.example/s> <http://e.example/p> "\xff" .',
    }
    for what, line in broken.items():
        text = raw + line + end
        assert rdf._fast_subjects(text, fmt) is None, what
        with pytest.raises(InputError, match=f"not valid {fmt}"):
            rdf.read_triples(text, fmt)


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_the_fast_reader_reads_a_damaged_export_as_pyoxigraph_does(fmt):
    """Seeded damage to an export (bytes that matter to the syntax inserted, deleted or
    replaced): whatever the fast reader accepts, pyoxigraph reads into the same triples."""
    import random

    rng = random.Random(17)
    raw = text_of(tricky(), fmt).encode()
    marks = [b" ", b"\n", b'"', b"\\", b"<", b">", b":", b".", b";", b"@", b"^", b"%", b"#",
             b"a", b"0", b"\t", b",", b"'", b"\xc3", b"\\u0041", b'\\"', b"true", b"^^", b"@en"]  # fmt: skip
    accepted = 0
    for _ in range(600):
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(damaged))
            roll = rng.random()
            if roll < 0.4:
                damaged[at:at] = rng.choice(marks)
            elif roll < 0.7:
                del damaged[at : at + rng.randint(1, 3)]
            else:
                damaged[at : at + 1] = rng.choice(marks)
        text = bytes(damaged)
        fast = rdf._fast_subjects(text, fmt)
        if fast is not None:
            accepted += 1
            assert fast == rdf._oxigraph_subjects(text, fmt), text
    assert accepted > 50  # the damage often lands in a literal: still the writers' layout


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_read_rdf_file(seed, tmp_path, fmt):
    path = tmp_path / f"graph{ex.EXTENSIONS[fmt]}"
    with path.open("wb") as f:
        ex.export(seed, fmt, f)
    assert ex.format_for_path(path) == fmt
    assert ex.read_rdf_file(path) == seed
    with pytest.raises(FormatError, match="not an RDF file"):
        ex.read_rdf_file(tmp_path / "graph.graphml")


def test_pyoxigraph_and_rdflib_read_an_export_alike(tmp_path):
    """The fast reader (pyoxigraph) and rdflib's give the same node-link graph, for Turtle and
    N-Triples, and a broken file is a FormatError naming it."""
    import pytest as _pytest

    from directive_graph.graph import export as ex
    from directive_graph.graph import rdf
    from directive_graph.graph.embedded import EmbeddedStore
    from directive_graph.graph.errors import FormatError
    from directive_graph.graph.registry import Registry
    from directive_graph.loaders.load import load_paths
    from tests.support import FIXTURES, REPORT

    store = EmbeddedStore(tmp_path / "data")
    load_paths([REPORT, FIXTURES], store, Registry.load())
    data = store.export()
    for fmt, suffix in (("turtle", ".ttl"), ("nt", ".nt")):
        path = tmp_path / f"g{suffix}"
        with path.open("wb") as out:
            ex.export(data, fmt, out)
        fast = ex.read_rdf_file(path)
        slow = rdf.from_rdf(rdf.parse(path.read_bytes(), fmt))
        assert fast == slow == data
    broken = tmp_path / "broken.ttl"
    broken.write_text('<a> <b> "unterminated .\n', encoding="utf-8")
    with _pytest.raises(FormatError, match=r"broken\.ttl"):
        ex.read_rdf_file(broken)
