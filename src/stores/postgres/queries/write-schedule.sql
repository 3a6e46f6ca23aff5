-- Writes a schedule's definition after an update computed in memory (the row is locked first), and
-- frees its lease: whoever fires it must re-read the changed definition.
-- $1 namespace, $2 id, $3 trigger, $4 trigger state, $5 job template, $6 paused, $7 next fire,
-- $8 misfire grace, $9 coalesce, $10 max catch-up, $11 overlap, $12 now.
UPDATE :SCHEMA.schedules
SET trigger = $3::json, trigger_state = $4::json, job = $5::json, paused = $6::boolean, next_fire_at = $7::bigint,
    misfire_grace_ms = $8::bigint, coalesce_policy = $9::text, max_catch_up = $10::integer, overlap_policy = $11::text,
    lease_owner = NULL, lease_until = NULL, updated_at = $12::bigint
WHERE namespace = $1::text AND id = $2::text
RETURNING *
