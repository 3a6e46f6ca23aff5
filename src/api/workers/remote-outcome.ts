import { backoffDelay } from '../../core/backoff.js';
import type { Job, JobFailure, JobOutcome } from '../../core/job.js';
import type { JobResult } from '../../gen/tickwork/v1/workers_pb.js';
import { ValidationError } from '../../core/errors.js';
import { jsonFromValue } from '../convert/json-value.js';

/**
 * A remote worker's JobResult → the outcome the store records, by the same rules as the in-process
 * worker (src/worker/outcome.ts): an abort the server asked for is not a failure; `retryable: false`
 * or a spent attempt budget is final; anything else retries after the job's backoff.
 */
export function remoteOutcome(job: Job, workerId: string, result: JobResult, now: number, field: string): JobOutcome {
  const ref = { id: job.id, attempt: job.attempt, workerId };
  const outcome = result.outcome;
  if (outcome.case === 'succeeded') {
    return { kind: 'succeeded', ...ref, result: jsonFromValue(outcome.value.result, `${field}.succeeded.result`) };
  }
  if (outcome.case !== 'failed') throw new ValidationError(`${field}.outcome`, 'is required: succeeded or failed');
  const e = outcome.value.error;
  const failure: JobFailure = {
    message: e?.message ?? '',
    name: e?.name || 'Error',
    code: e?.code || null,
    stack: e?.stack || null,
    // As the IDL words it, only `retryable: true` retries: proto3's default false is final.
    retryable: e?.retryable === true,
  };
  if (failure.code === 'JOB_CANCELLED') return { kind: 'aborted', ...ref, error: { ...failure, retryable: false } };
  if (!failure.retryable || job.attempt >= job.maxAttempts) return { kind: 'failed', ...ref, error: failure };
  return { kind: 'retry', ...ref, error: failure, runAt: now + backoffDelay(job.backoff, job.attempt) };
}
