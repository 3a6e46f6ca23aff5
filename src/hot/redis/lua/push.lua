--[[
  Writes a batch of jobs into one queue, idempotent by job id. The caller has decided each job's
  placement from its runAt and `now` (ready, delayed, or unindexed when paused) and encoded its record
  and its `job.added` change record, so this script parses nothing: one HSETNX per job, then one
  ZADD per index and one XADD for the whole batch.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] log         stream  change log
    KEYS[5] active      zset    job id, score leaseUntil (read for an existing job)
    KEYS[6] wake        channel wake-up hints (SPUBLISH)

    ARGV[1] count       number of jobs; then five slots per job, from ARGV[2]:
    ARGV[+0] id
    ARGV[+1] placement  `w` ready, `d` delayed, `p` paused (in no index)
    ARGV[+2] score      the score in that index (empty when paused)
    ARGV[+3] record     the job's record (six lines, see includes/state-line.lua)
    ARGV[+4] change     the `job.added` change record

  Output:
    { quarantined (always empty here), then per job: code, existing record, its leaseUntil }
    code 1: written (record and lease empty); code 0: the id was there already
]]
local key = { jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], log = KEYS[4], active = KEYS[5], wake = KEYS[6] }

--@include "batch"
--@include "change-log"
--@include "wake"

local count = tonumber(ARGV[1])
local out = { {} }
local delayed, ready = {}, {}

for j = 0, count - 1 do
  local base = 2 + j * 5
  local id = ARGV[base]
  if redis.call('HSETNX', key.jobs, id, ARGV[base + 3]) == 1 then
    local placement = ARGV[base + 1]
    if placement == 'w' then
      ready[#ready + 1] = ARGV[base + 2]
      ready[#ready + 1] = id
      wake(0)
    elseif placement == 'd' then
      delayed[#delayed + 1] = ARGV[base + 2]
      delayed[#delayed + 1] = id
      wake(tonumber(ARGV[base + 2]))
    end
    log_raw(id, ARGV[base + 4])
    out[#out + 1] = 1
    out[#out + 1] = ''
    out[#out + 1] = ''
  else
    out[#out + 1] = 0
    out[#out + 1] = redis.call('HGET', key.jobs, id)
    out[#out + 1] = redis.call('ZSCORE', key.active, id) or ''
  end
end

call_many('ZADD', key.ready, ready)
call_many('ZADD', key.delayed, delayed)
flush_changes()
publish_wake()
return out
