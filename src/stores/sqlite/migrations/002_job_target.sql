-- tickwork SQLite schema, version 2: HTTP-target jobs.
--
-- An HTTP-target job (handler `http`) keeps its request (url, headers) in `target`, JSON; null for
-- every other job. Written once with the job and never changed, so no index and no trigger on it.
ALTER TABLE jobs ADD COLUMN target TEXT;
