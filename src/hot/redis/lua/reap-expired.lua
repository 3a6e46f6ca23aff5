--[[
  Repairs running jobs of one queue whose lease expired (a crashed or stuck worker), oldest lease
  first: counts the stall and re-queues the job (`job.stalled`), or, when it has used its attempts,
  fails it with WORKER_CRASHED (`job.stalled` then `job.failed`, two records with the same version).
  The old worker's heartbeat then reports the job lost and its outcome is rejected as stale.

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] wake        channel wake-up hints (SPUBLISH)

    ARGV[1] now         epoch ms
    ARGV[2] limit       at most this many

  Output:
    { quarantined, then id, record for each job changed }
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
local now_text = ARGV[1]
local expired = redis.call('ZRANGEBYSCORE', key.active, '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local out = { quarantined }
for _, id in ipairs(expired) do
  redis.call('ZREM', key.active, id)
  local h, tail = load_job(id, now)
  if h and h.s == 'r' then
    h.n = (tonumber(h.n) or 0) + 1
    h.w = ''
    touch(h, now_text)
    local text
    if tonumber(h.a) >= tonumber(h.m) then
      h.s = 'f'
      h.e = failure_json(
        string.format('its lease expired while running (stall %d) and it has no attempts left', h.n),
        'WorkerCrashedError', 'WORKER_CRASHED')
      h.fi = now_text
      text = save_job(id, h, tail)
      log_change('stalled', id, nil, text)
      log_change('failed', id, nil, text)
    else
      index_waiting(id, h, now)
      wake(0)
      text = save_job(id, h, tail)
      log_change('stalled', id, nil, text)
    end
    out[#out + 1] = id
    out[#out + 1] = text .. '\n' .. tail
  end
end
flush_changes()
publish_wake()
return out
