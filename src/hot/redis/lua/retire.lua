--[[
  Hands jobs back to the store once their changes are flushed: removes each job that is final, or
  waiting (scheduled, paused) with runAt beyond the horizon, and whose version is at most the one the
  store has. A job with a newer, unflushed version, or live within the horizon, stays. Retiring is
  the end of the job's stint in Redis, not a transition of the job: nothing is logged.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] retirable   zset    job id, score when it became retirable
    KEYS[6] log         stream  change log
    KEYS[7] quarantine  hash    job id → malformed record

    ARGV[1] now           epoch ms
    ARGV[2] horizonUntil  now + horizon
    ARGV[3...]            id, version pairs

  Output:
    { quarantined, then per job: code }
    code 1: retired; 0: kept, live; 2: kept, newer version; -1: not in Redis
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4],
  retirable = KEYS[5], log = KEYS[6], quarantine = KEYS[7],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "change-log"

local now = tonumber(ARGV[1])
local horizon_until = tonumber(ARGV[2])
local out = { quarantined }
local removed = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local h = load_job(id, now)
  if not h then
    removed[#removed + 1] = id
    out[#out + 1] = NOT_FOUND
  elseif tonumber(h.v) > tonumber(ARGV[i + 1]) then
    out[#out + 1] = 2
  elseif FINAL_STATE[h.s] or ((h.s == 's' or h.s == 'p') and tonumber(h.t) > horizon_until) then
    removed[#removed + 1] = id
    redis.call('HDEL', key.jobs, id)
    unindex_waiting(id)
    out[#out + 1] = OK
  else
    removed[#removed + 1] = id -- live within the horizon: no longer a candidate
    out[#out + 1] = UNCHANGED
  end
end
call_many('ZREM', key.retirable, removed)
return out
