import type { Json } from './json.js';
import type { JobState } from './job.js';

export type JobEventType =
  | 'job.added'
  | 'job.updated'
  | 'job.started'
  | 'job.progress'
  | 'job.succeeded'
  | 'job.failed'
  | 'job.retried'
  | 'job.stalled'
  | 'job.paused'
  | 'job.resumed'
  | 'job.cancelled'
  | 'job.deleted';

export type ScheduleEventType =
  | 'schedule.added'
  | 'schedule.updated'
  | 'schedule.paused'
  | 'schedule.resumed'
  | 'schedule.deleted'
  | 'schedule.fired'
  | 'schedule.misfired';

/** One transition of a job: its audit trail and the feed for watchers, metrics and the dashboard. */
export interface JobEvent {
  type: JobEventType;
  namespace: string;
  jobId: string;
  queue: string;
  handler: string;
  /** The state after the transition. */
  state: JobState;
  attempt: number;
  /** When it happened (epoch ms). */
  at: number;
  /** The job's runAt after the transition: lets sleeping workers wake on time without a read. */
  runAt: number;
  /** Progress, result or error, as the type implies. */
  data: Json | null;
}

export interface ScheduleEvent {
  type: ScheduleEventType;
  namespace: string;
  scheduleId: string;
  at: number;
  /** The nominal fire time (fired, misfired). */
  fireTime: number | null;
  /** The occurrence created (fired). */
  jobId: string | null;
  /** Why a fire did not run (misfired): `late`, `overlap`. */
  reason: string | null;
}

export type TickworkEvent = JobEvent | ScheduleEvent;

export function isJobEvent(e: TickworkEvent): e is JobEvent {
  return e.type.startsWith('job.');
}
