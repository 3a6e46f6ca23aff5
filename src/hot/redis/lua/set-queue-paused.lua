--[[
  Pauses or resumes a queue: a paused queue keeps accepting jobs, and claim takes none from it.

  Input:
    KEYS[1] meta        hash    queue settings: paused, concurrency
    KEYS[2] wake        channel wake-up hints (SPUBLISH): resuming wakes sleeping workers

    ARGV[1] paused      1 to pause, 0 to resume

  Output:
    { {}, 1 }
]]
if ARGV[1] == '1' then
  redis.call('HSET', KEYS[1], 'paused', '1')
elseif redis.call('HDEL', KEYS[1], 'paused') == 1 then
  redis.call('SPUBLISH', KEYS[2], '0')
end
return { {}, 1 }
