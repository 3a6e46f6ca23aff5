-- 002: HTTP-target jobs.
-- An HTTP-target job (handler `http`) keeps its request (url, headers) in `target`; null for every
-- other job. Written once with the job and never changed: no index. Adding a nullable column without
-- a default is a catalog-only change (no table rewrite, a brief lock).

ALTER TABLE :SCHEMA.jobs ADD COLUMN target json;
