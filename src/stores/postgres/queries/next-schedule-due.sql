-- The earliest time an unpaused schedule can be acquired: its next fire, or later while another
-- scheduler's lease holds it (mirrors acquirableAt() in src/stores/shared/schedule-records.ts).
SELECT min(CASE WHEN lease_owner IS NULL OR lease_until IS NULL THEN next_fire_at
                ELSE greatest(next_fire_at, lease_until) END) AS at
FROM :SCHEMA.schedules
WHERE NOT paused AND next_fire_at IS NOT NULL
