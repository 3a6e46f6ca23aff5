--[[
  Counts of one queue, read in one step so they agree with each other.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] meta        hash    queue settings: paused, concurrency

  Output:
    { {}, paused (0/1), concurrency (-1: none), total, delayed, ready, running, quarantined, log entries }
]]
local log_entries = 0
if redis.call('EXISTS', KEYS[5]) == 1 then
  log_entries = redis.call('XLEN', KEYS[5])
end
return {
  {},
  redis.call('HGET', KEYS[7], 'paused') == '1' and 1 or 0,
  tonumber(redis.call('HGET', KEYS[7], 'concurrency') or '-1'),
  redis.call('HLEN', KEYS[1]),
  redis.call('ZCARD', KEYS[2]),
  redis.call('ZCARD', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('HLEN', KEYS[6]),
  log_entries,
}
