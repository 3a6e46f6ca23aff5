-- Records attempt outcomes in one statement. Fenced: a row changes only while it is still running under
-- the reporting worker and attempt, so a stale worker's completion matches nothing. An id reported twice
-- is applied at most once (the first report). Without a namespace, the oldest job of that id the fence
-- matches.
-- Event data: the result, the failure (failed, retry), or cancelData('aborted', error) for `aborted`,
-- which cancels a job that still held its lease.
-- $1 now; $2 ids, $3 namespaces (null: any), $4 attempts, $5 worker ids, $6 kinds, $7 results (json),
-- $8 failures (json), $9 retry run_at.
WITH input AS (
  SELECT DISTINCT ON (t.id, t.namespace) t.*
  FROM unnest($2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::json[], $8::json[], $9::bigint[])
         WITH ORDINALITY AS t (id, namespace, attempt, worker_id, kind, result, error, run_at, ord)
  ORDER BY t.id, t.namespace, t.ord
),
finished AS (
  UPDATE :SCHEMA.jobs j
  SET state       = CASE i.kind WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed' WHEN 'aborted' THEN 'cancelled'
                                ELSE (CASE WHEN i.run_at > $1::bigint THEN 'scheduled' ELSE 'queued' END) END,
      result      = CASE WHEN i.kind = 'succeeded' THEN i.result ELSE j.result END,
      error       = CASE WHEN i.kind = 'succeeded' THEN j.error ELSE i.error END,
      run_at      = CASE WHEN i.kind = 'retry' THEN i.run_at ELSE j.run_at END,
      lease_owner = NULL,
      lease_until = NULL,
      finished_at = CASE WHEN i.kind = 'retry' THEN j.finished_at ELSE $1::bigint END,
      updated_at  = $1::bigint
  FROM input i
  WHERE j.id = i.id
    -- Without a namespace: the oldest job of that id the fence matches (only evaluated then).
    AND j.namespace = coalesce(i.namespace, (
        SELECT o.namespace FROM :SCHEMA.jobs o
        WHERE o.id = i.id AND o.state = 'running' AND o.lease_owner = i.worker_id AND o.attempt = i.attempt
        ORDER BY o.created_at, o.namespace LIMIT 1))
    AND j.state = 'running' AND j.lease_owner = i.worker_id AND j.attempt = i.attempt
  RETURNING j.*, i.kind AS outcome
),
recorded AS (
  INSERT INTO :SCHEMA.job_events (namespace, job_id, type, queue, handler, state, attempt, at, run_at, data)
  SELECT namespace, id,
         CASE outcome WHEN 'succeeded' THEN 'job.succeeded' WHEN 'failed' THEN 'job.failed'
                      WHEN 'retry' THEN 'job.retried' ELSE 'job.cancelled' END,
         queue, handler, state, attempt, $1::bigint, run_at,
         CASE outcome WHEN 'succeeded' THEN result WHEN 'aborted' THEN json_build_object('reason', 'aborted', 'error', error)
                      ELSE error END
  FROM finished
)
SELECT * FROM finished
