// Full-text search over titles, subjects and task texts ('luân chuyển cán bộ')
CALL db.index.fulltext.queryNodes('text_search', 'luân chuyển cán bộ') YIELD node, score
RETURN node.caption AS found, labels(node)[0] AS label, node.text AS task_text, score
ORDER BY score DESC
LIMIT 20
