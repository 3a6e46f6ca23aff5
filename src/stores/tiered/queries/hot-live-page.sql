-- The reconciler's walk over jobs the store thinks Redis holds, in (namespace, id) pages.
-- $1, $2 the last (namespace, id) seen ('' to start), $3 page size.
SELECT * FROM :SCHEMA.jobs
WHERE hot AND state IN ('scheduled', 'queued', 'running', 'paused') AND (namespace, id) > ($1::text, $2::text)
ORDER BY namespace, id
LIMIT $3::integer
