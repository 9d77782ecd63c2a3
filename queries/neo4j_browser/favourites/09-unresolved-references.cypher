// Unresolved references: what each document cites that the graph could not pin down
MATCH (doc:Document)
WHERE size(doc.unresolved) > 0
UNWIND doc.unresolved AS citation
RETURN doc.name AS document, citation
ORDER BY document
