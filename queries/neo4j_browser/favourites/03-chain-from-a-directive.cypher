// The chain from a directive to its plans and their tasks (KL 21; put another code, e.g. '35-CT/TW')
MATCH (d:Directive {code: '21-KL/TW'})
OPTIONAL MATCH chain = (plan:Directive)-[:IMPLEMENTS|REVIEWS*1..4]->(d)
OPTIONAL MATCH tasks = (plan)<-[:IS_DIRECTIVE]-(:Document)-[:HAS_TASK]->(:Task)
OPTIONAL MATCH direct = (:Task)-[:IMPLEMENTS|REVIEWS]->(d)
RETURN d, chain, tasks, direct
