-- The earliest run_at among claimable jobs (queue not paused).
-- $1 namespace|null, $2 queues|null, $3 handlers|null.
SELECT min(j.run_at) AS at
FROM :SCHEMA.jobs j
WHERE j.state IN ('scheduled', 'queued')
  AND ($1::text IS NULL OR j.namespace = $1::text)
  AND ($2::text[] IS NULL OR j.queue = ANY ($2::text[]))
  AND ($3::text[] IS NULL OR j.handler = ANY ($3::text[]))
  AND NOT EXISTS (SELECT 1 FROM :SCHEMA.queues q WHERE q.paused AND q.namespace = j.namespace AND q.queue = j.queue)
