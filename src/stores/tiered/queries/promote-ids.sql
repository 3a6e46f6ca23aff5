-- Promotion of named jobs (just written, resumed, rescheduled): as promote-due.sql, for the pairs
-- ($2 namespaces, $3 ids) that are cold, waiting and due by $1.
UPDATE :SCHEMA.jobs j
SET hot = true
FROM (
  SELECT c.namespace, c.id FROM :SCHEMA.jobs c
  JOIN unnest($2::text[], $3::text[]) AS i (namespace, id) ON c.namespace = i.namespace AND c.id = i.id
  WHERE NOT c.hot AND c.state IN ('scheduled', 'queued') AND c.run_at <= $1::bigint
  ORDER BY c.id
  FOR UPDATE OF c SKIP LOCKED
) d
WHERE j.namespace = d.namespace AND j.id = d.id
RETURNING j.*
