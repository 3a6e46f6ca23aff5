--[[
  Hands jobs back to the store once their changes are flushed: removes each job that is final, or
  waiting (scheduled, paused) with runAt beyond the horizon, and whose version is at most the one the
  store has. A job with a newer, unflushed version, or live within the horizon, stays. ack-changes
  does the same for the jobs of the batch it acknowledges; this is for the reconciler and for tools.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] quarantine  hash    job id → malformed record

    ARGV[1] now           epoch ms
    ARGV[2] horizonUntil  now + horizon
    ARGV[3...]            id, version pairs

  Output:
    { quarantined, then per job: code }
    code 1: retired; 0: kept, live; 2: kept, newer version; -1: not in Redis
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], quarantine = KEYS[5],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "retire-job"

local now = tonumber(ARGV[1])
local horizon_until = tonumber(ARGV[2])
local out = { quarantined }
for i = 3, #ARGV, 2 do
  out[#out + 1] = retire_job(ARGV[i], tonumber(ARGV[i + 1]), now, horizon_until)
end
return out
