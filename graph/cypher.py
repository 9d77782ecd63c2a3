"""Every Cypher statement the Neo4j store runs, as named constants and small builders.

Values always travel as $parameters. Labels and relationship types are interpolated only from
the `Label` and `EdgeType` enums (Cypher cannot parameterise them), never from user input.

The schema: each node has exactly one label of `Label` (no catch-all label), a unique `id` per
label, its facts as plain properties (what Neo4j Browser shows) and, for exact round trips, two
bookkeeping properties whose names start with an underscore: `_props` (its properties as
canonical JSON) and `_sources` (the facts of each source, JSON). A Document also keeps what it
contributed (`_touched_nodes`, `_touched_edges`). A relationship holds the readable fields of its
best evidence (`sentence`, `words`, `document`, `stated`, `confidence`, `note`,
`evidence_count`) and the whole list as `_evidence` (canonical JSON strings); `_props` only when
it has properties. A node whose label is not known is looked up by `id` under each label in turn
(`_lookup`: one index seek per label).
"""

from __future__ import annotations

from directive_graph.graph.model import EdgeType, Label

LABELS = tuple(label.value for label in Label)
# `(n:Directive|Body|Document|Task)`: every node of the graph.
ANY = "|".join(LABELS)
# The one label of `n` that is ours (a label added by hand in Browser is ignored).
_LABEL_OF = "[x IN labels({v}) WHERE x IN [" + ", ".join(f"'{x}'" for x in LABELS) + "]][0]"


def _lookup(var: str, id_expr: str, scope: str, labels: tuple[str, ...] = LABELS) -> str:
    """`CALL (scope) { ... }` binding `var` to the node whose id is `id_expr`, whatever its
    label: one indexed MATCH per label, joined by UNION (no row when there is none)."""
    branches = " UNION ".join(
        f"MATCH ({var}:{label} {{id: {id_expr}}}) RETURN {var}" for label in labels
    )
    return f"CALL ({scope}) {{ {branches} }}"


def _node_return(v: str = "n") -> str:
    return f"RETURN {v}.id AS id, {_LABEL_OF.format(v=v)} AS label, {v}._props AS props"


# --- schema (idempotent) ---------------------------------------------------------------------

SCHEMA = (
    *(
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in LABELS
    ),
    "CREATE INDEX directive_code IF NOT EXISTS FOR (n:Directive) ON (n.code)",
    "CREATE INDEX directive_kind IF NOT EXISTS FOR (n:Directive) ON (n.kind)",
    "CREATE INDEX directive_issued_on IF NOT EXISTS FOR (n:Directive) ON (n.issued_on)",
    "CREATE INDEX directive_issuer IF NOT EXISTS FOR (n:Directive) ON (n.issuer)",
    "CREATE INDEX directive_year IF NOT EXISTS FOR (n:Directive) ON (n.year)",
    "CREATE INDEX document_path IF NOT EXISTS FOR (n:Document) ON (n.path)",
    "CREATE FULLTEXT INDEX text_search IF NOT EXISTS FOR (n:Directive|Task) "
    "ON EACH [n.title, n.subject, n.text]",
)

# --- the schema before per-label ids (every node also labelled Node), migrated at open -------

LEGACY_CONSTRAINT = "node_id"
LEGACY_CONSTRAINT_FOUND = "SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n"
LEGACY_NODE_FOUND = "MATCH (n:Node) WITH n LIMIT 1 RETURN count(n) AS n"
# A chunk of old nodes with their outgoing relationships (migrated in the same transaction).
LEGACY_NODES = (
    "MATCH (n:Node) WITH n LIMIT $limit "
    "OPTIONAL MATCH (n)-[r]->() "
    "RETURN elementId(n) AS eid, n.id AS id, coalesce(n.label, " + _LABEL_OF.format(v="n") + ") "
    "AS label, n.props_json AS props, n.sources_json AS sources, n.touched_nodes AS "
    "touched_nodes, n.touched_edges AS touched_edges, "
    "collect(CASE WHEN r IS NULL THEN null ELSE {eid: elementId(r), evidence: r.evidence, "
    "props: r.props_json} END) AS rels"
)
LEGACY_SET_NODES = (
    "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.eid SET n = row.props REMOVE n:Node"
)
LEGACY_SET_RELS = (
    "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.eid SET r = row.props"
)
LEGACY_DROP = "DROP CONSTRAINT node_id IF EXISTS"

