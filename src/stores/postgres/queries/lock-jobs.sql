-- Reads jobs of one namespace and locks them for the rest of the transaction. $1 namespace, $2 ids.
-- Ordered by id so two transactions locking overlapping sets cannot deadlock.
SELECT * FROM :SCHEMA.jobs WHERE namespace = $1::text AND id = ANY ($2::text[]) ORDER BY id FOR UPDATE
