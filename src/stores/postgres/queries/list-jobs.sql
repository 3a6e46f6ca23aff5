-- One page of jobs, newest first by (created_at, id). A null parameter means "no condition"; each
-- call is planned with its values, so the unused conditions fold away.
-- $1 namespace, $2 now, $3 effective states, $4 queues, $5 handlers, $6 key, $7 schedule id,
-- $8 run_at from, $9 run_at to, $10 payload substring, $11 cursor created_at, $12 cursor id, $13 limit.
SELECT *
FROM :SCHEMA.jobs
WHERE namespace = $1::text
  AND ($3::text[] IS NULL
       OR (CASE WHEN state = 'scheduled' AND run_at <= $2::bigint THEN 'queued' ELSE state END) = ANY ($3::text[]))
  AND ($4::text[] IS NULL OR queue = ANY ($4::text[]))
  AND ($5::text[] IS NULL OR handler = ANY ($5::text[]))
  AND ($6::text IS NULL OR key = $6::text)
  AND ($7::text IS NULL OR schedule_id = $7::text)
  AND ($8::bigint IS NULL OR run_at >= $8::bigint)
  AND ($9::bigint IS NULL OR run_at < $9::bigint)
  AND ($10::text IS NULL OR strpos(payload::text, $10::text) > 0)
  AND ($11::bigint IS NULL OR (created_at, id) < ($11::bigint, $12::text))
ORDER BY created_at DESC, id DESC
LIMIT $13
