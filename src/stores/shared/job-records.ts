import type { JobEvent, JobEventType } from '../../core/events.js';
import { effectiveState, type Job, type JobFailure, type JobPatch, type NewJob } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import { waitingState } from './transitions.js';

/** The job a NewJob becomes when written at `now` (stored state `scheduled`, `queued` or `paused`). */
export function createJob(input: NewJob, now: number): Job {
  const waiting = waitingState(input.runAt, now);
  return {
    id: input.id,
    namespace: input.namespace,
    queue: input.queue,
    handler: input.handler,
    payload: input.payload,
    state: input.paused ? 'paused' : waiting,
    priority: input.priority,
    runAt: input.runAt,
    attempt: 0,
    maxAttempts: input.maxAttempts,
    backoff: input.backoff,
    timeoutMs: input.timeoutMs,
    key: input.key,
    scheduleId: input.scheduleId,
    fireTime: input.fireTime,
    deadline: input.deadline,
    target: input.target ? { url: input.target.url, headers: { ...input.target.headers } } : null,
    traceparent: input.traceparent ?? null,
    progress: null,
    result: null,
    error: null,
    stalls: 0,
    pausedFrom: input.paused ? waiting : null,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

/** The patch fields that were set, in a stable order: the `data.fields` of `job.updated`. */
export function patchedFields(patch: JobPatch): string[] {
  const fields: (keyof JobPatch)[] = ['payload', 'queue', 'priority', 'runAt', 'maxAttempts', 'backoff', 'timeoutMs'];
  return fields.filter((f) => patch[f] !== undefined);
}

/**
 * Applies a patch to a waiting job (scheduled, queued or paused). A new runAt re-derives the stored
 * state (or, when paused, the state it resumes to).
 */
export function applyJobPatch(job: Job, patch: JobPatch, now: number): Job {
  const next: Job = { ...job, updatedAt: now };
  if (patch.payload !== undefined) next.payload = patch.payload;
  if (patch.queue !== undefined) next.queue = patch.queue;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.maxAttempts !== undefined) next.maxAttempts = patch.maxAttempts;
  if (patch.backoff !== undefined) next.backoff = patch.backoff;
  if (patch.timeoutMs !== undefined) next.timeoutMs = patch.timeoutMs;
  if (patch.runAt !== undefined) next.runAt = patch.runAt;
  if (job.state === 'paused') next.pausedFrom = waitingState(next.runAt, now);
  else next.state = waitingState(next.runAt, now);
  return next;
}

/** A job's event after a transition; `state` is the stored state, reported as the caller sees it. */
export function jobEvent(type: JobEventType, job: Job, at: number, data: Json | null = null): JobEvent {
  return {
    type,
    namespace: job.namespace,
    jobId: job.id,
    queue: job.queue,
    handler: job.handler,
    state: effectiveState(job.state, job.runAt, at),
    attempt: job.attempt,
    at,
    runAt: job.runAt,
    data,
  };
}

/** Why a job was cancelled: the `data` of `job.cancelled`. */
export type CancelReason = 'cancelled' | 'replaced' | 'misfired' | 'aborted' | 'overlap';

/** The `data` of `job.cancelled`: why, and the error when one ended the attempt (misfired, aborted). */
export function cancelData(reason: CancelReason, error: JobFailure | null = null): Json {
  return error === null ? { reason } : { reason, error: failureData(error) };
}

/** A failure as event data (a fresh plain object). */
export function failureData(f: JobFailure): Json {
  return { message: f.message, name: f.name, code: f.code, stack: f.stack, retryable: f.retryable };
}

/** The error a job keeps when acquireJobs finds it past its deadline. */
export function misfiredFailure(deadline: number, now: number): JobFailure {
  return {
    message: `not started by its deadline (${now - deadline} ms late)`,
    name: 'MisfiredError',
    code: 'MISFIRED',
    stack: null,
    retryable: false,
  };
}

/** The error a job keeps when its lease expired on its last attempt. */
export function stalledFailure(stalls: number): JobFailure {
  return {
    message: `its lease expired while running (stall ${stalls}) and it has no attempts left`,
    name: 'WorkerCrashedError',
    code: 'WORKER_CRASHED',
    stack: null,
    retryable: false,
  };
}
