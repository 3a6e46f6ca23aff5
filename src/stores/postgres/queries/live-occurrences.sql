-- Live occurrences of schedules. $1 namespace, $2 schedule ids.
SELECT *
FROM :SCHEMA.jobs
WHERE namespace = $1::text AND schedule_id = ANY ($2::text[]) AND state IN ('scheduled', 'queued', 'running', 'paused')
ORDER BY created_at, id
