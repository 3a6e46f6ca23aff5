-- Schedules. Leases: held while @now < lease_until.

-- name: get-schedule
SELECT {{schedule-doc}} AS doc FROM schedules WHERE namespace = @namespace AND id = @id;

-- name: insert-schedule
INSERT INTO schedules (namespace, id, trigger_spec, trigger_state, job, paused, next_fire_at, last_fire_at,
                       fire_count, misfire_count, misfire_grace_ms, coalesce_policy, max_catch_up,
                       overlap_policy, lease_owner, lease_until, created_at, updated_at)
VALUES (@namespace, @id, @trigger, @triggerState, @job, @paused, @nextFireAt, @lastFireAt,
        @fireCount, @misfireCount, @misfireGraceMs, @coalesce, @maxCatchUp,
        @overlap, @leaseOwner, @leaseUntil, @createdAt, @updatedAt);

-- name: write-schedule
UPDATE schedules
SET trigger_spec = @trigger, trigger_state = @triggerState, job = @job, paused = @paused,
    next_fire_at = @nextFireAt, last_fire_at = @lastFireAt, fire_count = @fireCount,
    misfire_count = @misfireCount, misfire_grace_ms = @misfireGraceMs, coalesce_policy = @coalesce,
    max_catch_up = @maxCatchUp, overlap_policy = @overlap, lease_owner = @leaseOwner,
    lease_until = @leaseUntil, created_at = @createdAt, updated_at = @updatedAt
WHERE namespace = @namespace AND id = @id;

-- name: delete-schedule
DELETE FROM schedules WHERE namespace = @namespace AND id = @id;

-- name: list-schedules
SELECT {{schedule-doc}} AS doc FROM schedules
WHERE namespace = @namespace
  AND (@after IS NULL OR id > @after)
  AND (@paused IS NULL OR paused = @paused)
  AND (@handler IS NULL OR job ->> '$.handler' = @handler)
ORDER BY id
LIMIT @limit;

-- name: acquire-schedules
UPDATE schedules
SET lease_owner = @schedulerId, lease_until = @leaseUntil
WHERE rowid IN (SELECT rowid FROM schedules
                WHERE paused = 0 AND next_fire_at IS NOT NULL AND next_fire_at <= @dueBefore
                  AND (lease_owner IS NULL OR lease_until <= @now)
                ORDER BY next_fire_at
                LIMIT @limit)
RETURNING {{schedule-doc}} AS doc;

-- name: release-schedule
-- Advances a schedule still leased to @schedulerId and frees the lease; no change: the lease was lost.
UPDATE schedules
SET trigger_state = @triggerState, next_fire_at = @nextFireAt,
    last_fire_at = coalesce(@lastFireAt, last_fire_at), fire_count = fire_count + @fired,
    misfire_count = misfire_count + @misfired, lease_owner = NULL, lease_until = NULL, updated_at = @now
WHERE namespace = @namespace AND id = @id AND lease_owner = @schedulerId;

-- name: next-unleased-fire
-- The earliest nextFireAt among unpaused, unleased schedules: walks schedules_due in order, skipping the
-- few leased ones at its head.
SELECT next_fire_at FROM schedules
WHERE paused = 0 AND next_fire_at IS NOT NULL AND lease_owner IS NULL
ORDER BY next_fire_at
LIMIT 1;

-- name: next-leased-fire
-- A leased schedule can be acquired again at max(nextFireAt, leaseUntil).
SELECT MIN(max(next_fire_at, lease_until)) AS at FROM schedules INDEXED BY schedules_leased
WHERE lease_owner IS NOT NULL AND paused = 0 AND next_fire_at IS NOT NULL;
