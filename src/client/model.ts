import type { Job, JobState } from '../core/job.js';
import type { Schedule } from '../core/schedule.js';
import type { TickworkEvent } from '../core/events.js';

/** A job as the client returns it: the library's Job (times in epoch ms, payload as JSON). */
/** A job as the API shows it; an HTTP-target job has handler `http` and its request in `target`. */
export type ClientJob<P = unknown> = Job<P>;

/** A schedule as the API shows it (the trigger's iterator state and leases stay on the server). */
export type ClientSchedule = Omit<Schedule, 'triggerState' | 'leaseOwner' | 'leaseUntil'>;

export type EnqueueOutcome = 'created' | 'existing' | 'replaced' | 'rejected';

export interface JobWatchUpdate {
  /** The job after the change; absent once it was deleted. */
  job: ClientJob | null;
  /** The change; absent on the first update (the job as it was when the watch began). */
  event: TickworkEvent | null;
}

export interface SubscribeUpdate {
  event: TickworkEvent;
  /** Events lost just before this one because this subscriber fell behind. */
  dropped: number;
}

export interface ComponentHealth {
  name: string;
  status: 'serving' | 'degraded' | 'not-serving' | 'unknown';
  message: string;
  latencyMs: number | null;
}

export interface Health {
  status: ComponentHealth['status'];
  components: ComponentHealth[];
}

export interface VersionInfo {
  version: string;
  api: string;
  runtime: string;
  store: string;
  schemaVersion: number;
  hotTier: boolean;
  roles: string[];
}

export type { JobState };
