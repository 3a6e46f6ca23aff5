import type { JobEvent } from '../../core/events.js';
import { effectiveState, type Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { Schedule } from '../../core/schedule.js';

/**
 * The memory store hands out copies and keeps copies of what it is given, so a caller mutating an
 * object (a payload, a returned job) can never change what is stored — as with a real database.
 */
export function cloneJson<T extends Json | null>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** A copy of a stored job as the caller sees it at `now` (a due `scheduled` job reads `queued`). */
export function jobView(job: Job, now: number): Job {
  return {
    ...job,
    state: effectiveState(job.state, job.runAt, now),
    payload: cloneJson(job.payload),
    backoff: { ...job.backoff },
    progress: cloneJson(job.progress),
    result: cloneJson(job.result),
    error: job.error === null ? null : { ...job.error },
  };
}

export function eventView(event: JobEvent): JobEvent {
  return { ...event, data: cloneJson(event.data) };
}

export function scheduleView(schedule: Schedule): Schedule {
  return structuredClone(schedule);
}
