-- The live jobs holding any of these keys in one namespace, locked. $1 namespace, $2 keys.
SELECT *
FROM :SCHEMA.jobs
WHERE namespace = $1::text AND key = ANY ($2::text[]) AND state IN ('scheduled', 'queued', 'running', 'paused')
ORDER BY id
FOR UPDATE
