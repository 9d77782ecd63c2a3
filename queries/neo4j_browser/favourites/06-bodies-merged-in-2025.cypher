// The bodies merged or renamed in 2025 (MERGED_INTO, SUCCEEDED_BY) and what they became
MATCH (old:Body)-[r:MERGED_INTO|SUCCEEDED_BY]->(now:Body)
WHERE old.existed_until STARTS WITH '2025'
RETURN old.name AS body, type(r) AS how, now.name AS became, old.existed_until AS on,
       r.note AS source
ORDER BY on, body
