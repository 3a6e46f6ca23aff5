-- Writes whole jobs with their tier columns (the flusher's apply, a demotion's handoff): inserts the
-- ones the store lacks (hot-first), overwrites the others. $1.. one array per column.
INSERT INTO :SCHEMA.jobs AS j (namespace, id, queue, handler, payload, state, priority, run_at, attempt,
  max_attempts, backoff, timeout_ms, key, schedule_id, fire_time, deadline, progress, result, error, stalls,
  paused_from, lease_owner, lease_until, created_at, updated_at, started_at, finished_at, version, hot, target, traceparent)
SELECT * FROM unnest(
  $1::text[], $2::text[], $3::text[], $4::text[], $5::json[], $6::text[], $7::integer[], $8::bigint[],
  $9::integer[], $10::integer[], $11::json[], $12::bigint[], $13::text[], $14::text[], $15::bigint[],
  $16::bigint[], $17::json[], $18::json[], $19::json[], $20::integer[], $21::text[], $22::text[],
  $23::bigint[], $24::bigint[], $25::bigint[], $26::bigint[], $27::bigint[], $28::bigint[], $29::boolean[], $30::json[], $31::text[]
)
ON CONFLICT (id, namespace) DO UPDATE SET
  queue = excluded.queue, payload = excluded.payload, state = excluded.state, priority = excluded.priority,
  run_at = excluded.run_at, attempt = excluded.attempt, max_attempts = excluded.max_attempts,
  backoff = excluded.backoff, timeout_ms = excluded.timeout_ms, progress = excluded.progress,
  result = excluded.result, error = excluded.error, stalls = excluded.stalls, paused_from = excluded.paused_from,
  lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at,
  started_at = excluded.started_at, finished_at = excluded.finished_at, version = excluded.version,
  hot = excluded.hot