# --- reads -----------------------------------------------------------------------------------

NODE = "WITH $id AS id " + _lookup("n", "id", "id") + " " + _node_return()
DUMP_NODES = f"MATCH (n:{ANY}) " + _node_return() + ", n._sources AS sources"
NODES_SOURCES = (
    "UNWIND $ids AS id " + _lookup("n", "id", "id") + " "
    "RETURN n.id AS id, " + _LABEL_OF.format(v="n") + " AS label, n._sources AS sources"
)
# For each document: is it loaded already, and which documents came from its path before?
DOCUMENT_STATES = (
    "UNWIND $docs AS doc "
    "OPTIONAL MATCH (n:Document {id: doc.id}) WITH doc, count(n) > 0 AS found "
    "OPTIONAL MATCH (d:Document {path: doc.path}) WHERE d.id <> doc.id "
    "RETURN doc.id AS id, found, collect(d.id) AS same_path"
)
DOCUMENT_TOUCHED = (
    "MATCH (d:Document {id: $id}) RETURN d._touched_nodes AS nodes, d._touched_edges AS edges"
)

_EDGE_RETURN = (
    "RETURN a.id AS source, b.id AS target, type(r) AS type, r._evidence AS evidence, "
    "r._props AS props"
)
_TYPES = "WHERE $types IS NULL OR type(r) IN $types "
EDGES_FROM = (
    "WITH $id AS id " + _lookup("a", "id", "id") + f" MATCH (a)-[r]->(b:{ANY}) " + _TYPES
) + _EDGE_RETURN
EDGES_TO = (
    "WITH $id AS id " + _lookup("b", "id", "id") + f" MATCH (a:{ANY})-[r]->(b) " + _TYPES
) + _EDGE_RETURN
EDGES_ALL = f"MATCH (a:{ANY})-[r]->(b:{ANY}) " + _TYPES + _EDGE_RETURN


def nodes_query(label: Label | None) -> str:
    pattern = f"(n:{Label(label).value})" if label else f"(n:{ANY})"
    return f"MATCH {pattern} " + _node_return()


# --- writes ----------------------------------------------------------------------------------
# Rows of nodes: {id, props} where props is every property of the node (id included): `SET n =`
# replaces them all, so a fact a withdrawn source stated goes with it.


def merge_nodes(label: Label) -> str:
    """Create or update nodes of one label."""
    return f"UNWIND $rows AS row MERGE (n:{Label(label).value} {{id: row.id}}) SET n = row.props"


# New nodes of any label, created in the order of the rows (so the first nodes of the database
# are a document and what it mentions, not every document: what `MATCH (n) RETURN n LIMIT 25`
# shows in Browser). Rows: {label, props}.
CREATE_NODES = "UNWIND $rows AS row CREATE (n) SET n = row.props " + " ".join(
    f"FOREACH (_ IN CASE WHEN row.label = '{label}' THEN [1] ELSE [] END | SET n:{label})"
    for label in LABELS
)

# Relationship rows: {source, target, evidence (the whole list), props (the readable fields of
# the best evidence, nulls for those it lacks), props_json (null when it has none)}.
_SET_EDGE = (
    "SET r += row.props, r._evidence = row.evidence, r._props = coalesce(r._props, row.props_json)"
)


def _ends(source: Label | None, target: Label | None) -> str:
    """Bind `a` and `b` to the nodes of row.source and row.target: one index seek each when
    their labels are known (`push` knows them), else one per label (`_lookup`)."""
    a = (
        f"MATCH (a:{Label(source).value} {{id: row.source}})"
        if source
        else _lookup("a", "row.source", "row")
    )
    b = (
        f"MATCH (b:{Label(target).value} {{id: row.target}})"
        if target
        else _lookup("b", "row.target", "row")
    )
    return f"{a} {b}"


