--[[
  Records the outcomes of attempts on jobs of one queue. Each is fenced: applied only while the job is
  running under that worker and attempt; otherwise nothing changes and the outcome is reported stale.
    succeeded → succeeded (result kept), failed → failed (error kept);
    retry     → scheduled or queued at the given runAt (error kept);
    aborted   → cancelled (reason `aborted`, error kept).
  Final jobs stay until the flusher has written them (ack-changes retires them).

  Input:
    KEYS[1] jobs        hash    job id → record
    KEYS[2] delayed     zset    job id, score runAt
    KEYS[3] ready       zset    job id, score priority·2^42 + runAt
    KEYS[4] active      zset    job id, score leaseUntil
    KEYS[5] log         stream  change log
    KEYS[6] quarantine  hash    job id → malformed record
    KEYS[7] meta        hash    queue settings: paused, concurrency
    KEYS[8] wake        channel wake-up hints (SPUBLISH)

    ARGV[1] now         epoch ms
    ARGV[2...]          six slots per outcome:
    ARGV[+0] kind       succeeded | failed | retry | aborted
    ARGV[+1] id
    ARGV[+2] attempt    the fencing token
    ARGV[+3] workerId   the lease owner
    ARGV[+4] data       result JSON (succeeded) or error JSON (the others)
    ARGV[+5] runAt      retry only (else empty)

  Output:
    { quarantined, then per outcome: code, state code after the step (empty when absent),
      the whole record after the step when applied (else empty): the caller needs no read-back }
    code 1: applied; -3: stale (lease not held); -1: no such job
]]
local key = {
  jobs = KEYS[1], delayed = KEYS[2], ready = KEYS[3], active = KEYS[4],
  log = KEYS[5], quarantine = KEYS[6], meta = KEYS[7], wake = KEYS[8],
}

--@include "codes"
--@include "batch"
--@include "record"
--@include "change-log"
--@include "wake"

local now = tonumber(ARGV[1])
local now_text = ARGV[1]
local results = {}
local ended = {}

for i = 2, #ARGV, 6 do
  local kind, id = ARGV[i], ARGV[i + 1]
  local h, tail = load_job(id, now)
  if not h then
    results[#results + 1] = NOT_FOUND
    results[#results + 1] = ''
    results[#results + 1] = ''
  elseif h.s ~= 'r' or h.w ~= ARGV[i + 3] or tonumber(h.a) ~= tonumber(ARGV[i + 2]) then
    results[#results + 1] = STALE_LEASE
    results[#results + 1] = h.s
    results[#results + 1] = ''
  else
    ended[#ended + 1] = id
    h.w = ''
    touch(h, now_text)
    local event = kind
    if kind == 'succeeded' then
      h.s = 'd'
      h.R = ARGV[i + 4]
      h.fi = now_text
    elseif kind == 'failed' then
      h.s = 'f'
      h.e = ARGV[i + 4]
      h.fi = now_text
    elseif kind == 'retry' then
      h.e = ARGV[i + 4]
      h.t = ARGV[i + 5]
      index_waiting(id, h, now)
      wake(h.s == 's' and tonumber(h.t) or 0)
      event = 'retried'
    else
      h.s = 'c'
      h.cr = 'aborted'
      h.e = ARGV[i + 4]
      h.fi = now_text
      event = 'cancelled'
    end
    local text = save_job(id, h, tail)
    log_change(event, id, nil, text)
    results[#results + 1] = OK
    results[#results + 1] = h.s
    results[#results + 1] = text .. '\n' .. tail
  end
end

call_many('ZREM', key.active, ended)
-- Room freed under a concurrency limit: workers that found the queue full may claim again.
if #ended > 0 and redis.call('HEXISTS', key.meta, 'concurrency') == 1 and redis.call('ZCARD', key.ready) > 0 then
  wake(0)
end
flush_changes()
publish_wake()
table.insert(results, 1, quarantined)
return results
