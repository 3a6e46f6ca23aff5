-- Claims up to $5 due jobs in (priority, run_at, insertion) order and marks them running under a lease. Due jobs
-- past their deadline are cancelled as misfired in the same statement (they do not count against the
-- limit). SKIP LOCKED: concurrent claimers pass over each other's candidates instead of queueing behind
-- them, and a row is claimed by at most one of them.
-- $1 now, $2 namespace|null, $3 queues|null, $4 handlers|null, $5 limit, $6 worker id, $7 lease ms,
-- $8 due by (>= $1: jobs due up to then are claimed ahead; deadlines are judged at $1).
-- The misfire failure and event data mirror misfiredFailure() and cancelData('misfired', error) in
-- src/stores/shared/job-records.ts (a test holds them equal).
WITH claimable AS (
  SELECT j.id, j.namespace
  FROM :SCHEMA.jobs j
  WHERE j.state IN ('scheduled', 'queued')
    AND j.run_at <= $8::bigint
    AND (j.deadline IS NULL OR j.deadline >= $1::bigint)
    AND ($2::text IS NULL OR j.namespace = $2::text)
    AND ($3::text[] IS NULL OR j.queue = ANY ($3::text[]))
    AND ($4::text[] IS NULL OR j.handler = ANY ($4::text[]))
    AND NOT EXISTS (SELECT 1 FROM :SCHEMA.queues q WHERE q.paused AND q.namespace = j.namespace AND q.queue = j.queue)
  ORDER BY j.priority, j.run_at, j.seq
  LIMIT $5
  FOR UPDATE OF j SKIP LOCKED
),
late AS (
  SELECT j.id, j.namespace
  FROM :SCHEMA.jobs j
  WHERE j.state IN ('scheduled', 'queued')
    AND j.deadline IS NOT NULL
    AND j.deadline < $1::bigint
    AND j.run_at <= $1::bigint
    AND ($2::text IS NULL OR j.namespace = $2::text)
    AND ($3::text[] IS NULL OR j.queue = ANY ($3::text[]))
    AND ($4::text[] IS NULL OR j.handler = ANY ($4::text[]))
    AND NOT EXISTS (SELECT 1 FROM :SCHEMA.queues q WHERE q.paused AND q.namespace = j.namespace AND q.queue = j.queue)
  ORDER BY j.deadline
  LIMIT 1000
  FOR UPDATE OF j SKIP LOCKED
),
claimed AS (
  UPDATE :SCHEMA.jobs j
  SET state = 'running', attempt = j.attempt + 1, lease_owner = $6::text, lease_until = $1::bigint + $7::bigint,
      started_at = GREATEST($1::bigint, j.run_at), updated_at = $1::bigint
  FROM claimable c
  WHERE j.id = c.id AND j.namespace = c.namespace
  RETURNING j.*
),
misfired AS (
  UPDATE :SCHEMA.jobs j
  SET state = 'cancelled', paused_from = NULL, lease_owner = NULL, lease_until = NULL, finished_at = $1::bigint,
      updated_at = $1::bigint,
      error = json_build_object('message', format('not started by its deadline (%s ms late)', $1::bigint - j.deadline),
                                'name', 'MisfiredError', 'code', 'MISFIRED', 'stack', NULL, 'retryable', false)
  FROM late l
  WHERE j.id = l.id AND j.namespace = l.namespace
  RETURNING j.*
),
recorded AS (
  INSERT INTO :SCHEMA.job_events (namespace, job_id, type, queue, handler, state, attempt, at, run_at, data)
  SELECT namespace, id, 'job.started', queue, handler, state, attempt, $1::bigint, run_at, NULL FROM claimed
  UNION ALL
  SELECT namespace, id, 'job.cancelled', queue, handler, state, attempt, $1::bigint, run_at,
         json_build_object('reason', 'misfired', 'error', error)
  FROM misfired
)
SELECT * FROM claimed
UNION ALL
SELECT * FROM misfired
