// Which tasks implement KL 21 (Kết luận số 21-KL/TW), directly or through its plans
MATCH (kl:Directive {code: '21-KL/TW'})
CALL (kl) {
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(kl)
  RETURN t, type(r) + ' ' + kl.code AS how, r.stated AS stated, r.sentence AS evidence
  UNION
  MATCH (plan:Directive)-[:IMPLEMENTS*1..5]->(kl)
  MATCH (t:Task)-[r:IMPLEMENTS|REVIEWS]->(plan)
  RETURN t, type(r) + ' ' + plan.code AS how, r.stated AS stated, r.sentence AS evidence
  UNION
  MATCH (plan:Directive)-[:IMPLEMENTS*1..5]->(kl)
  MATCH (doc:Document)-[:IS_DIRECTIVE]->(plan), (doc)-[:HAS_TASK]->(t:Task)
  RETURN t, 'a task of ' + plan.code AS how, true AS stated, null AS evidence
}
RETURN t.ordinal AS task, t.text AS text, how, stated, evidence, t.period AS period,
       t.responsible AS responsible, t.document AS document
ORDER BY document, task
