"""Neo4j Browser on our data, against the real server: every favourite is one statement that runs
as it is and answers, the guide's queries are the favourites, the style gives each label its own
colour and caption, nodes carry one label each (per-label ids, a database of the former schema
migrated at open), properties and evidence are readable, and the first nodes are connected."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from directive_graph.graph import cypher
from directive_graph.graph.embedded import EmbeddedStore
from directive_graph.graph.model import EdgeType, Label
from directive_graph.graph.neo4j_store import Neo4jStore
from directive_graph.graph.registry import Registry
from directive_graph.loaders.load import load_paths
from tests.support import REPORT, TESTS

BROWSER = TESTS.parent / "queries" / "neo4j_browser"
FAVOURITES = sorted((BROWSER / "favourites").glob("*.cypher"))
PATHS = [TESTS / "fixtures", REPORT, TESTS / "bodies", TESTS / "force"]


def _statements(text: str) -> list[str]:
    """The statements of a Cypher file: `;` outside strings, comments and backquotes splits."""
    out, current, i, quote = [], [], 0, ""
    while i < len(text):
        c = text[i]
        if quote:
            current.append(c)
            if c == "\\" and quote != "`":
                current.append(text[i + 1 : i + 2])
                i += 1
            elif c == quote:
                quote = ""
        elif text.startswith("//", i):
            i = text.find("\n", i)
            if i < 0:
                break
            continue
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        elif c in "'\"`":
            quote = c
            current.append(c)
        elif c == ";":
            out.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]


def _body(path: Path) -> str:
    """A favourite without its title line."""
    return path.read_text(encoding="utf-8").split("\n", 1)[1].strip()


@pytest.fixture(scope="module")
def loaded(neo4j_uri):
    """The fixtures, the report, the bodies and the in-force texts in Neo4j."""
    store = Neo4jStore(neo4j_uri)
    store.clear()
    load_paths(PATHS, store, Registry.load())
    yield store
    store.close()


def test_favourites_are_one_titled_statement_each():
    assert len(FAVOURITES) >= 8
    assert not (BROWSER / "saved-queries.cypher").exists()  # one favourite of 13 statements
    for path in FAVOURITES:
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        assert re.fullmatch(r"// \S.{10,}", first), f"{path.name}: no // Title first line"
        statements = _statements(text)
        assert len(statements) == 1, f"{path.name}: {len(statements)} statements"
        assert "$" not in statements[0] and ":param" not in text, f"{path.name}: a parameter"
    assert _statements("RETURN ';' AS a; // x;\nRETURN 2") == ["RETURN ';' AS a", "RETURN 2"]


@pytest.mark.parametrize("path", FAVOURITES, ids=[p.stem for p in FAVOURITES])
def test_each_favourite_runs_as_it_is_and_answers(loaded, path):
    records, _, _ = loaded.driver.execute_query(path.read_text(encoding="utf-8"))
    assert records, f"{path.name} answers no rows on the test graph"


def test_favourites_answer_the_questions(loaded):
    run = lambda name: [  # noqa: E731
        r.data() for r in loaded.driver.execute_query(_body(BROWSER / "favourites" / name))[0]
    ]
    tasks = run("02-tasks-implementing-kl-21.cypher")
    assert any(r["how"] == "IMPLEMENTS 21-KL/TW" and r["evidence"] for r in tasks)
    assert any(r["how"].startswith("a task of ") for r in tasks)
    (nq18,) = run("04-what-nq-18-means-in-2025.cypher")
    assert nq18["code"] == "18-NQ/TW"
    gone = run("05-no-longer-in-force.cypher")
    assert {"no_longer_in_force": "35-CT/TW", "how": "REPLACES by 45-CT/TW"}.items() <= gone[
        0
    ].items()
    merged = {r["body"]: r["became"] for r in run("06-bodies-merged-in-2025.cypher")}
    assert merged["Bộ Kế hoạch và Đầu tư"] == "Bộ Tài chính"
    assert merged["Ủy ban nhân dân tỉnh Hậu Giang"] == "Ủy ban nhân dân thành phố Cần Thơ"


def test_the_guide_is_slides_of_the_favourites(loaded):
    text = (BROWSER / "guide.html").read_text(encoding="utf-8")
    assert re.search(r'<article class="guide">\s*<carousel[^>]*>', text)
    slides = re.findall(r"<slide[^>]*>(.*?)</slide>", text, re.S)
    assert len(slides) >= 6
    runnable = [
        html.unescape(q).strip()
        for q in re.findall(
            r'<pre mode="cypher" class="[^"]*\brunnable\b[^"]*">(.*?)</pre>', text, re.S
        )
    ]
    assert sorted(runnable) == sorted(_body(p) for p in FAVOURITES)
    for words in ("KL 21", "NQ 18", "REPLACES", "REPEALS", "MERGED_INTO", "SUCCEEDED_BY"):
        assert words in text, words


def test_the_style_gives_each_label_its_colour_and_caption():
    text = (BROWSER / "style.grass").read_text(encoding="utf-8")
    rule = r"^(node(?:\.\w+)?|relationship(?:\.\w+)?)\s*\{((?:[^{}]|\{\w*\})*)\}"
    rules = dict(re.findall(rule, text, re.M))
    assert "node.Node" not in rules
    colours = {}
    for label in Label:
        rule = rules[f"node.{label}"]
        colours[label] = re.search(r"(?<!-)color:\s*(#[0-9A-Fa-f]{6})", rule).group(1)
        assert re.search(r'caption:\s*"\{\w+\}"', rule), label
    assert len(set(colours.values())) == len(Label)
    assert '"{name}"' in rules["node.Body"]
    for type_ in EdgeType:
        assert re.search(r'caption:\s*"[^"]+"', rules[f"relationship.{type_}"]), type_


def test_one_label_per_node_and_per_label_ids(loaded):
    run = lambda q: [r.data() for r in loaded.driver.execute_query(q)[0]]  # noqa: E731
    assert {tuple(r["l"]) for r in run("MATCH (n) RETURN DISTINCT labels(n) AS l")} == {
        (str(label),) for label in Label
    }
    constraints = {r["name"] for r in run("SHOW CONSTRAINTS YIELD name RETURN name")}
    assert {f"{str(label).lower()}_id" for label in Label} <= constraints
    assert cypher.LEGACY_CONSTRAINT not in constraints
    # a node looked up by id whatever its label: one unique-index seek per label, no scan
    for query in (cypher.NODE, cypher.EDGES_FROM, cypher.edge_evidence(EdgeType.IMPLEMENTS)):
        plan = loaded.driver.execute_query(
            "EXPLAIN " + query, id="x", types=None, rows=[{"source": "x", "target": "y"}]
        )[1].plan
        operators = _operators(plan)
        assert sum(o.startswith("NodeUniqueIndexSeek") for o in operators) == len(Label), query
        assert not any("Scan" in o for o in operators), operators


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"]] + [o for c in plan.get("children", []) for o in _operators(c)]


def test_properties_are_readable(loaded):
    run = lambda q: [r.data() for r in loaded.driver.execute_query(q)[0]]  # noqa: E731
    (task,) = run(
        "MATCH (t:Task) WHERE t.period IS NOT NULL AND t.responsible IS NOT NULL "
        "RETURN properties(t) AS p LIMIT 1"
    )
    p = task["p"]
    assert {"period", "period_start", "period_end", "responsible", "ordinal", "text"} <= set(p)
    assert isinstance(p["responsible"], list) and all(isinstance(x, str) for x in p["responsible"])
    assert p["caption"].startswith(p["ordinal"] + " ")
    internal = {
        k for r in run("MATCH (n) UNWIND keys(n) AS k RETURN DISTINCT k") for k in r.values()
    }
    assert not internal & {"props_json", "sources_json", "label", "touched_nodes", "touched_edges"}
    (link,) = run(
        "MATCH (:Task)-[r:IMPLEMENTS]->(:Directive {code: '21-KL/TW'}) "
        "RETURN properties(r) AS p LIMIT 1"
    )
    r = link["p"]
    assert r["sentence"] and r["words"] and r["document"].startswith("doc-")
    assert r["stated"] is True and r["confidence"] == 1.0 and r["evidence_count"] >= 1
    assert json.loads(r["_evidence"][0])["sentence"]
    assert not {k for k in r if not k.startswith("_")} & {"evidence", "props_json"}
    (doc,) = run("MATCH (d:Document) WHERE size(d.unresolved) > 0 RETURN d.unresolved AS u")
    assert doc["u"] == ["Hướng dẫn số 12-HD/BTCTW"]


def test_the_first_nodes_make_a_connected_picture(loaded):
    """What `MATCH (n) RETURN n LIMIT 25` shows: Browser draws the relationships among the nodes
    it returns; each document is written before what it brings, so they connect."""
    (row,) = loaded.driver.execute_query(
        "MATCH (n) WITH collect(n)[..25] AS ns UNWIND ns AS a "
        "OPTIONAL MATCH (a)-[r]-(b) WHERE b IN ns "
        "RETURN count(DISTINCT CASE WHEN r IS NULL THEN null ELSE a END) AS connected, "
        "size([x IN ns WHERE x:Document]) AS documents"
    )[0]
    assert row["connected"] >= 23 and row["documents"] <= 6, row


def test_push_keeps_the_first_picture_connected(tmp_path, neo4j_store):
    from directive_graph.graph.push import push

    embedded = EmbeddedStore(tmp_path / "e")
    load_paths(PATHS, embedded, Registry.load())
    push(embedded, neo4j_store, replace=True)
    assert neo4j_store.export() == embedded.export()
    (row,) = neo4j_store.driver.execute_query(
        "MATCH (n) WITH collect(n)[..25] AS ns UNWIND ns AS a MATCH (a)-[]-(b) WHERE b IN ns "
        "RETURN count(DISTINCT a) AS connected"
    )[0]
    assert row["connected"] >= 20


# The former schema, as the store wrote it before per-label ids: every node also labelled Node
# with a unique id across labels, `label`, `props_json`, `sources_json`, a document's
# `touched_nodes`/`touched_edges`; relationships with `evidence` (JSON strings) and `props_json`.
_LEGACY_NODES = "UNWIND $rows AS row CREATE (n:Node) SET n = row.props " + " ".join(
    f"FOREACH (_ IN CASE WHEN row.label = '{x}' THEN [1] ELSE [] END | SET n:{x})"
    for x in cypher.LABELS
)


def _write_legacy(store: Neo4jStore, embedded: EmbeddedStore) -> None:
    nodes, edges = embedded.dump()
    dumps = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)  # noqa: E731
    touched: dict[str, tuple[set, set]] = {}
    for n in nodes:
        if n.label is Label.DOCUMENT:
            touched[n.id] = (set(), set())
    for n in nodes:
        for key in n.sources:
            if (doc := key.split("#", 1)[0]) in touched:
                touched[doc][0].add(n.id)
    for e in edges:
        for ev in e.evidence:
            if ev.document in touched:
                touched[ev.document][1].add(dumps([e.source, e.target, str(e.type)]))
    rows = []
    for n in nodes:
        props = {
            "id": n.id,
            "label": str(n.label),
            "props_json": dumps(n.props),
            "sources_json": dumps(n.sources),
            "caption": n.id,
            **{k: v for k, v in n.props.items() if isinstance(v, (str, int, float))},
        }
        if n.id in touched:
            props["touched_nodes"] = sorted(touched[n.id][0])
            props["touched_edges"] = sorted(touched[n.id][1])
        rows.append({"label": str(n.label), "props": props})
    driver = store.driver
    driver.execute_query(
        "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE"
    )
    driver.execute_query(_LEGACY_NODES, rows=rows)
    for type_ in EdgeType:
        edge_rows = [
            {
                "source": e.source,
                "target": e.target,
                "evidence": [dumps(ev.to_dict()) for ev in e.evidence],
                "props_json": dumps(e.props),
            }
            for e in edges
            if e.type is type_
        ]
        if edge_rows:
            driver.execute_query(
                "UNWIND $rows AS row MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
                f"CREATE (a)-[r:{type_}]->(b) SET r.evidence = row.evidence, "
                "r.props_json = row.props_json",
                rows=edge_rows,
            )


def test_a_database_of_the_former_schema_is_migrated_at_open(tmp_path, neo4j_uri, neo4j_store):
    embedded = EmbeddedStore(tmp_path / "e")
    load_paths(PATHS, embedded, Registry.load())
    _write_legacy(neo4j_store, embedded)
    migrated = Neo4jStore(neo4j_uri)
    try:
        run = lambda q: [r.data() for r in migrated.driver.execute_query(q)[0]]  # noqa: E731
        assert run("MATCH (n:Node) RETURN count(n) AS n") == [{"n": 0}]
        assert cypher.LEGACY_CONSTRAINT not in {
            r["name"] for r in run("SHOW CONSTRAINTS YIELD name RETURN name")
        }
        assert run("MATCH ()-[r]->() WHERE r.evidence IS NOT NULL RETURN count(r) AS n") == [
            {"n": 0}
        ]
        assert migrated.export() == embedded.export()
        (r,) = run("MATCH ()-[r:REPLACES]->() RETURN r.words AS words")
        assert r["words"] == "thay thế"
        # the migrated store works on: a document withdrawn exactly, as in the embedded store
        doc = next(d.id for d in embedded.documents() if "thay-the" in d.id)
        for store in (migrated, embedded):
            with store.session() as s:
                s.remove_document(doc)
        assert migrated.export() == embedded.export()
        Neo4jStore(neo4j_uri).close()  # opening again finds nothing to migrate
    finally:
        migrated.close()
