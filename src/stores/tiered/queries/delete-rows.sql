-- Removes jobs and their history (a flushed `job.deleted`). $1 namespaces, $2 ids.
WITH gone AS (SELECT * FROM unnest($1::text[], $2::text[]) AS i (namespace, id)),
history AS (
  DELETE FROM :SCHEMA.job_events e USING gone WHERE e.namespace = gone.namespace AND e.job_id = gone.id
)
DELETE FROM :SCHEMA.jobs j USING gone WHERE j.namespace = gone.namespace AND j.id = gone.id
