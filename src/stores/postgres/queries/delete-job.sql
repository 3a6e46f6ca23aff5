-- Removes a job and its history. $1 namespace, $2 id.
WITH history AS (
  DELETE FROM :SCHEMA.job_events WHERE namespace = $1::text AND job_id = $2::text
)
DELETE FROM :SCHEMA.jobs WHERE namespace = $1::text AND id = $2::text
RETURNING *
