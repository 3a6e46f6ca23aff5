--[[
  The flusher's commit: acknowledges change log entries it has written to the store, deletes them
  (a flushed change needs no memory in Redis), and in the same step hands back the jobs those changes
  made retirable: each job that is final, or waiting beyond the horizon, and whose version is at most
  the flushed one leaves Redis (as in retire.lua). One step, so no job is ever flushed and acked but
  left behind.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log (consumer group `flush`)
    KEYS[6] quarantine  hash    job id → malformed record

    ARGV[1] now           epoch ms
    ARGV[2] horizonUntil  now + horizon
    ARGV[3] entries       how many entry ids follow
    ARGV[4...]            entry ids, then id, version pairs of the jobs to retire

  Output:
    { quarantined, entries acknowledged, jobs retired }
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], log = KEYS[5], quarantine = KEYS[6],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "retire-job"

local now = tonumber(ARGV[1])
local horizon_until = tonumber(ARGV[2])
local last_entry = 3 + tonumber(ARGV[3])

local acked = 0
local i = 4
while i <= last_entry do
  local last = math.min(i + CHUNK - 1, last_entry)
  acked = acked + redis.call('XACK', key.log, 'flush', unpack(ARGV, i, last))
  redis.call('XDEL', key.log, unpack(ARGV, i, last))
  i = last + 1
end

local retired = 0
for j = last_entry + 1, #ARGV, 2 do
  if retire_job(ARGV[j], tonumber(ARGV[j + 1]), now, horizon_until) == OK then
    retired = retired + 1
  end
end
return { quarantined, acked, retired }
