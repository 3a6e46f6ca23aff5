import type { JobEvent } from '../../core/events.js';
import type { Job, NewJob } from '../../core/job.js';
import { waitingState } from '../shared/transitions.js';

/**
 * Column arrays for the unnest() statements: one array per column, so a batch of any size is one
 * statement with a fixed number of parameters (and one plan). JSON goes as text; the statement casts.
 */

/** A nullable JSON column's text: null (or undefined) stays SQL NULL. */
export const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** Parameters $2.. of add-jobs.sql. */
export function newJobColumns(jobs: NewJob[], now: number): unknown[] {
  const columns: unknown[][] = Array.from({ length: 18 }, () => new Array<unknown>(jobs.length));
  jobs.forEach((job, i) => {
    const waiting = waitingState(job.runAt, now);
    columns[0]![i] = job.namespace;
    columns[1]![i] = job.id;
    columns[2]![i] = job.queue;
    columns[3]![i] = job.handler;
    columns[4]![i] = JSON.stringify(job.payload ?? null);
    columns[5]![i] = job.paused ? 'paused' : waiting;
    columns[6]![i] = job.priority;
    columns[7]![i] = job.runAt;
    columns[8]![i] = job.maxAttempts;
    columns[9]![i] = JSON.stringify(job.backoff);
    columns[10]![i] = job.timeoutMs;
    columns[11]![i] = job.key;
    columns[12]![i] = job.scheduleId;
    columns[13]![i] = job.fireTime;
    columns[14]![i] = job.deadline;
    columns[15]![i] = job.paused ? waiting : null;
    columns[16]![i] = json(job.target);
    columns[17]![i] = job.traceparent ?? null;
  });
  return columns;
}

/** Parameters of update-jobs.sql: every mutable column of jobs changed in memory. */
export function jobColumns(jobs: Job[]): unknown[] {
  const pick = <T>(f: (job: Job) => T): T[] => jobs.map(f);
  return [
    pick((j) => j.namespace),
    pick((j) => j.id),
    pick((j) => j.queue),
    pick((j) => JSON.stringify(j.payload ?? null)),
    pick((j) => j.state),
    pick((j) => j.priority),
    pick((j) => j.runAt),
    pick((j) => j.attempt),
    pick((j) => j.maxAttempts),
    pick((j) => JSON.stringify(j.backoff)),
    pick((j) => j.timeoutMs),
    pick((j) => json(j.progress)),
    pick((j) => json(j.result)),
    pick((j) => json(j.error)),
    pick((j) => j.stalls),
    pick((j) => j.pausedFrom),
    pick((j) => j.leaseOwner),
    pick((j) => j.leaseUntil),
    pick((j) => j.updatedAt),
    pick((j) => j.startedAt),
    pick((j) => j.finishedAt),
  ];
}

/** Parameters of insert-events.sql. */
export function eventColumns(events: JobEvent[]): unknown[] {
  const pick = <T>(f: (event: JobEvent) => T): T[] => events.map(f);
  return [
    pick((e) => e.namespace),
    pick((e) => e.jobId),
    pick((e) => e.type),
    pick((e) => e.queue),
    pick((e) => e.handler),
    pick((e) => e.state),
    pick((e) => e.attempt),
    pick((e) => e.at),
    pick((e) => e.runAt),
    pick((e) => json(e.data)),
  ];
}
