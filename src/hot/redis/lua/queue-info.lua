--[[
  Counts of one queue, read in one step so they agree with each other.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] retirable   zset    job id, score when it became retirable
    KEYS[6] log         stream  change log
    KEYS[7] quarantine  hash    job id → malformed record
    KEYS[8] meta        hash    queue settings: paused, concurrency

  Output:
    { {}, paused (0/1), concurrency (-1: none), total, delayed, ready, running, retirable, quarantined,
      log entries }
]]
local log_entries = 0
if redis.call('EXISTS', KEYS[6]) == 1 then
  log_entries = redis.call('XLEN', KEYS[6])
end
return {
  {},
  redis.call('HGET', KEYS[8], 'paused') == '1' and 1 or 0,
  tonumber(redis.call('HGET', KEYS[8], 'concurrency') or '-1'),
  redis.call('HLEN', KEYS[1]),
  redis.call('ZCARD', KEYS[2]),
  redis.call('ZCARD', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5]),
  redis.call('HLEN', KEYS[7]),
  log_entries,
}
