-- Records progress of a held attempt (fenced). Progress is not kept in the history.
-- $1 id, $2 namespace (null: the oldest job of that id the fence matches), $3 attempt, $4 worker id,
-- $5 progress, $6 now.
UPDATE :SCHEMA.jobs
SET progress = $5::json, updated_at = $6::bigint
WHERE id = $1::text
  AND namespace = coalesce($2::text, (
        SELECT o.namespace FROM :SCHEMA.jobs o
        WHERE o.id = $1::text AND o.state = 'running' AND o.lease_owner = $4::text AND o.attempt = $3::integer
        ORDER BY o.created_at, o.namespace LIMIT 1))
  AND state = 'running' AND lease_owner = $4::text AND attempt = $3::integer
RETURNING *
