-- One page of schedules ordered by id. $1 namespace, $2 paused|null, $3 handler|null, $4 after id|null, $5 limit.
SELECT *
FROM :SCHEMA.schedules
WHERE namespace = $1::text
  AND ($2::boolean IS NULL OR paused = $2::boolean)
  AND ($3::text IS NULL OR job ->> 'handler' = $3::text)
  AND ($4::text IS NULL OR id > $4::text)
ORDER BY id
LIMIT $5
