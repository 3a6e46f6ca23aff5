--[[
  When a claim on this queue could next take a job: `now` when ready jobs wait and the concurrency
  limit leaves room, else the earliest delayed runAt; nothing when the queue is paused, empty, or at
  its concurrency limit (a finish frees room; the caller's wake-up or sleep cap covers it).

  Input:
    KEYS[1] delayed     zset    job id, score runAt
    KEYS[2] ready       zset    job id, score priority·2^42 + runAt
    KEYS[3] active      zset    job id, score leaseUntil
    KEYS[4] meta        hash    queue settings: paused, concurrency

    ARGV[1] now         epoch ms

  Output:
    { {}, epoch ms as text, or empty }
]]
if redis.call('HGET', KEYS[4], 'paused') == '1' then
  return { {}, '' }
end
local concurrency = tonumber(redis.call('HGET', KEYS[4], 'concurrency') or '')
if concurrency and redis.call('ZCARD', KEYS[3]) >= concurrency then
  return { {}, '' }
end
if redis.call('ZCARD', KEYS[2]) > 0 then
  return { {}, ARGV[1] }
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { {}, first[2] or '' }
