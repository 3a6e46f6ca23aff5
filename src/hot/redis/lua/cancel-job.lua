--[[
  Cancels one job in any live state. A running job's lease is voided (out of the active zset, no
  owner): its worker's next heartbeat reports the job lost, and its outcome is rejected as stale.
  A cancelled job is returned unchanged; a succeeded or failed one is refused. The job leaves Redis
  once the flusher has written it (ack-changes retires it).

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
    { quarantined, code, record (or the state code when refused), leaseUntil or empty }
    code 1: cancelled; 0: unchanged; -1: no such job; -2: not allowed in this state
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
if h.s == 'c' then
  return { quarantined, UNCHANGED, mutable_text(h) .. '\n' .. tail, '' }
end
if h.s == 'd' or h.s == 'f' then
  return { quarantined, INVALID_STATE, h.s }
end
unindex_waiting(id)
redis.call('ZREM', key.active, id)
h.s = 'c'
h.cr = 'cancelled'
h.w = ''
h.pf = ''
h.fi = ARGV[1]
touch(h, ARGV[1])
local text = save_job(id, h, tail)
log_change('cancelled', id, nil, text)
flush_changes()
return { quarantined, OK, text .. '\n' .. tail, '' }
