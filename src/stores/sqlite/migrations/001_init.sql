-- tickwork SQLite schema, version 1.
--
-- Job states are small integers (row-mapping.ts holds the table): 0 scheduled, 1 queued, 2 running,
-- 3 succeeded, 4 failed, 5 cancelled, 6 paused. Claimable = (0, 1); live = (0, 1, 2, 6).
-- Times are epoch milliseconds. JSON columns hold JSON text.
--
-- A job's history lives in its own row (`history`), one line per event, appended by the statement
-- that makes the transition: no second table, no second index, no extra pages per commit. Measured
-- on the 2-core test machine, a separate job_events table (rowid + index on job) cost three inserts
-- and six b-tree writes per job end to end; see README.md for the figures.

CREATE TABLE jobs (
  seq            INTEGER PRIMARY KEY,   -- the rowid: insertion order, and the compact reference of job_events
  namespace      TEXT    NOT NULL,
  id             TEXT    NOT NULL,
  queue          TEXT    NOT NULL,
  handler        TEXT    NOT NULL,
  payload        TEXT    NOT NULL,      -- JSON
  state          INTEGER NOT NULL,
  priority       INTEGER NOT NULL,
  run_at         INTEGER NOT NULL,
  attempt        INTEGER NOT NULL,
  max_attempts   INTEGER NOT NULL,
  backoff_type   INTEGER NOT NULL,      -- 0 fixed, 1 exponential
  backoff_delay  INTEGER NOT NULL,
  backoff_max    INTEGER NOT NULL,
  backoff_jitter REAL    NOT NULL,
  timeout_ms     INTEGER,
  job_key        TEXT,
  schedule_id    TEXT,
  fire_time      INTEGER,
  deadline       INTEGER,
  progress       TEXT,                  -- JSON
  result         TEXT,                  -- JSON
  error          TEXT,                  -- JSON (JobFailure)
  stalls         INTEGER NOT NULL,
  paused_from    INTEGER,               -- state code a paused job resumes to
  lease_owner    TEXT,
  lease_until    INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  started_at     INTEGER,
  finished_at    INTEGER,
  history        TEXT    NOT NULL       -- events, one per line: [type, state, attempt, at, runAt, data]
);

-- Ids are unique per namespace; (id, namespace) also serves worker-side lookups by id alone.
CREATE UNIQUE INDEX jobs_id ON jobs (id, namespace);
-- Claiming: per priority, earliest runAt first (the rowid breaks ties: insertion order).
CREATE INDEX jobs_claimable ON jobs (priority, run_at) WHERE state IN (0, 1);
-- Listing newest first within a namespace.
CREATE INDEX jobs_created ON jobs (namespace, created_at, id);
-- Live means `finished_at IS NULL` in these two: the same set as state IN (0, 1, 2, 6) (a job gets its
-- finished_at on reaching succeeded, failed or cancelled, and loses it only when retried), but a
-- claim does not write finished_at, so SQLite leaves these indexes alone on the hottest update. Keyed
-- on state, claiming and finishing 100 keyed jobs wrote 79 WAL pages each; keyed on finished_at, the
-- claim writes 11 (as for unkeyed jobs).
-- At most one live job holds a key in a namespace.
CREATE UNIQUE INDEX jobs_live_key ON jobs (namespace, job_key) WHERE job_key IS NOT NULL AND finished_at IS NULL;
-- Live occurrences of a schedule (overlap policies).
CREATE INDEX jobs_live_occurrences ON jobs (namespace, schedule_id) WHERE schedule_id IS NOT NULL AND finished_at IS NULL;
-- Reaping expired leases.
CREATE INDEX jobs_running ON jobs (lease_until) WHERE state = 2;

CREATE TABLE queues (
  namespace TEXT    NOT NULL,
  queue     TEXT    NOT NULL,
  paused    INTEGER NOT NULL,
  PRIMARY KEY (namespace, queue)
) WITHOUT ROWID;

CREATE TABLE schedules (
  namespace        TEXT    NOT NULL,
  id               TEXT    NOT NULL,
  trigger_spec     TEXT    NOT NULL,    -- JSON TriggerSpec
  trigger_state    TEXT    NOT NULL,    -- JSON TriggerState
  job              TEXT    NOT NULL,    -- JSON JobTemplate
  paused           INTEGER NOT NULL,
  next_fire_at     INTEGER,
  last_fire_at     INTEGER,
  fire_count       INTEGER NOT NULL,
  misfire_count    INTEGER NOT NULL,
  misfire_grace_ms INTEGER,
  coalesce_policy  TEXT    NOT NULL,
  max_catch_up     INTEGER NOT NULL,
  overlap_policy   TEXT    NOT NULL,
  lease_owner      TEXT,
  lease_until      INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (namespace, id)
);

CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE paused = 0 AND next_fire_at IS NOT NULL;
CREATE INDEX schedules_leased ON schedules (lease_until) WHERE lease_owner IS NOT NULL;
