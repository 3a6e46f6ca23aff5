--[[
  Records the progress of a held attempt (fenced by worker and attempt) and logs `job.progress`.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    (for quarantine)
    KEYS[3] ready       zset    (for quarantine)
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record

    ARGV[1] now         epoch ms
    ARGV[2] id          job id
    ARGV[3] attempt     the fencing token
    ARGV[4] workerId    the lease owner
    ARGV[5] progress    JSON text

  Output:
    { quarantined, code }  code 1: recorded; -3: the lease is not held; -1: no such job
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
local h, tail = load_job(id, now)
if not h then
  return { quarantined, NOT_FOUND }
end
if h.s ~= 'r' or h.w ~= ARGV[4] or tonumber(h.a) ~= tonumber(ARGV[3]) then
  return { quarantined, STALE_LEASE }
end
h.g = ARGV[5]
touch(h, ARGV[1])
local text = save_job(id, h, tail)
log_change('progress', id, redis.call('ZSCORE', key.active, id), text)
flush_changes()
return { quarantined, OK }
