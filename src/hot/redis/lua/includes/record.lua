-- Job records in the jobs hash (line format in state-line.lua). Needs `key` with jobs, delayed, ready,
-- active, quarantine. Field values are text; compare numbers with tonumber.

--@include "state-line"

local PRIORITY_SPAN = 4398046511104 -- 2^42: priority first, then runAt
local FINAL_STATE = { d = true, f = true, c = true }

-- Records moved aside during this script: { id, reason, raw (cut) } triples for the caller's events.
local quarantined = {}

local function quarantine(id, raw, reason, now)
  redis.call('HSET', key.quarantine, id, cjson.encode({ raw = raw, reason = reason, at = now }))
  redis.call('HDEL', key.jobs, id)
  redis.call('ZREM', key.delayed, id)
  redis.call('ZREM', key.ready, id)
  redis.call('ZREM', key.active, id)
  quarantined[#quarantined + 1] = id
  quarantined[#quarantined + 1] = reason
  quarantined[#quarantined + 1] = string.sub(raw, 1, 4096)
end

-- The fields and tail of a job, or nil when absent or malformed (then quarantined).
local function load_job(id, now)
  local raw = redis.call('HGET', key.jobs, id)
  if not raw then
    return nil
  end
  local h, tail = parse_record(raw)
  if not h then
    quarantine(id, raw, tail, now)
    return nil
  end
  return h, tail
end

-- A transition: +1 version, updatedAt = now (as the caller's text).
local function touch(h, now_text)
  h.v = h.v + 1
  h.u = now_text
end

-- Writes the record; returns lines 1-4 (the change log reuses them).
local function save_job(id, h, tail)
  local text = mutable_text(h)
  redis.call('HSET', key.jobs, id, text .. '\n' .. tail)
  return text
end

-- Numbers as Redis arguments, exactly (a bare Lua number would go through %.14g).
local function fmt(n)
  return string.format('%.17g', n)
end

local function ready_score(h)
  if h.P == '' then
    return h.t
  end
  return fmt(tonumber(h.P) * PRIORITY_SPAN + tonumber(h.t))
end

-- Puts a waiting job in delayed (runAt ahead) or ready, setting its stored state to match.
local function index_waiting(id, h, now)
  if tonumber(h.t) > now then
    h.s = 's'
    redis.call('ZADD', key.delayed, h.t, id)
  else
    h.s = 'q'
    redis.call('ZADD', key.ready, ready_score(h), id)
  end
end

local function unindex_waiting(id)
  redis.call('ZREM', key.delayed, id)
  redis.call('ZREM', key.ready, id)
end

local function failure_json(message, name, code)
  return cjson.encode({ message = message, name = name, code = code, stack = cjson.null, retryable = false })
end
