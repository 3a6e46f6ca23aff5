-- 004: trace context.
-- `traceparent` keeps the W3C trace context of the code that enqueued the job (null without a tracer),
-- so its attempts' spans join the caller's trace. Written once with the job: no index. A nullable
-- column without a default is a catalog-only change.

ALTER TABLE :SCHEMA.jobs ADD COLUMN traceparent text;
