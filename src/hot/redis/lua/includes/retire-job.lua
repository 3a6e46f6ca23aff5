-- Hands one job back to the store: removes it when it is final, or waiting (scheduled, paused) with
-- runAt beyond the horizon, and its version is at most the one the store has applied. Needs codes,
-- record. Retiring ends the job's stint in Redis; it is not a transition and logs nothing.

local function retire_job(id, version, now, horizon_until)
  local h = load_job(id, now)
  if not h then
    return NOT_FOUND
  end
  if tonumber(h.v) > version then
    return NEWER
  end
  if FINAL_STATE[h.s] or ((h.s == 's' or h.s == 'p') and tonumber(h.t) > horizon_until) then
    redis.call('HDEL', key.jobs, id)
    unindex_waiting(id)
    return OK
  end
  return UNCHANGED
end
