--[[
  Reads jobs of one queue: each record with its lease (the active score). Read only; a record the
  caller cannot decode is quarantined by quarantine.lua.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] active      zset    job id, score leaseUntil

    ARGV[1...]          job ids

  Output:
    { {}, then per id: record (or empty), leaseUntil (or empty) }
]]
local key = { jobs = KEYS[1], active = KEYS[2] }

local out = { {} }
for i = 1, #ARGV do
  out[#out + 1] = redis.call('HGET', key.jobs, ARGV[i]) or ''
  out[#out + 1] = redis.call('ZSCORE', key.active, ARGV[i]) or ''
end
return out
