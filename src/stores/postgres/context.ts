import type { JobEvent, TickworkEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Db, Queryable } from './db.js';
import { eventColumns, jobColumns } from './job-arrays.js';
import type { StoreWake } from './wakeups.js';

/** What the command modules share: the database, and the after-commit hand-off of a step's events. */
export interface StoreContext {
  readonly db: Db;
  /** Call once per committed step, after the commit, with the step's events in order. */
  publish(events: TickworkEvent[], extraWakes?: StoreWake[]): void;
}

/** Writes jobs changed in memory and appends their events; inside the caller's transaction. */
export async function saveJobs(q: Queryable, jobs: Job[], events: JobEvent[]): Promise<void> {
  if (jobs.length > 0) await q.run('update-jobs', jobColumns(jobs));
  const stored = events.filter((e) => e.type !== 'job.progress' && e.type !== 'job.deleted');
  if (stored.length > 0) await q.run('insert-events', eventColumns(stored));
}
