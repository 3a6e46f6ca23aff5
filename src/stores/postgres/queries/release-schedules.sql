-- Advances leased schedules after a fire step and frees their leases.
-- $1 now; $2 namespaces, $3 ids, $4 trigger states, $5 next fires, $6 last fires (null: keep),
-- $7 fired counts, $8 misfire counts.
UPDATE :SCHEMA.schedules s
SET trigger_state = r.trigger_state,
    next_fire_at  = r.next_fire_at,
    last_fire_at  = coalesce(r.last_fire_at, s.last_fire_at),
    fire_count    = s.fire_count + r.fired,
    misfire_count = s.misfire_count + r.misfired,
    lease_owner   = NULL,
    lease_until   = NULL,
    updated_at    = $1::bigint
FROM unnest($2::text[], $3::text[], $4::json[], $5::bigint[], $6::bigint[], $7::integer[], $8::integer[])
  AS r (namespace, id, trigger_state, next_fire_at, last_fire_at, fired, misfired)
WHERE s.namespace = r.namespace AND s.id = r.id
RETURNING s.*
