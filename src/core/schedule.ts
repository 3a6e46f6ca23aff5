import type { Json } from './json.js';
import type { BackoffPolicy, HttpTarget } from './job.js';
import type { TriggerSpec, TriggerState } from '../triggers/trigger.js';

/**
 * Which fires run when several fell due at once (after downtime or a pause), within the grace time:
 * `latest` runs only the newest, `earliest` only the oldest, `all` each of them up to `maxCatchUp`.
 */
export type CoalescePolicy = 'latest' | 'earliest' | 'all';

/**
 * What a fire does while earlier occurrences of the schedule are still live (queued or running):
 * `allow` fires anyway; `skip` drops this fire; `queue-one` keeps at most one waiting occurrence behind
 * a running one; `cancel-previous` cancels the live ones (a running one through its AbortSignal) first.
 * `skip` is APScheduler's `max_instances = 1`.
 */
export type OverlapPolicy = 'allow' | 'skip' | 'queue-one' | 'cancel-previous';

/** The job each fire creates. */
export interface JobTemplate {
  /** `http` for an HTTP-target schedule, whose request is `target`. */
  handler: string;
  /** An HTTP-target schedule's request; absent or null otherwise. */
  target?: HttpTarget | null;
  payload: Json;
  queue: string;
  priority: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  timeoutMs: number | null;
}

export interface Schedule {
  /** Caller-chosen and stable: upserting the same id updates, never duplicates. */
  id: string;
  namespace: string;
  trigger: TriggerSpec;
  triggerState: TriggerState;
  job: JobTemplate;
  paused: boolean;
  /** The next nominal fire time, or null when the trigger is exhausted. */
  nextFireAt: number | null;
  lastFireAt: number | null;
  fireCount: number;
  misfireCount: number;
  /** A fire more than this late is a misfire and does not run. Null: no limit. */
  misfireGraceMs: number | null;
  coalesce: CoalescePolicy;
  /** With coalesce `all`, at most this many missed fires run. */
  maxCatchUp: number;
  overlap: OverlapPolicy;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A schedule ready to be written: every option resolved, first fire computed. */
export type NewSchedule = Omit<
  Schedule,
  'lastFireAt' | 'fireCount' | 'misfireCount' | 'leaseOwner' | 'leaseUntil' | 'createdAt' | 'updatedAt'
>;

export interface SchedulePatch {
  trigger?: TriggerSpec;
  triggerState?: TriggerState;
  nextFireAt?: number | null;
  job?: Partial<JobTemplate>;
  paused?: boolean;
  misfireGraceMs?: number | null;
  coalesce?: CoalescePolicy;
  maxCatchUp?: number;
  overlap?: OverlapPolicy;
}

export interface ScheduleFilter {
  namespace: string;
  paused?: boolean;
  handler?: string;
}
