-- Jobs: the worker's side (the hot paths). State codes as in jobs.sql.

-- name: next-claimable-priority
-- The next priority level above @after holding claimable jobs: one index seek. Acquiring walks the
-- levels this way and range-scans each by runAt, so future jobs of a better priority cost nothing
-- (an ORDER BY priority, run_at scan would walk past every one of them).
SELECT MIN(priority) AS priority FROM jobs WHERE state IN (0, 1) AND priority > @after;

-- name: due-at-priority
-- Jobs of one priority due by @dueBy (now, or later when the worker prefetches), earliest first, matching the acquire filters (NULL: any). @pausedQueues
-- is a JSON array of [namespace, queue] pairs, NULL when no queue is paused (the common case).
SELECT seq, deadline FROM jobs
WHERE state IN (0, 1) AND priority = @priority AND run_at <= @dueBy
  AND (@namespace IS NULL OR namespace = @namespace)
  AND (@queues IS NULL OR queue IN (SELECT value FROM json_each(@queues)))
  AND (@handlers IS NULL OR handler IN (SELECT value FROM json_each(@handlers)))
  AND (@pausedQueues IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(@pausedQueues) p
        WHERE p.value ->> 0 = jobs.namespace AND p.value ->> 1 = jobs.queue))
ORDER BY run_at, seq
LIMIT @limit;

-- name: paused-queues
SELECT json_group_array(json_array(namespace, queue)) AS pairs, COUNT(*) AS n
FROM queues WHERE paused = 1 AND (@namespace IS NULL OR namespace = @namespace);

-- name: claim-jobs
-- Marks the chosen jobs running under the worker's lease; attempt + 1 is the fencing token; a job claimed
-- ahead of its runAt (prefetch) is stamped as starting at its runAt, when the worker starts it. Appends
-- job.started (type 2, state 2) to the history; @nowText is text so the line holds no REAL (`1.0`):
-- better-sqlite3 binds every JS number as REAL.
UPDATE jobs
SET state = 2, attempt = attempt + 1, lease_owner = @workerId, lease_until = @leaseUntil,
    updated_at = @now, started_at = MAX(@now, run_at),
    history = history || '[2,2,' || (attempt + 1) || ',' || @nowText || ',' || run_at || ',null]' || char(10)
WHERE seq IN (SELECT value FROM json_each(@seqs))
RETURNING {{job-doc}} AS doc;

-- name: fenced-job
-- The job a worker-side call names (see the Store's invariants): in @namespace when given; else the
-- oldest whose fence matches, or the oldest of that id at all.
SELECT {{job-doc}} AS doc FROM jobs
WHERE id = @id AND (@namespace IS NULL OR namespace = @namespace)
ORDER BY (state = 2 AND lease_owner = @workerId AND attempt = @attempt) DESC, seq
LIMIT 1;

-- name: extend-lease
UPDATE jobs SET lease_until = @leaseUntil
WHERE seq = (SELECT seq FROM jobs
             WHERE id = @id AND (@namespace IS NULL OR namespace = @namespace)
               AND state = 2 AND lease_owner = @workerId AND attempt = @attempt
             ORDER BY seq LIMIT 1)
RETURNING seq;

-- name: set-progress
UPDATE jobs SET progress = @progress, updated_at = @now
WHERE seq = (SELECT seq FROM jobs
             WHERE id = @id AND (@namespace IS NULL OR namespace = @namespace)
               AND state = 2 AND lease_owner = @workerId AND attempt = @attempt
             ORDER BY seq LIMIT 1)
RETURNING {{job-doc}} AS doc;

-- name: finish-jobs
-- finish-job for a whole batch in one statement. @outcomes is a JSON array with one array per outcome:
-- [id, namespace|null, workerId, attempt, state, runAt|null, result|null, error|null, finishedAt|null,
--  eventHead, eventRunAt|null, eventTail] (result and error are JSON text). Outcomes whose fence fails
-- return no row; the caller looks those up one by one (the rare path). runAt is set for retries; a
-- NULL error keeps the previous one (a success after failed attempts keeps the last failure). The
-- history line is eventHead, the runAt after the step, eventTail (the row's runAt unless a retry).
WITH o AS (
  SELECT value ->> 0 AS id, value ->> 1 AS namespace, value ->> 2 AS worker_id, value ->> 3 AS attempt,
         value ->> 4 AS state, value ->> 5 AS run_at, value ->> 6 AS result, value ->> 7 AS error,
         value ->> 8 AS finished_at, value ->> 9 AS event_head, value ->> 10 AS event_run_at,
         value ->> 11 AS event_tail
  FROM json_each(@outcomes)
)
UPDATE jobs
SET state = o.state, run_at = coalesce(o.run_at, jobs.run_at), result = o.result,
    error = coalesce(o.error, jobs.error), lease_owner = NULL, lease_until = NULL, updated_at = @now,
    finished_at = o.finished_at,
    history = jobs.history || o.event_head || coalesce(o.event_run_at, jobs.run_at) || o.event_tail
FROM o
WHERE jobs.seq = (SELECT j.seq FROM jobs j
                  WHERE j.id = o.id AND (o.namespace IS NULL OR j.namespace = o.namespace)
                    AND j.state = 2 AND j.lease_owner = o.worker_id AND j.attempt = o.attempt
                  ORDER BY j.seq LIMIT 1)
RETURNING {{job-doc}} AS doc;

-- name: expired-leases
SELECT {{job-doc}} AS doc FROM jobs WHERE state = 2 AND lease_until <= @now ORDER BY lease_until, seq LIMIT @limit;

-- name: next-due-at-priority
-- The earliest runAt of one priority level matching the filters.
SELECT run_at FROM jobs
WHERE state IN (0, 1) AND priority = @priority
  AND (@namespace IS NULL OR namespace = @namespace)
  AND (@queues IS NULL OR queue IN (SELECT value FROM json_each(@queues)))
  AND (@handlers IS NULL OR handler IN (SELECT value FROM json_each(@handlers)))
  AND (@pausedQueues IS NULL OR NOT EXISTS (
        SELECT 1 FROM json_each(@pausedQueues) p
        WHERE p.value ->> 0 = jobs.namespace AND p.value ->> 1 = jobs.queue))
ORDER BY run_at
LIMIT 1;


-- name: job-by-seq
SELECT {{job-doc}} AS doc FROM jobs WHERE seq = @seq;