def merge_edges(type_: EdgeType, source: Label | None = None, target: Label | None = None) -> str:
    """Add relationships of one type, or update their evidence (computed by the caller, who read
    the evidence already there: `edge_evidence`, in the same transaction); `source`, `target`:
    the labels of the ends, when every row's are known."""
    return (
        "UNWIND $rows AS row "
        + _ends(source, target)
        + f" MERGE (a)-[r:{EdgeType(type_).value}]->(b) "
        + _SET_EDGE
    )


def create_edges(type_: EdgeType, source: Label | None = None, target: Label | None = None) -> str:
    """Relationships into a graph known not to have them yet (`push --replace`): CREATE skips
    MERGE's look for an existing one."""
    return (
        "UNWIND $rows AS row "
        + _ends(source, target)
        + f" CREATE (a)-[r:{EdgeType(type_).value}]->(b) "
        "SET r = row.props, r._evidence = row.evidence, r._props = row.props_json"
    )


def edge_evidence(type_: EdgeType, source: Label | None = None, target: Label | None = None) -> str:
    a = (
        f"MATCH (a:{Label(source).value} {{id: row.source}})"
        if source
        else _lookup("a", "row.source", "row")
    )
    b = f"(b:{Label(target).value})" if target else "(b)"
    return (
        "UNWIND $rows AS row "
        + a
        + f" MATCH (a)-[r:{EdgeType(type_).value}]->{b} WHERE b.id = row.target "
        "RETURN a.id AS source, b.id AS target, r._evidence AS evidence"
    )


def set_edge_evidence(type_: EdgeType) -> str:
    """Replace a relationship's evidence (and its readable fields), or delete it when none is
    left."""
    return (
        "UNWIND $rows AS row "
        + _lookup("a", "row.source", "row")
        + f" MATCH (a)-[r:{EdgeType(type_).value}]->(b) WHERE b.id = row.target "
        "FOREACH (_ IN CASE WHEN size(row.evidence) = 0 THEN [1] ELSE [] END | DELETE r) "
        "FOREACH (_ IN CASE WHEN size(row.evidence) > 0 THEN [1] ELSE [] END | "
        "SET r += row.props, r._evidence = row.evidence)"
    )


DELETE_NODES = "UNWIND $ids AS id " + _lookup("n", "id", "id") + " DETACH DELETE n"
SET_TOUCHED_MANY = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.id}) "
    "SET d._touched_nodes = row.nodes, d._touched_edges = row.edges"
)
CLEAR_ALL = f"MATCH (n:{ANY}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"

# --- queries of the catalogue ----------------------------------------------------------------

