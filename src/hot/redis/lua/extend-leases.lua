--[[
  Heartbeat: extends the leases a worker still holds on jobs of one queue. A lease is held while the
  job is running under that worker and attempt (the fencing token); anything else (cancelled, paused,
  deleted, finished, reaped and claimed again) is reported lost so the worker aborts the handler.
  Extending is not a transition: no change record, only the active zset's score moves.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    (for quarantine)
    KEYS[3] ready       zset    (for quarantine)
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] quarantine  hash    job id → malformed record

    ARGV[1] now         epoch ms
    ARGV[2] workerId    the lease owner
    ARGV[3] leaseMs     new lease length from now
    ARGV[4...]          id, attempt pairs

  Output:
    { quarantined, lost job ids... }
]]
local key = { jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], quarantine = KEYS[5] }

--@include "batch"
--@include "record"

local now = tonumber(ARGV[1])
local worker = ARGV[2]
local lease = fmt(now + tonumber(ARGV[3]))
local out = { quarantined }
local extended = {}

for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  local h = load_job(id, now)
  if h and h.s == 'r' and h.w == worker and tonumber(h.a) == tonumber(ARGV[i + 1]) then
    extended[#extended + 1] = lease
    extended[#extended + 1] = id
  else
    out[#out + 1] = id
  end
end

call_many('ZADD', key.active, extended)
return out
