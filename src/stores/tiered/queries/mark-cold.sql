-- Hands jobs back to the store without changing them (Redis lost them, or holds no newer state).
-- $1 namespaces, $2 ids.
UPDATE :SCHEMA.jobs j SET hot = false
FROM unnest($1::text[], $2::text[]) AS i (namespace, id)
WHERE j.namespace = i.namespace AND j.id = i.id
