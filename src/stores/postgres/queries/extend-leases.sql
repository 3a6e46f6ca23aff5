-- Extends the leases a worker still holds (fenced by owner and attempt); returns the ids extended.
-- Without a namespace, the oldest job of that id the fence matches.
-- $1 worker id, $2 new lease_until, $3 ids, $4 namespaces (null: any), $5 attempts.
UPDATE :SCHEMA.jobs j
SET lease_until = $2::bigint
FROM unnest($3::text[], $4::text[], $5::integer[]) AS i (id, namespace, attempt)
WHERE j.id = i.id
  AND j.namespace = coalesce(i.namespace, (
      SELECT o.namespace FROM :SCHEMA.jobs o
      WHERE o.id = i.id AND o.state = 'running' AND o.lease_owner = $1::text AND o.attempt = i.attempt
      ORDER BY o.created_at, o.namespace LIMIT 1))
  AND j.state = 'running' AND j.lease_owner = $1::text AND j.attempt = i.attempt
RETURNING j.id, j.namespace
