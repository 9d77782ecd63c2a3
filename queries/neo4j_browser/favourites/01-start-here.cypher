// Start here: documents, what they cite and their tasks (a connected first picture)
MATCH p = (:Document)-[:MENTIONS|IS_DIRECTIVE|HAS_TASK]->()
RETURN p
LIMIT 80
