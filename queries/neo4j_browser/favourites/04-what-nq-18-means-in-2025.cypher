// What "NQ 18" means in a text of 2025: resolutions numbered 18 issued by then, newest first
MATCH (d:Directive {kind: 'nghi_quyet', number: '18'})
WHERE d.year <= 2025
OPTIONAL MATCH (d)-[:ISSUED_BY]->(issuer:Body)
OPTIONAL MATCH (d)<-[end:REPLACES|REPEALS]-(by:Directive)
OPTIONAL MATCH (d)<-[:MENTIONS]-(doc:Document)
RETURN d.code AS code, d.issued_on AS issued_on, collect(DISTINCT issuer.name) AS issuer,
       coalesce(d.title, d.subject) AS about, d.aliases AS cited_as,
       collect(DISTINCT by.code) AS replaced_or_repealed_by, count(DISTINCT doc) AS documents
ORDER BY issued_on DESC
