import type { Job } from '../../core/job.js';

/**
 * Job changes computed in memory, for the paths that read a locked row, decide in TypeScript and
 * write it back (the rarer operations; the hot paths change rows inside one SQL statement).
 */

/** Any live state → cancelled. The lease is voided: the worker's next heartbeat learns it. */
export function cancelledJob(job: Job, now: number): Job {
  return {
    ...job,
    state: 'cancelled',
    pausedFrom: null,
    leaseOwner: null,
    leaseUntil: null,
    finishedAt: now,
    updatedAt: now,
  };
}

export const refOf = (namespace: string, id: string): string => `${namespace}\u0000${id}`;
