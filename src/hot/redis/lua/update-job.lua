--[[
  Changes a waiting job (scheduled, queued, paused): priority, runAt, maxAttempts, backoff, timeoutMs,
  payload. A new runAt or priority re-indexes it (a paused job only records which state it resumes
  to). A job whose runAt moves beyond the horizon goes back to the store once the flusher has written
  its `job.updated` (ack-changes retires it). Running and final jobs are refused. Logs `job.updated`
  with the whole job.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] wake        channel wake-up hints (SPUBLISH)

    ARGV[1] now         epoch ms
    ARGV[2] id          job id
    ARGV[3] patch       fields to set, JSON: P, t, m (state line), b, o (body; o null removes it)
    ARGV[4] hasPayload  1 when ARGV[5] replaces the payload
    ARGV[5] payload     JSON text

  Output:
    { quarantined, code, record (or the state code when refused), leaseUntil or empty }
    code 1: updated; -1: no such job; -2: not allowed in this state
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4],
  log = KEYS[5], quarantine = KEYS[6], wake = KEYS[7],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "change-log"
--@include "wake"

local now = tonumber(ARGV[1])
local id = ARGV[2]
local h, tail = load_job(id, now)
if not h then
  return { quarantined, NOT_FOUND }
end
if h.s ~= 's' and h.s ~= 'q' and h.s ~= 'p' then
  return { quarantined, INVALID_STATE, h.s }
end
local cut = string.find(tail, '\n', 1, true)
local body, payload = string.sub(tail, 1, cut - 1), string.sub(tail, cut + 1)
local patch = cjson.decode(ARGV[3])
if patch.P then
  h.P = (patch.P == 0) and '' or fmt(patch.P)
end
if patch.t then
  h.t = fmt(patch.t)
end
if patch.m then
  h.m = fmt(patch.m)
end
if patch.b or patch.o then
  local options = cjson.decode(body)
  if patch.b then
    options.b = patch.b
  end
  if patch.o == cjson.null then
    options.o = nil
  elseif patch.o then
    options.o = patch.o
  end
  body = cjson.encode(options)
end
if ARGV[4] == '1' then
  payload = ARGV[5]
end
tail = body .. '\n' .. payload
if h.s == 'p' then
  h.pf = (tonumber(h.t) > now) and 's' or 'q'
else
  unindex_waiting(id)
  index_waiting(id, h, now)
  wake(h.s == 's' and tonumber(h.t) or 0)
end
touch(h, ARGV[1])
local text = save_job(id, h, tail)
log_change('updated', id, nil, text, tail)
flush_changes()
publish_wake()
return { quarantined, OK, text .. '\n' .. tail, '' }
