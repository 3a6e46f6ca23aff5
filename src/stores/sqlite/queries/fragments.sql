-- Fragments: expressions other queries include as {{name}} (sql-files.ts expands them at load).

-- name: job-doc
-- A job row as one JSON array, read by position (row-mapping.ts: docToJob). One text column and one
-- JSON.parse cost ~7 µs a row on the 2-core test machine, against ~25 µs for the 31 columns as an
-- object (better-sqlite3 builds row objects column by column): the claim and finish paths read rows.
json_array(seq, namespace, id, queue, handler, json(payload), state, priority, run_at, attempt, max_attempts,
           backoff_type, backoff_delay, backoff_max, backoff_jitter, timeout_ms, job_key, schedule_id,
           fire_time, deadline, json(progress), json(result), json(error), stalls, paused_from, lease_owner,
           lease_until, created_at, updated_at, started_at, finished_at, json(target), traceparent)

-- name: schedule-doc
-- A schedule row as one JSON array (row-mapping.ts: docToSchedule), for the reason job-doc gives:
-- leasing 1000 schedules cost 23 ms as row objects.
json_array(namespace, id, json(trigger_spec), json(trigger_state), json(job), paused, next_fire_at, last_fire_at,
           fire_count, misfire_count, misfire_grace_ms, coalesce_policy, max_catch_up, overlap_policy, lease_owner,
           lease_until, created_at, updated_at)
