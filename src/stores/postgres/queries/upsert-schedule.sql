-- Creates a schedule, or replaces its definition keeping its counters and last fire; a replaced
-- definition frees the lease, so whoever fires it re-reads it.
-- Returns the row and whether it was created (xmax = 0 only on a fresh insert).
-- $1 namespace, $2 id, $3 trigger, $4 trigger state, $5 job template, $6 paused, $7 next fire,
-- $8 misfire grace, $9 coalesce, $10 max catch-up, $11 overlap, $12 now.
INSERT INTO :SCHEMA.schedules AS s (namespace, id, trigger, trigger_state, job, paused, next_fire_at, last_fire_at,
                                    fire_count, misfire_count, misfire_grace_ms, coalesce_policy, max_catch_up,
                                    overlap_policy, created_at, updated_at)
VALUES ($1::text, $2::text, $3::json, $4::json, $5::json, $6::boolean, $7::bigint, NULL, 0, 0, $8::bigint, $9::text,
        $10::integer, $11::text, $12::bigint, $12::bigint)
ON CONFLICT (namespace, id) DO UPDATE
SET trigger = excluded.trigger, trigger_state = excluded.trigger_state, job = excluded.job, paused = excluded.paused,
    next_fire_at = excluded.next_fire_at, misfire_grace_ms = excluded.misfire_grace_ms,
    coalesce_policy = excluded.coalesce_policy, max_catch_up = excluded.max_catch_up,
    overlap_policy = excluded.overlap_policy, lease_owner = NULL, lease_until = NULL, updated_at = excluded.updated_at
RETURNING *, (xmax = 0) AS created
