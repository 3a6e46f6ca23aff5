--[[
  Moves up to `limit` due delayed jobs (runAt <= now) of one queue to ready. Not a transition (a due
  scheduled job is reported queued without a write), so nothing is logged. `claim` does this first.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    (for quarantine)
    KEYS[5] quarantine  hash    job id → malformed record

    ARGV[1] now         epoch ms
    ARGV[2] limit       jobs to move at most

  Output:
    { quarantined, moved }
]]
local key = { jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4], quarantine = KEYS[5] }

--@include "batch"
--@include "record"
--@include "move-due"

local moved = move_due(tonumber(ARGV[1]), tonumber(ARGV[2]))
return { quarantined, moved }
