-- The earliest run_at among cold (store-owned) claimable jobs. $1 namespace|null, $2 queues|null,
-- $3 handlers|null. Paused queues count: promotion does not depend on them.
SELECT min(j.run_at) AS at
FROM :SCHEMA.jobs j
WHERE NOT j.hot AND j.state IN ('scheduled', 'queued')
  AND ($1::text IS NULL OR j.namespace = $1::text)
  AND ($2::text[] IS NULL OR j.queue = ANY ($2::text[]))
  AND ($3::text[] IS NULL OR j.handler = ANY ($3::text[]))
