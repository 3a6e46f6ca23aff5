-- Where jobs live, by id alone (worker calls that name a job without its namespace). $1 ids.
SELECT namespace, id, queue, hot FROM :SCHEMA.jobs WHERE id = ANY ($1::text[])
