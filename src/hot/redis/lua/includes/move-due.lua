-- Moves due delayed jobs to ready. Needs record, batch. A job without a priority (the common case)
-- has its ready score equal to its runAt, the delayed score: only the priority field is looked at.

local PRIORITY_FIELD = '^%a|[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|'

local function move_due(now, limit)
  if limit <= 0 then
    return 0
  end
  local due = redis.call('ZRANGEBYSCORE', key.delayed, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit)
  if #due == 0 then
    return 0
  end
  local ids, adds = {}, {}
  for i = 1, #due, 2 do
    local id = due[i]
    ids[#ids + 1] = id
    local raw = redis.call('HGET', key.jobs, id)
    if raw then
      if string.match(raw, PRIORITY_FIELD) == '' then
        adds[#adds + 1] = due[i + 1]
        adds[#adds + 1] = id
      else
        local h = load_job(id, now)
        if h then
          adds[#adds + 1] = ready_score(h)
          adds[#adds + 1] = id
        end
      end
    end
  end
  call_many('ZREM', key.delayed, ids)
  call_many('ZADD', key.ready, adds)
  return #ids
end
