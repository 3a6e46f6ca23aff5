--[[
  Hands one waiting job (scheduled, queued, paused) back to the store: removes it from the hash and
  its index and returns its record, logging nothing — the caller writes the returned state (with its
  version) to the store as the store's own. This is the handoff a person's change to a waiting hot
  job goes through (update, pause, resume, cancel), so the store applies its rules to the job itself.
  A running or final job is refused (cancel or finish it in Redis; final jobs retire after the flush).

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil (touched only to quarantine)
    KEYS[5] quarantine  hash    job id → malformed record

    ARGV[1] now         epoch ms
    ARGV[2] id          job id

  Output:
    { quarantined, code, record (or the state code when refused) }
    code 1: removed; -1: no such job; -2: running or final (state code follows)
]]
local key = { jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], quarantine = KEYS[5] }

--@include "codes"
--@include "batch"
--@include "record"

local now = tonumber(ARGV[1])
local id = ARGV[2]
local h = load_job(id, now)
if not h then
  return { quarantined, NOT_FOUND }
end
if h.s ~= 's' and h.s ~= 'q' and h.s ~= 'p' then
  return { quarantined, INVALID_STATE, h.s }
end
local raw = redis.call('HGET', key.jobs, id)
redis.call('HDEL', key.jobs, id)
unindex_waiting(id)
return { quarantined, OK, raw }
