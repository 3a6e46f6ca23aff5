-- Writes new jobs in one statement, in input order, skipping ids that exist (occurrences and retried
-- submissions are idempotent), and records `job.added` for each row written.
-- Returns the ids written (created: the caller knows their rows) and the full rows that held an id
-- before the statement (not created): a big batch does not travel back.
-- Keys are not checked here: keyed batches come through add-keyed-jobs' caller, which takes key locks first.
-- $1 now; $2.. one array per column, in input order.
WITH input AS (
  SELECT *
  FROM unnest(
    $2::text[], $3::text[], $4::text[], $5::text[], $6::json[], $7::text[], $8::integer[], $9::bigint[],
    $10::integer[], $11::json[], $12::bigint[], $13::text[], $14::text[], $15::bigint[], $16::bigint[], $17::text[],
    $18::json[], $19::text[]
  ) WITH ORDINALITY AS t (namespace, id, queue, handler, payload, state, priority, run_at, max_attempts, backoff,
                          timeout_ms, key, schedule_id, fire_time, deadline, paused_from, target, traceparent, ord)
),
inserted AS (
  INSERT INTO :SCHEMA.jobs (namespace, id, queue, handler, payload, state, priority, run_at, attempt, max_attempts,
                            backoff, timeout_ms, key, schedule_id, fire_time, deadline, stalls, paused_from,
                            created_at, updated_at, target, traceparent)
  SELECT namespace, id, queue, handler, payload, state, priority, run_at, 0, max_attempts, backoff, timeout_ms, key,
         schedule_id, fire_time, deadline, 0, paused_from, $1::bigint, $1::bigint, target, traceparent
  FROM input
  ORDER BY ord
  ON CONFLICT (id, namespace) DO NOTHING
  RETURNING namespace, id, queue, handler, state, run_at
),
recorded AS (
  INSERT INTO :SCHEMA.job_events (namespace, job_id, type, queue, handler, state, attempt, at, run_at)
  SELECT namespace, id, 'job.added', queue, handler, state, 0, $1::bigint, run_at
  FROM inserted
)
SELECT true AS created, inserted.namespace, inserted.id, NULL::json AS existing FROM inserted
UNION ALL
-- The statement's snapshot predates its own inserts: these are only the rows that existed before.
SELECT false AS created, j.namespace, j.id, row_to_json(j) AS existing
FROM :SCHEMA.jobs j
JOIN input i ON j.id = i.id AND j.namespace = i.namespace
