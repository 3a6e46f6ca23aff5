-- The schedules among ($2, $3) still leased to scheduler $1, locked until the release commits.
SELECT s.*
FROM :SCHEMA.schedules s
JOIN unnest($2::text[], $3::text[]) AS r (namespace, id) ON s.namespace = r.namespace AND s.id = r.id
WHERE s.lease_owner = $1::text
ORDER BY s.namespace, s.id
FOR UPDATE OF s
