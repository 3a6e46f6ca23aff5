import type { JobEvent, JobEventType } from '../core/events.js';
import type { Job } from '../core/job.js';
import type { Json } from '../core/json.js';
import type { HotChange } from '../hot/hot-changes.js';
import { cancelData, failureData, jobEvent, patchedFields } from '../stores/shared/job-records.js';

/**
 * The `data` a job event carries for each type, as every store records it (see the memory store's
 * worker steps): result, failure, stall count, cancel reason. One function serves the events the
 * tiered store emits after a Redis step and the history rows the flusher writes from the change log,
 * so the two are equal.
 */
export function eventData(
  type: JobEventType,
  job: Job,
  cancelReason: 'cancelled' | 'misfired' | 'aborted' | null = null,
): Json | null {
  switch (type) {
    case 'job.succeeded':
      return job.result;
    case 'job.failed':
    case 'job.retried':
      return job.error ? failureData(job.error) : null;
    case 'job.stalled':
      return { stalls: job.stalls };
    case 'job.cancelled': {
      const reason = cancelReason ?? 'cancelled';
      return cancelData(reason, reason === 'cancelled' ? null : job.error);
    }
    case 'job.progress':
      return job.progress;
    default:
      return null;
  }
}

/** The event of a Redis step, built from the job after it. */
export function hotEvent(
  type: JobEventType,
  job: Job,
  at: number,
  cancelReason: 'cancelled' | 'misfired' | 'aborted' | null = null,
): JobEvent {
  return jobEvent(type, job, at, eventData(type, job, cancelReason));
}

/** A job with a change's mutable state applied (a change carries the whole mutable state after its step). */
export function applyChange(base: Job, change: HotChange): Job {
  const job = change.job ? { ...change.job } : { ...base };
  return {
    ...job,
    state: change.state,
    attempt: change.attempt,
    runAt: change.runAt,
    priority: change.priority,
    stalls: change.stalls,
    pausedFrom: change.pausedFrom,
    leaseOwner: change.leaseOwner,
    leaseUntil: change.leaseUntil,
    startedAt: change.startedAt,
    finishedAt: change.finishedAt,
    progress: change.progress,
    result: change.result,
    error: change.error,
    updatedAt: change.at,
  };
}

/**
 * The history row a change leaves, or null: progress is not kept; a promotion's `job.added` (no job
 * body: the store wrote the job and its `job.added` itself) and `job.deleted` are not history.
 */
export function historyEvent(change: HotChange, before: Job | null, after: Job): JobEvent | null {
  if (change.type === 'job.progress' || change.type === 'job.deleted') return null;
  if (change.type === 'job.added' && change.job === null) return null;
  if (change.type === 'job.updated') {
    const patch = before
      ? {
          payload: JSON.stringify(before.payload) === JSON.stringify(after.payload) ? undefined : after.payload,
          priority: before.priority === after.priority ? undefined : after.priority,
          runAt: before.runAt === after.runAt ? undefined : after.runAt,
          maxAttempts: before.maxAttempts === after.maxAttempts ? undefined : after.maxAttempts,
          backoff: JSON.stringify(before.backoff) === JSON.stringify(after.backoff) ? undefined : after.backoff,
          timeoutMs: before.timeoutMs === after.timeoutMs ? undefined : after.timeoutMs,
        }
      : {};
    return jobEvent('job.updated', after, change.at, { fields: patchedFields(patch) });
  }
  return hotEvent(change.type, after, change.at, change.cancelReason);
}
