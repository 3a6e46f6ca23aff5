--[[
  Claims up to `limit` ready jobs of one queue for one worker. First moves due delayed jobs to ready;
  then, unless the queue is paused, takes ready jobs in (priority, runAt) order while the queue's
  concurrency limit (across all workers: the size of the active zset) leaves room. Each claimed job
  becomes running with attempt + 1 (the fencing token), the worker as lease owner, and
  leaseUntil = now + leaseMs as its active score. A job past its deadline is cancelled as MISFIRED
  instead and does not count against `limit`. Jobs of handlers the worker lacks are skipped (left
  ready), looking at no more than `scanLimit` ready jobs.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] meta        hash    queue settings: paused, concurrency

    ARGV[1] now         epoch ms
    ARGV[2] workerId    the lease owner
    ARGV[3] limit       jobs to claim at most
    ARGV[4] leaseMs     lease length
    ARGV[5] moveLimit   due delayed jobs to move first, at most
    ARGV[6] scanLimit   ready jobs to look at, at most
    ARGV[7] dueBy       also claim delayed jobs due by this time (prefetch; <= now: due jobs only);
                        they start at their runAt (startedAt), deadlines are judged at now
    ARGV[8...] handlers the worker can run; none: every handler

  Output:
    { quarantined, moved, running after the claim, claimed count, misfired count,
      then id, record for each claimed job, then id, record for each misfired job }
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4],
  log = KEYS[5], quarantine = KEYS[6], meta = KEYS[7],
}

--@include "batch"
--@include "record"
--@include "change-log"
--@include "move-due"

local now = tonumber(ARGV[1])
local now_text = ARGV[1]
local worker = ARGV[2]
local limit = tonumber(ARGV[3])
local lease = now + tonumber(ARGV[4])
local scan_limit = tonumber(ARGV[6])

local moved = move_due(now, tonumber(ARGV[5]))
local running = redis.call('ZCARD', key.active)
local claimed, misfired = {}, {}

local room = limit
local concurrency = tonumber(redis.call('HGET', key.meta, 'concurrency') or '')
if concurrency then
  room = math.min(room, concurrency - running)
end
if redis.call('HGET', key.meta, 'paused') == '1' then
  room = 0
end

local due_by = tonumber(ARGV[7])
local handlers = nil
if #ARGV > 7 then
  handlers = {}
  for i = 8, #ARGV do
    handlers[ARGV[i]] = true
  end
end

local taken, leases = {}, {}
local offset, scanned = 0, 0
local lease_text = fmt(lease)
while room > 0 and scanned < scan_limit do
  -- Removals wait until the end, so offsets into the ready zset stay valid while scanning.
  local chunk = handlers and 100 or room
  local ids = redis.call('ZRANGE', key.ready, offset, offset + chunk - 1)
  if #ids == 0 then
    break
  end
  offset = offset + #ids
  for _, id in ipairs(ids) do
    scanned = scanned + 1
    local h, tail = load_job(id, now)
    if not h or (h.s ~= 's' and h.s ~= 'q') then
      taken[#taken + 1] = id -- a stale index entry: the job is gone or no longer waiting
    elseif h.D ~= '' and tonumber(h.D) < now then
      taken[#taken + 1] = id
      h.s = 'c'
      h.cr = 'misfired'
      h.e = failure_json(
        string.format('not started by its deadline (%d ms late)', now - tonumber(h.D)), 'MisfiredError', 'MISFIRED')
      h.fi = now_text
      touch(h, now_text)
      local text = save_job(id, h, tail)
      log_change('cancelled', id, nil, text)
      misfired[#misfired + 1] = id
      misfired[#misfired + 1] = text .. '\n' .. tail
    elseif not handlers or handlers[h.h] then
      taken[#taken + 1] = id
      h.s = 'r'
      h.a = h.a + 1
      h.w = worker
      h.st = now_text
      h.pf = ''
      touch(h, now_text)
      local text = save_job(id, h, tail)
      leases[#leases + 1] = lease_text
      leases[#leases + 1] = id
      log_change('started', id, lease_text, text)
      claimed[#claimed + 1] = id
      claimed[#claimed + 1] = text .. '\n' .. tail
      room = room - 1
    end
    if room <= 0 or scanned >= scan_limit then
      break
    end
  end
end

call_many('ZREM', key.ready, taken)

-- Prefetch: delayed jobs due by `due_by`, earliest first, straight from the delayed zset (never via
-- ready, so a claim without prefetch cannot take them early).
if room > 0 and due_by > now then
  local ahead = redis.call('ZRANGEBYSCORE', key.delayed, '-inf', due_by, 'LIMIT', 0, math.min(room, scan_limit))
  local early = {}
  for _, id in ipairs(ahead) do
    local h, tail = load_job(id, now)
    if not h or h.s ~= 's' then
      early[#early + 1] = id
    elseif (h.D == '' or tonumber(h.D) >= now) and (not handlers or handlers[h.h]) and room > 0 then
      early[#early + 1] = id
      h.s = 'r'
      h.a = h.a + 1
      h.w = worker
      h.st = h.t -- claimed ahead: it starts at its runAt
      h.pf = ''
      touch(h, now_text)
      local text = save_job(id, h, tail)
      leases[#leases + 1] = lease_text
      leases[#leases + 1] = id
      log_change('started', id, lease_text, text)
      claimed[#claimed + 1] = id
      claimed[#claimed + 1] = text .. '\n' .. tail
      room = room - 1
    end
  end
  call_many('ZREM', key.delayed, early)
end

call_many('ZADD', key.active, leases)
flush_changes()

local out = { quarantined, moved, running + #claimed / 2, #claimed / 2, #misfired / 2 }
for _, v in ipairs(claimed) do
  out[#out + 1] = v
end
for _, v in ipairs(misfired) do
  out[#out + 1] = v
end
return out
