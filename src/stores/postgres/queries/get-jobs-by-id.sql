-- Jobs by id, the oldest per id when no namespace is given. $1 ids, $2 namespaces (null: any).
SELECT DISTINCT ON (j.id, r.ord) j.*, r.ord
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r (id, namespace, ord)
JOIN :SCHEMA.jobs j ON j.id = r.id AND (r.namespace IS NULL OR j.namespace = r.namespace)
ORDER BY j.id, r.ord, j.created_at, j.namespace
