// directive-graph: saved queries for Neo4j Browser.
// Paste one into the Browser's editor (or drag this file onto the Browser window to keep them
// as favorites). Each one takes its input from a parameter: set it first, e.g.
//   :param code => '21-KL/TW'
// Nothing here is built from text pasted into the query itself.

// Which tasks implement KL 21 (direct, stated and inferred, best evidence first)
:param code => '21-KL/TW';
MATCH (d:Directive {code: $code})
MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(d)
RETURN t.caption AS task, type(r) AS link, t.document AS document, r.evidence AS evidence
ORDER BY task;

// ... and through the plans that implement it (a plan's tasks implement what the plan does)
:param code => '21-KL/TW';
MATCH (d:Directive {code: $code})
MATCH path = (plan:Directive)-[:IMPLEMENTS*1..5]->(d)
MATCH (doc:Document)-[:IS_DIRECTIVE]->(plan), (doc)-[:HAS_TASK]->(t:Task)
RETURN path, doc, t;

// The citation network of one year: directives issued that year and what links them
:param year => 2022;
MATCH (a:Directive {year: $year})-[r:IMPLEMENTS|REVIEWS|BASED_ON|AMENDS|REPLACES|GUIDES|CITES]-(b:Directive)
RETURN a, r, b;

// The implementation chain of a resolution: plans, reviews, tasks and the documents saying so
:param code => '18-NQ/TW';
MATCH (d:Directive {code: $code})
OPTIONAL MATCH chain = (:Directive)-[:IMPLEMENTS|REVIEWS*1..4]->(d)
OPTIONAL MATCH (t:Task)-[tr:IMPLEMENTS|REVIEWS]->(d)
OPTIONAL MATCH (doc:Document)-[m:MENTIONS]->(d)
RETURN d, chain, t, tr, doc, m;

// Unresolved references: what each document cites that the graph could not pin down
MATCH (doc:Document) WHERE doc.props_json CONTAINS '"unresolved": [{'
RETURN doc.name AS document, doc.props_json AS details;

// Who issued what: a body and its directives, newest first
:param body => 'Bộ Chính trị';
MATCH (d:Directive)-[:ISSUED_BY]->(b:Body {name: $body})
RETURN d.code AS code, d.issued_on AS issued_on, d.title AS title
ORDER BY issued_on DESC;

// Full-text search over titles, subjects and task texts
:param q => 'luân chuyển cán bộ';
CALL db.index.fulltext.queryNodes('text_search', $q) YIELD node, score
RETURN node.caption AS found, labels(node) AS labels, score ORDER BY score DESC LIMIT 20;
