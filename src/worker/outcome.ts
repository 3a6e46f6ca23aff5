import { backoffDelay } from '../core/backoff.js';
import { JobCancelledError, NonRetryableError, ShuttingDownError, TickworkError } from '../core/errors.js';
import type { Job, JobFailure, JobOutcome } from '../core/job.js';

/** What a failed attempt leaves on the job: enough to debug it, nothing that cannot be stored. */
export function toFailure(error: unknown, retryable: boolean): JobFailure {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      message: error.message,
      name: error.name,
      code: typeof code === 'string' ? code : null,
      stack: error.stack ?? null,
      retryable,
    };
  }
  return { message: String(error), name: 'Error', code: null, stack: null, retryable };
}

function saysDoNotRetry(error: unknown): boolean {
  return error instanceof NonRetryableError || (error instanceof Error && error.name === 'NonRetryableError');
}

/**
 * Turns how an attempt ended into the outcome the store records. Cancellation is not a failure; a
 * shutdown gives the attempt back (retry now, it was not the job's fault); a handler's NonRetryableError
 * or a spent attempt budget is final; anything else retries after the job's backoff.
 */
export function decideOutcome(job: Job, workerId: string, error: unknown, now: number): JobOutcome {
  const ref = { id: job.id, attempt: job.attempt, workerId };
  if (error instanceof JobCancelledError) return { kind: 'aborted', ...ref, error: toFailure(error, false) };
  // Back to the queue at its own time: a job claimed ahead of its runAt keeps it.
  if (error instanceof ShuttingDownError) {
    return { kind: 'retry', ...ref, error: toFailure(error, true), runAt: Math.max(job.runAt, now) };
  }
  const final = saysDoNotRetry(error) || job.attempt >= job.maxAttempts;
  if (final) return { kind: 'failed', ...ref, error: toFailure(error, !saysDoNotRetry(error)) };
  const delay = backoffDelay(job.backoff, job.attempt);
  return { kind: 'retry', ...ref, error: toFailure(error, true), runAt: now + delay };
}

export function isAbortReason(error: unknown): error is TickworkError {
  return error instanceof TickworkError && (error.code === 'JOB_CANCELLED' || error.code === 'SHUTTING_DOWN');
}
