--[[
  Acknowledges change log entries the flusher has written to the store, and deletes them: a flushed
  change needs no memory in Redis.

  Input:
    KEYS[1] log         stream  change log (consumer group `flush`)

    ARGV[1...]          entry ids

  Output:
    { {}, entries acknowledged }
]]
local key = { log = KEYS[1] }

--@include "batch"

local acked = 0
local i = 1
while i <= #ARGV do
  local last = math.min(i + CHUNK - 1, #ARGV)
  acked = acked + redis.call('XACK', key.log, 'flush', unpack(ARGV, i, last))
  redis.call('XDEL', key.log, unpack(ARGV, i, last))
  i = last + 1
end
return { {}, acked }
