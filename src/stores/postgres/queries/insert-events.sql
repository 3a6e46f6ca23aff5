-- Appends events to jobs' histories, in array order. $1.. one array per column.
INSERT INTO :SCHEMA.job_events (namespace, job_id, type, queue, handler, state, attempt, at, run_at, data)
SELECT *
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::bigint[],
            $9::bigint[], $10::json[])
