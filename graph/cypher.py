"""Every Cypher statement the Neo4j store runs, as named constants and small builders.

Values always travel as $parameters. Labels and relationship types are interpolated only from
the `Label` and `EdgeType` enums (Cypher cannot parameterise them), never from user input.
"""

from __future__ import annotations

from directive_graph.graph.model import EdgeType, Label

# --- schema (idempotent) ---------------------------------------------------------------------

SCHEMA = (
    "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT directive_id IF NOT EXISTS FOR (n:Directive) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT body_id IF NOT EXISTS FOR (n:Body) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX directive_code IF NOT EXISTS FOR (n:Directive) ON (n.code)",
    "CREATE INDEX directive_kind IF NOT EXISTS FOR (n:Directive) ON (n.kind)",
    "CREATE INDEX directive_issued_on IF NOT EXISTS FOR (n:Directive) ON (n.issued_on)",
    "CREATE INDEX directive_issuer IF NOT EXISTS FOR (n:Directive) ON (n.issuer)",
    "CREATE INDEX directive_year IF NOT EXISTS FOR (n:Directive) ON (n.year)",
    "CREATE INDEX document_path IF NOT EXISTS FOR (n:Document) ON (n.path)",
    "CREATE FULLTEXT INDEX text_search IF NOT EXISTS FOR (n:Directive|Task) "
    "ON EACH [n.title, n.subject, n.text]",
)

# --- reads -----------------------------------------------------------------------------------

NODE = "MATCH (n:Node {id: $id}) RETURN n.id AS id, n.label AS label, n.props_json AS props"
DUMP_NODES = (
    "MATCH (n:Node) RETURN n.id AS id, n.label AS label, n.props_json AS props, "
    "n.sources_json AS sources"
)
NODES_SOURCES = (
    "UNWIND $ids AS id MATCH (n:Node {id: id}) "
    "RETURN n.id AS id, n.label AS label, n.sources_json AS sources"
)
# For each document: is it loaded already, and which documents came from its path before?
DOCUMENT_STATES = (
    "UNWIND $docs AS doc "
    "OPTIONAL MATCH (n:Node {id: doc.id}) WITH doc, count(n) > 0 AS found "
    "OPTIONAL MATCH (d:Document {path: doc.path}) WHERE d.id <> doc.id "
    "RETURN doc.id AS id, found, collect(d.id) AS same_path"
)
DOCUMENT_TOUCHED = (
    "MATCH (d:Document {id: $id}) RETURN d.touched_nodes AS nodes, d.touched_edges AS edges"
)

_EDGE_RETURN = (
    "RETURN a.id AS source, b.id AS target, type(r) AS type, r.evidence AS evidence, "
    "r.props_json AS props"
)
EDGES_FROM = (
    "MATCH (a:Node {id: $id})-[r]->(b:Node) WHERE $types IS NULL OR type(r) IN $types "
    + _EDGE_RETURN
)
EDGES_TO = (
    "MATCH (a:Node)-[r]->(b:Node {id: $id}) WHERE $types IS NULL OR type(r) IN $types "
    + _EDGE_RETURN
)
EDGES_ALL = "MATCH (a:Node)-[r]->(b:Node) WHERE $types IS NULL OR type(r) IN $types " + _EDGE_RETURN


def nodes_query(label: Label | None) -> str:
    pattern = f"(n:{Label(label).value})" if label else "(n:Node)"
    return f"MATCH {pattern} RETURN n.id AS id, n.label AS label, n.props_json AS props"


# --- writes ----------------------------------------------------------------------------------


def merge_nodes(label: Label) -> str:
    """Create or update nodes of one label; `row.flat` holds the indexed, browsable properties."""
    return (
        f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) SET n:{Label(label).value} "
        "SET n.label = row.label, n.props_json = row.props_json, n.sources_json = row.sources_json "
        "SET n += row.flat"
    )


def merge_edges(type_: EdgeType) -> str:
    """Add relationships of one type, appending evidence not already there (JSON strings)."""
    return (
        "UNWIND $rows AS row MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
        f"MERGE (a)-[r:{EdgeType(type_).value}]->(b) "
        "SET r.evidence = coalesce(r.evidence, []) + "
        "[x IN row.evidence WHERE NOT x IN coalesce(r.evidence, [])], "
        "r.props_json = coalesce(r.props_json, row.props_json)"
    )


def create_edges(type_: EdgeType) -> str:
    """Relationships into a graph known not to have them yet (`push --replace`): CREATE skips
    MERGE's look for an existing one."""
    return (
        "UNWIND $rows AS row MATCH (a:Node {id: row.source}) MATCH (b:Node {id: row.target}) "
        f"CREATE (a)-[r:{EdgeType(type_).value}]->(b) "
        "SET r.evidence = row.evidence, r.props_json = row.props_json"
    )


