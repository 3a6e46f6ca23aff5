-- Writes every mutable column of jobs changed in memory by a transition (the rows are locked first).
-- $1.. one array per column.
UPDATE :SCHEMA.jobs j
SET queue = i.queue, payload = i.payload, state = i.state, priority = i.priority, run_at = i.run_at,
    attempt = i.attempt, max_attempts = i.max_attempts, backoff = i.backoff, timeout_ms = i.timeout_ms,
    progress = i.progress, result = i.result, error = i.error, stalls = i.stalls, paused_from = i.paused_from,
    lease_owner = i.lease_owner, lease_until = i.lease_until, updated_at = i.updated_at,
    started_at = i.started_at, finished_at = i.finished_at
FROM unnest(
  $1::text[], $2::text[], $3::text[], $4::json[], $5::text[], $6::integer[], $7::bigint[], $8::integer[],
  $9::integer[], $10::json[], $11::bigint[], $12::json[], $13::json[], $14::json[], $15::integer[], $16::text[],
  $17::text[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[]
) AS i (namespace, id, queue, payload, state, priority, run_at, attempt, max_attempts, backoff, timeout_ms,
        progress, result, error, stalls, paused_from, lease_owner, lease_until, updated_at, started_at, finished_at)
WHERE j.id = i.id AND j.namespace = i.namespace
