--[[
  Lists running jobs of one queue whose lease has expired (leaseUntil <= now), oldest lease first.
  Read only (a malformed record is skipped here; the reaper quarantines it).

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] active      zset    job id, score leaseUntil

    ARGV[1] now         epoch ms
    ARGV[2] limit       at most this many

  Output:
    { {}, then per lease: id, attempt, leaseOwner (or empty), leaseUntil }
]]
--@include "state-line"

local out = { {} }
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #expired, 2 do
  local raw = redis.call('HGET', KEYS[1], expired[i])
  local h = raw and parse_record(raw)
  if h then
    out[#out + 1] = expired[i]
    out[#out + 1] = h.a
    out[#out + 1] = h.w
    out[#out + 1] = expired[i + 1]
  end
end
return out