def edge_evidence(type_: EdgeType) -> str:
    return (
        "UNWIND $rows AS row "
        f"MATCH (a:Node {{id: row.source}})-[r:{EdgeType(type_).value}]->"
        "(b:Node {id: row.target}) "
        "RETURN a.id AS source, b.id AS target, r.evidence AS evidence"
    )


def set_edge_evidence(type_: EdgeType) -> str:
    return (
        "UNWIND $rows AS row "
        f"MATCH (a:Node {{id: row.source}})-[r:{EdgeType(type_).value}]->"
        "(b:Node {id: row.target}) "
        "FOREACH (_ IN CASE WHEN size(row.evidence) = 0 THEN [1] ELSE [] END | DELETE r) "
        "FOREACH (_ IN CASE WHEN size(row.evidence) > 0 THEN [1] ELSE [] END | "
        "SET r.evidence = row.evidence)"
    )


DELETE_NODES = "UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n"
SET_TOUCHED = "MATCH (d:Document {id: $id}) SET d.touched_nodes = $nodes, d.touched_edges = $edges"
SET_TOUCHED_MANY = (
    "UNWIND $rows AS row MATCH (d:Document {id: row.id}) "
    "SET d.touched_nodes = row.nodes, d.touched_edges = row.edges"
)
CLEAR_ALL = "MATCH (n:Node) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

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
CALL {
  WITH d
  OPTIONAL MATCH p = (plan)-[:IMPLEMENTS*1..10]->(d)
  WHERE $transitive AND (plan:Directive OR plan:Document)
    AND all(n IN nodes(p)[1..] WHERE n:Directive) AND plan <> d
  WITH plan, [n IN nodes(p) | n.id] AS path, relationships(p)[0] AS hop
  ORDER BY size(path), path
  WITH plan, head(collect([path, hop.evidence, hop.props_json])) AS best
  WHERE plan IS NOT NULL
  RETURN collect([plan.id, best[0], best[1], best[2]]) AS plans
}
WITH d, plans, [d.id] + [x IN plans | x[0]] AS targets
CALL {
  WITH targets
  UNWIND targets AS target
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(:Node {id: target})
  RETURN collect({source: t.id, target: target, type: type(r), evidence: r.evidence,
                  props: r.props_json, node: t.props_json}) AS links
}
CALL {
  WITH targets, d
  UNWIND [x IN targets WHERE x <> d.id] AS target
  CALL {
    WITH target
    MATCH (doc:Document)-[:IS_DIRECTIVE]->(:Directive {id: target})
    RETURN doc
    UNION
    WITH target
    MATCH (doc:Document {id: target})
    RETURN doc
  }
  MATCH (doc)-[h:HAS_TASK]->(t:Task)
  RETURN collect({target: target, source: doc.id, task: t.id, evidence: h.evidence,
                  props: h.props_json, node: t.props_json}) AS own
}
RETURN plans, links, own
"""
DIRECTIVES_BY_CODE = (
    "MATCH (n:Directive) WHERE n.code = $code OR toUpper(n.code) = toUpper($code) "
    "RETURN n.id AS id, n.label AS label, n.props_json AS props"
)
DIRECTIVES_BY_NUMBER = (
    "MATCH (n:Directive {kind: $kind}) WHERE n.number = $number "
    "RETURN n.id AS id, n.label AS label, n.props_json AS props"
)
DIRECTIVES_MATCHING = (
    "MATCH (n:Directive) WHERE ($kind IS NULL OR n.kind = $kind) "
    "AND ($year IS NULL OR n.year = $year) "
    "AND ($term IS NULL OR toUpper(n.term) = toUpper($term)) "
    "AND ($issuer IS NULL OR n.issuer = $issuer OR n.issuer STARTS WITH $issuer + ';' "
    "OR n.issuer ENDS WITH '; ' + $issuer OR n.issuer CONTAINS '; ' + $issuer + ';') "
    "AND ($after IS NULL OR n.id > $after) "
    "RETURN n.id AS id, n.label AS label, n.props_json AS props ORDER BY n.id LIMIT $limit"
)
# Directives no task carries out, directly or through plans (as `tasks_implementing` decides,
# transitively); stated links only unless $inferred.
UNIMPLEMENTED = """
MATCH (d:Directive)
WHERE NOT EXISTS {
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(x:Directive)
  WHERE ($inferred OR any(e IN r.evidence WHERE e CONTAINS '"stated": true'))
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
RETURN d.id AS id, d.label AS label, d.props_json AS props
"""
NODES_BY_ID = (
    "UNWIND $ids AS id MATCH (n:Node {id: id}) "
    "RETURN n.id AS id, n.label AS label, n.props_json AS props"
)
