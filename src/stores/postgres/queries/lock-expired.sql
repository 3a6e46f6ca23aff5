-- Running jobs whose lease expired, locked; SKIP LOCKED lets several reapers share the work.
-- $1 now, $2 limit.
SELECT *
FROM :SCHEMA.jobs
WHERE state = 'running' AND lease_until <= $1::bigint
ORDER BY lease_until
LIMIT $2
FOR UPDATE SKIP LOCKED
