-- Promotion, step 1: marks cold waiting jobs due by $1 as hot and returns them (the caller pushes them
-- to Redis next; a crash in between leaves hot rows Redis lacks, which the reconciler re-pushes).
-- $1 due by (now + horizon), $2 limit. SKIP LOCKED: concurrent promoters take disjoint rows.
UPDATE :SCHEMA.jobs j
SET hot = true
FROM (
  SELECT namespace, id FROM :SCHEMA.jobs
  WHERE NOT hot AND state IN ('scheduled', 'queued') AND run_at <= $1::bigint
  ORDER BY run_at
  LIMIT $2::integer
  FOR UPDATE SKIP LOCKED
) d
WHERE j.namespace = d.namespace AND j.id = d.id
RETURNING j.*
