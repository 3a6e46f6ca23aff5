-- $1 namespace, $2 id.
SELECT * FROM :SCHEMA.schedules WHERE namespace = $1::text AND id = $2::text
