-- A job's history, oldest first. $1 namespace, $2 id.
SELECT * FROM :SCHEMA.job_events WHERE namespace = $1::text AND job_id = $2::text ORDER BY seq
