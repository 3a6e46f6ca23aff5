-- Serialises writers of the same job keys until the transaction ends: the key check and the write that
-- follows it cannot interleave with another transaction's. Sorted to rule out deadlocks.
-- $1 namespace, $2 keys.
SELECT pg_advisory_xact_lock(hashtextextended('tickwork.key:' || $1::text || ':' || k, 0))
FROM (SELECT DISTINCT unnest($2::text[]) AS k ORDER BY 1) AS keys
