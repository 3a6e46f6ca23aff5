--[[
  Deletes one job in any state (a running one loses its lease as in cancel-job) and logs
  `job.deleted` (with the job's last state, version + 1) so the flusher deletes it from the store.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record

    ARGV[1] now         epoch ms
    ARGV[2] id          job id

  Output:
    { quarantined, code }  code 1: deleted; -1: no such job
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3],
  active = KEYS[4], log = KEYS[5], quarantine = KEYS[6],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "change-log"

local now = tonumber(ARGV[1])
local id = ARGV[2]
local h = load_job(id, now)
if not h then
  return { quarantined, NOT_FOUND }
end
redis.call('HDEL', key.jobs, id)
unindex_waiting(id)
redis.call('ZREM', key.active, id)
touch(h, ARGV[1])
h.w = ''
log_change('deleted', id, nil, mutable_text(h))
flush_changes()
return { quarantined, OK }
