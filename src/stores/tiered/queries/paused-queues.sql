-- Queues paused in the store (the reconciler re-applies them to Redis after a data loss).
SELECT namespace, queue FROM :SCHEMA.queues WHERE paused
