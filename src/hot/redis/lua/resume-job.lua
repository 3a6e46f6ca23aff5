--[[
  Resumes one paused job: back to scheduled (runAt ahead, delayed index) or queued (ready index). A
  live unpaused job is returned unchanged; a final one is refused.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] wake        channel wake-up hints (SPUBLISH)

    ARGV[1] now         epoch ms
    ARGV[2] id          job id

  Output:
    { quarantined, code, record (or the state code when refused), leaseUntil or empty }
    code 1: resumed; 0: unchanged; -1: no such job; -2: not allowed in this state
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4],
  log = KEYS[5], quarantine = KEYS[6], wake = KEYS[7],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "change-log"
--@include "wake"

local now = tonumber(ARGV[1])
local id = ARGV[2]
local h, tail = load_job(id, now)
if not h then
  return { quarantined, NOT_FOUND }
end
if FINAL_STATE[h.s] then
  return { quarantined, INVALID_STATE, h.s }
end
if h.s ~= 'p' then
  return { quarantined, UNCHANGED, mutable_text(h) .. '\n' .. tail, redis.call('ZSCORE', key.active, id) or '' }
end
h.pf = ''
index_waiting(id, h, now)
wake(h.s == 's' and tonumber(h.t) or 0)
touch(h, ARGV[1])
local text = save_job(id, h, tail)
log_change('resumed', id, nil, text)
flush_changes()
publish_wake()
return { quarantined, OK, text .. '\n' .. tail, '' }
