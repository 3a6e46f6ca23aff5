-- 001: jobs with their history, queue switches, schedules.
-- Times are epoch milliseconds (bigint) passed in by the caller, never now(): tests and stores agree on
-- time. JSON columns are `json`, not `jsonb`: the text is kept as written (payloadContains matches the
-- serialised text) and nothing is re-parsed on the way in.

CREATE TABLE :SCHEMA.jobs (
  namespace    text    NOT NULL,
  id           text    NOT NULL,
  queue        text    NOT NULL,
  handler      text    NOT NULL,
  payload      json    NOT NULL,
  state        text    NOT NULL
               CHECK (state IN ('scheduled', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'paused')),
  priority     integer NOT NULL,
  run_at       bigint  NOT NULL,
  attempt      integer NOT NULL,
  max_attempts integer NOT NULL,
  backoff      json    NOT NULL,
  timeout_ms   bigint,
  key          text,
  schedule_id  text,
  fire_time    bigint,
  deadline     bigint,
  progress     json,
  result       json,
  error        json,
  stalls       integer NOT NULL,
  paused_from  text    CHECK (paused_from IN ('scheduled', 'queued')),
  lease_owner  text,
  lease_until  bigint,
  created_at   bigint  NOT NULL,
  updated_at   bigint  NOT NULL,
  started_at   bigint,
  finished_at  bigint,
  -- Insertion order: ties in (priority, run_at) are claimed first in, first out.
  seq          bigint  GENERATED ALWAYS AS IDENTITY,
  -- id first: workers report outcomes and heartbeats by id alone, and ids are unique in practice
  -- (UUIDv7, or schedule id @ fire time); namespace keeps two tenants' equal ids apart.
  PRIMARY KEY (id, namespace)
);

-- Partial indexes per state: each covers only the rows its query can want, so millions of finished
-- jobs cost the hot paths nothing.
-- Claiming: (priority, run_at) order within a namespace, first in first out among equals.
CREATE INDEX jobs_claim_idx ON :SCHEMA.jobs (namespace, priority, run_at, seq) WHERE state IN ('scheduled', 'queued');
-- nextJobDueAt, and claims across namespaces or with few due jobs among many future ones.
CREATE INDEX jobs_due_idx ON :SCHEMA.jobs (run_at) WHERE state IN ('scheduled', 'queued');
-- Misfires: waiting jobs past their deadline (only jobs that have one).
CREATE INDEX jobs_deadline_idx ON :SCHEMA.jobs (deadline)
  WHERE deadline IS NOT NULL AND state IN ('scheduled', 'queued');
-- Reaping expired leases.
CREATE INDEX jobs_lease_idx ON :SCHEMA.jobs (lease_until) WHERE state = 'running';
-- At most one live job holds a key in a namespace (the store checks first; this is the backstop).
CREATE UNIQUE INDEX jobs_live_key_idx ON :SCHEMA.jobs (namespace, key)
  WHERE key IS NOT NULL AND state IN ('scheduled', 'queued', 'running', 'paused');
-- Live occurrences of a schedule (overlap policies).
CREATE INDEX jobs_live_schedule_idx ON :SCHEMA.jobs (namespace, schedule_id)
  WHERE schedule_id IS NOT NULL AND state IN ('scheduled', 'queued', 'running', 'paused');
-- Listing, newest first.
CREATE INDEX jobs_created_idx ON :SCHEMA.jobs (namespace, created_at DESC, id DESC);

-- A job's history, oldest first by seq. Deleting a job deletes its rows.
CREATE TABLE :SCHEMA.job_events (
  namespace text    NOT NULL,
  job_id    text    NOT NULL,
  seq       bigint  GENERATED ALWAYS AS IDENTITY,
  type      text    NOT NULL,
  queue     text    NOT NULL,
  handler   text    NOT NULL,
  state     text    NOT NULL,
  attempt   integer NOT NULL,
  at        bigint  NOT NULL,
  run_at    bigint  NOT NULL,
  data      json,
  PRIMARY KEY (namespace, job_id, seq)
);

-- A queue has a row once it has been paused or resumed.
CREATE TABLE :SCHEMA.queues (
  namespace  text    NOT NULL,
  queue      text    NOT NULL,
  paused     boolean NOT NULL,
  updated_at bigint  NOT NULL,
  PRIMARY KEY (namespace, queue)
);

CREATE TABLE :SCHEMA.schedules (
  namespace        text    NOT NULL,
  id               text    NOT NULL,
  trigger          json    NOT NULL,
  trigger_state    json    NOT NULL,
  job              json    NOT NULL,
  paused           boolean NOT NULL,
  next_fire_at     bigint,
  last_fire_at     bigint,
  fire_count       bigint  NOT NULL,
  misfire_count    bigint  NOT NULL,
  misfire_grace_ms bigint,
  coalesce_policy  text    NOT NULL,
  max_catch_up     integer NOT NULL,
  overlap_policy   text    NOT NULL,
  lease_owner      text,
  lease_until      bigint,
  created_at       bigint  NOT NULL,
  updated_at       bigint  NOT NULL,
  PRIMARY KEY (namespace, id)
);

CREATE INDEX schedules_due_idx ON :SCHEMA.schedules (next_fire_at) WHERE NOT paused AND next_fire_at IS NOT NULL;
