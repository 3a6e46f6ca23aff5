-- Job records: `<header JSON>\n<payload JSON>` in the jobs hash (see record-codec.ts for the header's
-- field names). Needs `key` with jobs, delayed, ready, active, retirable, quarantine.

local PRIORITY_SPAN = 4398046511104 -- 2^42: priority first, then runAt
local VALID_STATE = { s = true, q = true, r = true, p = true, d = true, f = true, c = true }
local FINAL_STATE = { d = true, f = true, c = true }

-- Records moved aside during this script: { id, reason, raw (cut) } triples for the caller's events.
local quarantined = {}

local function quarantine(id, raw, reason, now)
  redis.call('HSET', key.quarantine, id, cjson.encode({ raw = raw, reason = reason, at = now }))
  redis.call('HDEL', key.jobs, id)
  redis.call('ZREM', key.delayed, id)
  redis.call('ZREM', key.ready, id)
  redis.call('ZREM', key.active, id)
  redis.call('ZREM', key.retirable, id)
  quarantined[#quarantined + 1] = id
  quarantined[#quarantined + 1] = reason
  quarantined[#quarantined + 1] = string.sub(raw, 1, 4096)
end

-- The header table and payload text of a job, or nil when absent or malformed (then quarantined).
local function load_job(id, now)
  local raw = redis.call('HGET', key.jobs, id)
  if not raw then
    return nil
  end
  local cut = string.find(raw, '\n', 1, true)
  if not cut then
    quarantine(id, raw, 'record has no payload', now)
    return nil
  end
  local ok, h = pcall(cjson.decode, string.sub(raw, 1, cut - 1))
  if not ok or type(h) ~= 'table' or not VALID_STATE[h.s] or type(h.a) ~= 'number' or type(h.v) ~= 'number'
    or type(h.t) ~= 'number' or type(h.m) ~= 'number' or type(h.h) ~= 'string' then
    quarantine(id, raw, 'header is not a valid record header', now)
    return nil
  end
  return h, string.sub(raw, cut + 1)
end

-- A transition: +1 version, updatedAt = now.
local function touch(h, now)
  h.v = h.v + 1
  h.u = now
end

-- Writes the record; returns the header text (the change log reuses it).
local function save_job(id, h, payload)
  local header = cjson.encode(h)
  redis.call('HSET', key.jobs, id, header .. '\n' .. payload)
  return header
end

-- Numbers as Redis arguments, exactly (a bare Lua number would go through %.14g).
local function fmt(n)
  return string.format('%.17g', n)
end

local function ready_score(h)
  return fmt((h.P or 0) * PRIORITY_SPAN + h.t)
end

-- Puts a waiting job in delayed (runAt ahead) or ready, setting its stored state to match; a job now
-- due beyond the horizon is also marked retirable (the store should own it).
local function index_waiting(id, h, now, horizon_until)
  if h.t > now then
    h.s = 's'
    redis.call('ZADD', key.delayed, fmt(h.t), id)
  else
    h.s = 'q'
    redis.call('ZADD', key.ready, ready_score(h), id)
  end
  if horizon_until and h.t > horizon_until then
    redis.call('ZADD', key.retirable, fmt(now), id)
  end
end

local function unindex_waiting(id)
  redis.call('ZREM', key.delayed, id)
  redis.call('ZREM', key.ready, id)
end

local function failure_json(message, name, code)
  return cjson.encode({ message = message, name = name, code = code, stack = cjson.null, retryable = false })
end
