-- Locks the rows of ($1 namespaces, $2 ids) for the flusher or a handoff; ordered against deadlocks.
SELECT j.* FROM :SCHEMA.jobs j
JOIN unnest($1::text[], $2::text[]) AS i (namespace, id) ON j.namespace = i.namespace AND j.id = i.id
ORDER BY j.id, j.namespace
FOR UPDATE OF j
