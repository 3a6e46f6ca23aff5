--[[
  Sets a queue's concurrency limit: claim never lets more than this many of its jobs run at once,
  across all workers (the active zset is the count).

  Input:
    KEYS[1] meta        hash    queue settings: paused, concurrency
    KEYS[2] wake        channel wake-up hints (SPUBLISH): a new limit may leave room

    ARGV[1] limit       a whole number >= 0, or empty to remove the limit

  Output:
    { {}, 1 }
]]
if ARGV[1] == '' then
  redis.call('HDEL', KEYS[1], 'concurrency')
else
  redis.call('HSET', KEYS[1], 'concurrency', ARGV[1])
end
redis.call('SPUBLISH', KEYS[2], '0')
return { {}, 1 }
