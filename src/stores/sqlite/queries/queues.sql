-- Queues: pause switches and statistics.

-- name: set-queue-paused
INSERT INTO queues (namespace, queue, paused) VALUES (@namespace, @queue, @paused)
ON CONFLICT (namespace, queue) DO UPDATE SET paused = excluded.paused;

-- name: queue-switches
SELECT queue, paused FROM queues WHERE namespace = @namespace;

-- name: queue-counts
-- Counts by effective state (a due scheduled job counts as queued).
SELECT queue, CASE WHEN state = 0 AND run_at <= @now THEN 1 ELSE state END AS state, COUNT(*) AS n
FROM jobs WHERE namespace = @namespace
GROUP BY 1, 2;
