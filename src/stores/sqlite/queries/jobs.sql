-- Jobs: the producer's side. Each block is one named statement, prepared once (statements.ts).
-- State codes: 0 scheduled, 1 queued, 2 running, 3 succeeded, 4 failed, 5 cancelled, 6 paused.

-- name: insert-job
-- Writes a new job unless its id, or its key among live jobs, is taken: then nothing changes and the
-- caller finds out which (addJobs stays one statement per job in the common case).
INSERT INTO jobs (namespace, id, queue, handler, payload, state, priority, run_at, attempt, max_attempts,
                  backoff_type, backoff_delay, backoff_max, backoff_jitter, timeout_ms, job_key, schedule_id,
                  fire_time, deadline, stalls, paused_from, created_at, updated_at, history, target, traceparent)
VALUES (@namespace, @id, @queue, @handler, @payload, @state, @priority, @runAt, 0, @maxAttempts,
        @backoffType, @backoffDelay, @backoffMax, @backoffJitter, @timeoutMs, @key, @scheduleId,
        @fireTime, @deadline, 0, @pausedFrom, @now, @now, @history, @target, @traceparent)
ON CONFLICT DO NOTHING;

-- name: get-job
SELECT {{job-doc}} AS doc FROM jobs WHERE id = @id AND namespace = @namespace;

-- name: get-live-key-holder
SELECT {{job-doc}} AS doc FROM jobs WHERE namespace = @namespace AND job_key = @key AND finished_at IS NULL;

-- name: write-job
-- Every column a transition may change; the rare paths (update, pause, cancel…) compute the new job
-- with the shared rules (src/stores/shared) and write it whole.
UPDATE jobs
SET queue = @queue, payload = @payload, state = @state, priority = @priority, run_at = @runAt,
    attempt = @attempt, max_attempts = @maxAttempts, backoff_type = @backoffType,
    backoff_delay = @backoffDelay, backoff_max = @backoffMax, backoff_jitter = @backoffJitter,
    timeout_ms = @timeoutMs, progress = @progress, result = @result, error = @error, stalls = @stalls,
    paused_from = @pausedFrom, lease_owner = @leaseOwner, lease_until = @leaseUntil,
    updated_at = @updatedAt, started_at = @startedAt, finished_at = @finishedAt,
    history = history || @event
WHERE seq = @seq;

-- name: append-history
-- A second event in the same step (job.failed after job.stalled); events are lines of JSON.
UPDATE jobs SET history = history || @event WHERE seq = @seq;

-- name: delete-job
DELETE FROM jobs WHERE seq = @seq;

-- name: job-history
SELECT namespace, id, queue, handler, history FROM jobs WHERE id = @id AND namespace = @namespace;

-- name: list-jobs
-- Newest first by (created_at, id), strictly after the cursor. Filters are optional (NULL: any);
-- lists arrive as JSON arrays. The state filter uses the effective state (a due scheduled job is queued).
SELECT {{job-doc}} AS doc FROM jobs
WHERE namespace = @namespace
  AND (@cursorAt IS NULL OR (created_at, id) < (@cursorAt, @cursorId))
  AND (@states IS NULL OR (CASE WHEN state = 0 AND run_at <= @now THEN 1 ELSE state END)
                          IN (SELECT value FROM json_each(@states)))
  AND (@queues IS NULL OR queue IN (SELECT value FROM json_each(@queues)))
  AND (@handlers IS NULL OR handler IN (SELECT value FROM json_each(@handlers)))
  AND (@key IS NULL OR job_key = @key)
  AND (@scheduleId IS NULL OR schedule_id = @scheduleId)
  AND (@runAtFrom IS NULL OR run_at >= @runAtFrom)
  AND (@runAtTo IS NULL OR run_at < @runAtTo)
  AND (@payloadContains IS NULL OR instr(payload, @payloadContains) > 0)
ORDER BY created_at DESC, id DESC
LIMIT @limit;

-- name: live-occurrences
-- INDEXED BY: left alone, the planner prefers jobs_created to save the sort, and scans the namespace.
SELECT {{job-doc}} AS doc FROM jobs INDEXED BY jobs_live_occurrences
WHERE namespace = @namespace AND schedule_id = @scheduleId AND finished_at IS NULL
ORDER BY created_at, seq;
