--[[
  Lists jobs of one queue that may leave Redis once flushed (final, or rescheduled beyond the
  horizon), oldest first, with their current version: the reconciler checks the store has that
  version, then retires them.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] retirable   zset    job id, score when it became retirable

    ARGV[1] limit       at most this many

  Output:
    { {}, then per job: id, version }
]]
--@include "state-line"

local out = { {} }
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[1]) - 1)) do
  local raw = redis.call('HGET', KEYS[1], id)
  local h = raw and parse_record(raw)
  if h then
    out[#out + 1] = id
    out[#out + 1] = h.v
  end
end
return out
