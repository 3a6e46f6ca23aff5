-- Counts by effective state per queue, plus queues that only have a pause switch. $1 namespace, $2 now.
SELECT coalesce(c.queue, q.queue) AS queue, coalesce(q.paused, false) AS paused, c.state, coalesce(c.n, 0) AS n
FROM (
  SELECT queue, CASE WHEN state = 'scheduled' AND run_at <= $2::bigint THEN 'queued' ELSE state END AS state,
         count(*) AS n
  FROM :SCHEMA.jobs
  WHERE namespace = $1::text
  GROUP BY 1, 2
) c
FULL JOIN (SELECT queue, paused FROM :SCHEMA.queues WHERE namespace = $1::text) q ON q.queue = c.queue
