-- Multi-member commands in chunks: `unpack` is limited by Lua's C stack (~8000 values), and one call
-- per chunk is much cheaper than one call per member.
local CHUNK = 4000

local function call_many(command, target, values)
  local i = 1
  while i <= #values do
    local last = math.min(i + CHUNK - 1, #values)
    redis.call(command, target, unpack(values, i, last))
    i = last + 1
  end
end

