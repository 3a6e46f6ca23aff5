-- $1 namespace, $2 queue, $3 paused, $4 now.
INSERT INTO :SCHEMA.queues (namespace, queue, paused, updated_at)
VALUES ($1::text, $2::text, $3::boolean, $4::bigint)
ON CONFLICT (namespace, queue) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at
