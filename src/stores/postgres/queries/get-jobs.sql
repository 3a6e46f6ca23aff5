-- Jobs by (namespace, id). $1 namespaces, $2 ids.
SELECT j.*
FROM :SCHEMA.jobs j
JOIN unnest($1::text[], $2::text[]) AS r (namespace, id) ON j.id = r.id AND j.namespace = r.namespace