# Directives implementing $id through IMPLEMENTS chains (all nodes on the way Directives),
# each with its shortest path, the smallest ids first among equals (as the embedded store).
IMPLEMENTERS = (
    "MATCH p = (plan)-[:IMPLEMENTS*1..10]->(d:Directive {id: $id}) "
    "WHERE (plan:Directive OR plan:Document) AND all(n IN nodes(p)[1..] WHERE n:Directive) "
    "AND plan <> d "
    "WITH plan, [n IN nodes(p) | n.id] AS path "
    "ORDER BY size(path), path "
    "WITH plan, head(collect(path)) AS path "
    "RETURN plan.id AS plan, path"
)
# Everything "tasks implementing" needs, in one round trip: the implementing plans with their
# paths, the task links to the directive or its plans, and the plans' own tasks.
TASKS_IMPLEMENTING = """
MATCH (d:Directive {id: $id})
CALL (d) {
  OPTIONAL MATCH p = (plan)-[:IMPLEMENTS*1..10]->(d)
  WHERE $transitive AND (plan:Directive OR plan:Document)
    AND all(n IN nodes(p)[1..] WHERE n:Directive) AND plan <> d
  WITH plan, [n IN nodes(p) | n.id] AS path, relationships(p)[0] AS hop
  ORDER BY size(path), path
  WITH plan, head(collect([path, hop._evidence, hop._props])) AS best
  WHERE plan IS NOT NULL
  RETURN collect([plan.id, best[0], best[1], best[2]]) AS plans
}
WITH d, plans, [d.id] + [x IN plans | x[0]] AS targets
CALL (targets) {
  UNWIND targets AS target
  CALL (target) {
    MATCH (x:Directive {id: target}) RETURN x
    UNION
    MATCH (x:Document {id: target}) RETURN x
  }
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(x)
  RETURN collect({source: t.id, target: target, type: type(r), evidence: r._evidence,
                  props: r._props, node: t._props}) AS links
}
CALL (targets, d) {
  UNWIND [x IN targets WHERE x <> d.id] AS target
  CALL (target) {
    MATCH (doc:Document)-[:IS_DIRECTIVE]->(:Directive {id: target})
    RETURN doc
    UNION
    MATCH (doc:Document {id: target})
    RETURN doc
  }
  MATCH (doc)-[h:HAS_TASK]->(t:Task)
  RETURN collect({target: target, source: doc.id, task: t.id, evidence: h._evidence,
                  props: h._props, node: t._props}) AS own
}
RETURN plans, links, own
"""
DIRECTIVES_BY_CODE = (
    "MATCH (n:Directive) WHERE n.code = $code OR toUpper(n.code) = toUpper($code) " + _node_return()
)
# the directives of many codes at once (a loader checking the codes its workers asked about):
# one scan of the directives, each row with the code it matched, in upper case
DIRECTIVES_BY_CODES = (
    "WITH [c IN $codes | toUpper(c)] AS wanted MATCH (n:Directive) "
    "WHERE toUpper(n.code) IN wanted " + _node_return() + ", toUpper(n.code) AS key"
)
DIRECTIVES_BY_NUMBER = "MATCH (n:Directive {kind: $kind}) WHERE n.number = $number " + (
    _node_return()
)
DIRECTIVES_MATCHING = (
    "MATCH (n:Directive) WHERE ($kind IS NULL OR n.kind = $kind) "
    "AND ($year IS NULL OR n.year = $year) "
    "AND ($term IS NULL OR toUpper(n.term) = toUpper($term)) "
    "AND ($issuer IS NULL OR n.issuer = $issuer OR n.issuer STARTS WITH $issuer + ';' "
    "OR n.issuer ENDS WITH '; ' + $issuer OR n.issuer CONTAINS '; ' + $issuer + ';') "
    "AND ($after IS NULL OR n.id > $after) " + _node_return() + " ORDER BY n.id LIMIT $limit"
)
# Directives no task carries out, directly or through plans (as `tasks_implementing` decides,
# transitively); stated links only unless $inferred.
UNIMPLEMENTED = """
MATCH (d:Directive)
WHERE NOT EXISTS {
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(x:Directive)
  WHERE ($inferred OR any(e IN r._evidence WHERE e CONTAINS '"stated": true'))
    AND (x = d OR EXISTS {
      MATCH p = (x)-[:IMPLEMENTS*1..10]->(d) WHERE all(n IN nodes(p) WHERE n:Directive)
    })
}
AND NOT EXISTS {
  MATCH p = (plan)-[:IMPLEMENTS*1..10]->(d)
  WHERE plan <> d AND all(n IN nodes(p)[1..] WHERE n:Directive)
    AND (EXISTS { MATCH (doc:Document)-[:IS_DIRECTIVE]->(plan:Directive),
                  (doc)-[:HAS_TASK]->(:Task) }
         OR EXISTS { MATCH (plan:Document)-[:HAS_TASK]->(:Task) })
}
""" + _node_return("d")
NODES_BY_ID = "UNWIND $ids AS id " + _lookup("n", "id", "id") + " " + _node_return()
