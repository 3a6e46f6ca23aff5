-- One job's row with its tier columns. $1 namespace, $2 id.
SELECT * FROM :SCHEMA.jobs WHERE namespace = $1::text AND id = $2::text
