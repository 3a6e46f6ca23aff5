import { JobKeyConflictError } from '../../core/errors.js';
import type { KeyConflictPolicy } from '../../core/job.js';

/**
 * What addJobs does when a keyed entry meets the live job holding its key (the store found the holder;
 * this decides). `keep-holder`: nothing written, the holder returned (`error` set under `reject`).
 * `replace-holder`: the holder is cancelled (`job.cancelled`, data `replacedCancelData`) and the entry
 * written.
 */
export type KeyConflictDecision =
  { action: 'keep-holder'; error: JobKeyConflictError | null } | { action: 'replace-holder' };

export function decideKeyConflict(policy: KeyConflictPolicy, key: string, holderId: string): KeyConflictDecision {
  switch (policy) {
    case 'return-existing':
      return { action: 'keep-holder', error: null };
    case 'reject':
      return { action: 'keep-holder', error: new JobKeyConflictError(key, holderId) };
    case 'replace':
      return { action: 'replace-holder' };
  }
}

/** The `data` of the `job.cancelled` event of a holder replaced by job `byId`. */
export function replacedCancelData(byId: string): { reason: 'replaced'; by: string } {
  return { reason: 'replaced', by: byId };
}
