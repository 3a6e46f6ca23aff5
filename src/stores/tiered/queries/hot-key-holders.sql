-- Live hot jobs holding one of these keys. $1 namespace, $2 keys.
SELECT * FROM :SCHEMA.jobs
WHERE namespace = $1::text AND key = ANY ($2::text[]) AND hot AND state IN ('scheduled', 'queued', 'running', 'paused')
