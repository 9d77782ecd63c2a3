// What a body issued (Bộ Chính trị), newest first
MATCH (d:Directive)-[:ISSUED_BY]->(:Body {name: 'Bộ Chính trị'})
RETURN d.code AS code, d.issued_on AS issued_on, coalesce(d.title, d.subject) AS about
ORDER BY issued_on DESC
