-- tickwork SQLite schema, version 3: trace context.
--
-- `traceparent` keeps the W3C trace context of the code that enqueued the job (null without a tracer),
-- so its attempts' spans join the caller's trace. Written once with the job; no index.
ALTER TABLE jobs ADD COLUMN traceparent TEXT;
