// What is no longer in force: directives replaced or repealed (REPLACES, REPEALS) or ended by the registry
CALL () {
  MATCH (new:Directive)-[r:REPLACES|REPEALS]->(old:Directive)
  RETURN old.code AS no_longer_in_force, type(r) + ' by ' + new.code AS how,
         new.issued_on AS since, r.sentence AS evidence, r.document AS document
  UNION
  MATCH (old:Directive)
  WHERE old.in_force_until IS NOT NULL OR old.in_force_status STARTS WITH 'Hết hiệu lực'
  RETURN old.code AS no_longer_in_force, 'the registry' AS how, old.in_force_until AS since,
         old.in_force_status AS evidence, null AS document
}
RETURN no_longer_in_force, how, since, evidence, document
ORDER BY since DESC
