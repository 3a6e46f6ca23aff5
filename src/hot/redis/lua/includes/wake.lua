-- Wake-up hints: one SPUBLISH per script on the queue's shard channel (`key.wake`, in the queue's
-- hash tag, so Redis Cluster keeps it on the queue's node), carrying the earliest time a claim could
-- take a job this script made waiting (0: now). Sleeping workers wake early; nothing depends on it.

local wake_at = nil

local function wake(at)
  if not wake_at or at < wake_at then
    wake_at = at
  end
end

local function publish_wake()
  if wake_at then
    redis.call('SPUBLISH', key.wake, string.format('%.17g', wake_at))
  end
end
