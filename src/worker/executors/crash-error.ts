import { TickworkError } from '../../core/errors.js';
import type { Job } from '../../core/job.js';

/** How a thread or child ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** What it reported before dying (an uncaught error in a thread), if anything. */
  error: Error | null;
}

export function describeExit(info: WorkerExit): string {
  if (info.error) return `crashed (${info.error.name}: ${info.error.message})`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}

/**
 * The error of an attempt whose thread or child died under it. Retryable: the job may well succeed on
 * a fresh worker (an OOM caused by a neighbour's leak, a killed process); the attempt budget still
 * bounds a job that crashes every worker it touches.
 */
export function crashError(
  executor: 'thread' | 'process',
  workerId: number | null,
  job: Job,
  what: string,
  cause: unknown,
): TickworkError {
  const who = workerId === null ? `a ${executor}` : `${executor} ${workerId}`;
  return new TickworkError('WORKER_CRASHED', `${who} ${what} while running job "${job.id}"`, {
    retryable: true,
    cause: cause ?? undefined,
    details: { jobId: job.id, attempt: job.attempt, executor, workerId },
  });
}
