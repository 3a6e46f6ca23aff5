import type { BackoffPolicy } from './job.js';

export const DEFAULT_BACKOFF: BackoffPolicy = { type: 'exponential', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 };

/** The delay before the retry that follows failed attempt `attempt` (1-based). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = policy.type === 'fixed' ? policy.delayMs : policy.delayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(base, policy.maxDelayMs);
  if (policy.jitter <= 0) return capped;
  const spread = capped * Math.min(policy.jitter, 1);
  return Math.max(0, Math.round(capped - spread + random() * 2 * spread));
}
