-- Leases due, unpaused schedules whose lease is free or expired. SKIP LOCKED: two schedulers never wait
-- on, or take, the same schedule.
-- $1 scheduler id, $2 limit, $3 lease until, $4 due before, $5 now.
WITH due AS (
  SELECT namespace, id
  FROM :SCHEMA.schedules
  WHERE NOT paused
    AND next_fire_at <= $4::bigint
    AND (lease_until IS NULL OR lease_until <= $5::bigint)
  ORDER BY next_fire_at
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE :SCHEMA.schedules s
SET lease_owner = $1::text, lease_until = $3::bigint
FROM due
WHERE s.namespace = due.namespace AND s.id = due.id
RETURNING s.*
