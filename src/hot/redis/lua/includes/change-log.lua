-- The change log: every transition adds one record to the queue's stream in the same script. All
-- records of one script go into one stream entry (field = job id, value = record): one XADD per step
-- instead of one per job. A record is `<type>|<leaseUntil or empty>|<record lines 1-4>`, followed by
-- `\n<lines 5-6>` (body, payload) when the whole job travels (job.added, job.updated); decoded by
-- change-codec.ts. Needs `key.log`; the consumer group is created with the stream.

local changes = {}

local function log_raw(id, value)
  changes[#changes + 1] = id
  changes[#changes + 1] = value
end

local function log_change(kind, id, lease, text, tail)
  local value = kind .. '|' .. (lease or '') .. '|' .. text
  if tail then
    value = value .. '\n' .. tail
  end
  changes[#changes + 1] = id
  changes[#changes + 1] = value
end

local function flush_changes()
  if #changes == 0 then
    return
  end
  if redis.call('EXISTS', key.log) == 0 then
    redis.call('XGROUP', 'CREATE', key.log, 'flush', '$', 'MKSTREAM')
  end
  -- Entries of at most 2000 records keep each XADD within unpack's limit.
  local i = 1
  while i <= #changes do
    local last = math.min(i + 3999, #changes)
    redis.call('XADD', key.log, '*', unpack(changes, i, last))
    i = last + 1
  end
end
