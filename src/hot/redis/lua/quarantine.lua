--[[
  Moves a record the caller could not decode to the quarantine hash, out of every index, if it is still
  the same record (compare-and-move: a concurrent rewrite is left alone).

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] quarantine  hash    job id → JSON { raw, reason, at }

    ARGV[1] now         epoch ms
    ARGV[2] id          job id
    ARGV[3] raw         the record as the caller read it
    ARGV[4] reason      why it is malformed

  Output:
    { quarantined (the moved record, when moved) }
]]
local key = { jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], quarantine = KEYS[5] }

--@include "record"

if redis.call('HGET', key.jobs, ARGV[2]) == ARGV[3] then
  quarantine(ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[1]))
end
return { quarantined }
