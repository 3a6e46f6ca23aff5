-- 003: columns the tiered store (PostgreSQL + a Redis hot tier, src/stores/tiered) keeps per job.
-- `hot`: Redis owns the job's live state (promoted, or pushed first in hot-first mode); the store's copy
-- is what the flusher last wrote. `version`: the newest hot-tier change applied to the row, so
-- redelivered or reordered change batches never move a job backwards. A store used without Redis
-- never sets them: every row stays cold at version 0.
ALTER TABLE :SCHEMA.jobs
  ADD COLUMN hot     boolean NOT NULL DEFAULT false,
  ADD COLUMN version bigint  NOT NULL DEFAULT 0;

-- The promoter's scan: cold waiting jobs by run time.
CREATE INDEX jobs_cold_due_idx ON :SCHEMA.jobs (run_at) WHERE NOT hot AND state IN ('scheduled', 'queued');
-- The reconciler's scan: jobs Redis should hold.
CREATE INDEX jobs_hot_live_idx ON :SCHEMA.jobs (namespace, id) WHERE hot AND state IN ('scheduled', 'queued', 'running', 'paused');
