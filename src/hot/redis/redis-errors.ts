import { HotTierUnavailableError } from '../hot-tier-unavailable-error.js';

/**
 * Errors of the connection, not of a job: Redis refused, lost or timed out the command, or cannot
 * serve it for a while (loading its AOF after a restart, a failover). These become the retryable
 * HotTierUnavailableError so a caller backs off instead of crashing. Other Redis error replies
 * (a script bug) are programming errors and pass through unchanged.
 */
const TRANSIENT_REPLIES = /^(LOADING|BUSY|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS|OOM|MISCONF)\b/;

export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return TRANSIENT_REPLIES.test(error.message);
  // Everything else ioredis raises is about the connection: closed, not writable, command timeout,
  // max retries per request, ECONNREFUSED/ECONNRESET, cluster nodes all failing.
  return true;
}

export function toHotTierError(error: unknown): unknown {
  return isTransientRedisError(error) ? new HotTierUnavailableError(error) : error;
}
