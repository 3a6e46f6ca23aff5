import type { JobEvent, JobEventType } from '../../core/events.js';
import type { BackoffPolicy, Job, JobFailure, JobState } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { CoalescePolicy, OverlapPolicy, Schedule } from '../../core/schedule.js';

/**
 * Rows ↔ model objects. States and event types are stored as small integers (compact rows and
 * indexes); these tables are the schema's, so their order never changes: append only.
 */
export const STATE_CODES: readonly JobState[] = [
  'scheduled',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'paused',
];
const STATE_CODE = new Map(STATE_CODES.map((s, i) => [s, i]));

export const JOB_EVENT_TYPES: readonly JobEventType[] = [
  'job.added',
  'job.updated',
  'job.started',
  'job.progress',
  'job.succeeded',
  'job.failed',
  'job.retried',
  'job.stalled',
  'job.paused',
  'job.resumed',
  'job.cancelled',
  'job.deleted',
];
const EVENT_CODE = new Map(JOB_EVENT_TYPES.map((t, i) => [t, i]));

export function stateCode(state: JobState): number {
  return STATE_CODE.get(state)!;
}

export function eventCode(type: JobEventType): number {
  return EVENT_CODE.get(type)!;
}

export interface JobRow {
  seq: number;
  namespace: string;
  id: string;
  queue: string;
  handler: string;
  payload: string;
  state: number;
  priority: number;
  run_at: number;
  attempt: number;
  max_attempts: number;
  backoff_type: number;
  backoff_delay: number;
  backoff_max: number;
  backoff_jitter: number;
  timeout_ms: number | null;
  job_key: string | null;
  schedule_id: string | null;
  fire_time: number | null;
  deadline: number | null;
  progress: string | null;
  result: string | null;
  error: string | null;
  stalls: number;
  paused_from: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** A stored job as the caller sees it at `now`: a due `scheduled` job reads `queued`. */
export function rowToJob(row: JobRow, now: number): Job {
  const state = row.state === 0 && row.run_at <= now ? 'queued' : STATE_CODES[row.state]!;
  return {
    id: row.id,
    namespace: row.namespace,
    queue: row.queue,
    handler: row.handler,
    payload: JSON.parse(row.payload) as Json,
    state,
    priority: row.priority,
    runAt: row.run_at,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    backoff: {
      type: row.backoff_type === 0 ? 'fixed' : 'exponential',
      delayMs: row.backoff_delay,
      maxDelayMs: row.backoff_max,
      jitter: row.backoff_jitter,
    },
    timeoutMs: row.timeout_ms,
    key: row.job_key,
    scheduleId: row.schedule_id,
    fireTime: row.fire_time,
    deadline: row.deadline,
    progress: parse<Json>(row.progress),
    result: parse<Json>(row.result),
    error: parse<JobFailure>(row.error),
    stalls: row.stalls,
    pausedFrom: row.paused_from === null ? null : (STATE_CODES[row.paused_from] as 'scheduled' | 'queued'),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function backoffParams(b: BackoffPolicy) {
  return {
    backoffType: b.type === 'fixed' ? 0 : 1,
    backoffDelay: b.delayMs,
    backoffMax: b.maxDelayMs,
    backoffJitter: b.jitter,
  };
}

/** The parameters of `insert-job` for a job created by createJob (attempt 0, no lease, no result). */
export function insertParams(job: Job, payloadText: string) {
  return {
    namespace: job.namespace,
    id: job.id,
    queue: job.queue,
    handler: job.handler,
    payload: payloadText,
    state: stateCode(job.state),
    priority: job.priority,
    runAt: job.runAt,
    maxAttempts: job.maxAttempts,
    ...backoffParams(job.backoff),
    timeoutMs: job.timeoutMs,
    key: job.key,
    scheduleId: job.scheduleId,
    fireTime: job.fireTime,
    deadline: job.deadline,
    pausedFrom: job.pausedFrom === null ? null : stateCode(job.pausedFrom),
    now: job.createdAt,
  };
}

const text = (value: Json | JobFailure | null) => (value === null ? null : JSON.stringify(value));

/** The parameters of `write-job`: every column a transition may change. */
export function writeParams(seq: number, job: Job) {
  return {
    seq,
    queue: job.queue,
    payload: JSON.stringify(job.payload),
    state: stateCode(job.state),
    priority: job.priority,
    runAt: job.runAt,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    ...backoffParams(job.backoff),
    timeoutMs: job.timeoutMs,
    progress: text(job.progress),
    result: text(job.result),
    error: text(job.error),
    stalls: job.stalls,
    pausedFrom: job.pausedFrom === null ? null : stateCode(job.pausedFrom),
    leaseOwner: job.leaseOwner,
    leaseUntil: job.leaseUntil,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

export interface EventRow {
  type: number;
  state: number;
  attempt: number;
  at: number;
  run_at: number;
  data: string | null;
  namespace: string;
  id: string;
  queue: string;
  handler: string;
}

export function rowToEvent(row: EventRow): JobEvent {
  return {
    type: JOB_EVENT_TYPES[row.type]!,
    namespace: row.namespace,
    jobId: row.id,
    queue: row.queue,
    handler: row.handler,
    state: STATE_CODES[row.state]!,
    attempt: row.attempt,
    at: row.at,
    runAt: row.run_at,
    data: parse<Json>(row.data),
  };
}

export interface ScheduleRow {
  namespace: string;
  id: string;
  trigger_spec: string;
  trigger_state: string;
  job: string;
  paused: number;
  next_fire_at: number | null;
  last_fire_at: number | null;
  fire_count: number;
  misfire_count: number;
  misfire_grace_ms: number | null;
  coalesce_policy: string;
  max_catch_up: number;
  overlap_policy: string;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

export function rowToSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    namespace: row.namespace,
    trigger: JSON.parse(row.trigger_spec) as Schedule['trigger'],
    triggerState: JSON.parse(row.trigger_state) as Schedule['triggerState'],
    job: JSON.parse(row.job) as Schedule['job'],
    paused: row.paused === 1,
    nextFireAt: row.next_fire_at,
    lastFireAt: row.last_fire_at,
    fireCount: row.fire_count,
    misfireCount: row.misfire_count,
    misfireGraceMs: row.misfire_grace_ms,
    coalesce: row.coalesce_policy as CoalescePolicy,
    maxCatchUp: row.max_catch_up,
    overlap: row.overlap_policy as OverlapPolicy,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The parameters of `upsert-schedule` / `write-schedule`. */
export function scheduleParams(s: Schedule) {
  return {
    namespace: s.namespace,
    id: s.id,
    trigger: JSON.stringify(s.trigger),
    triggerState: JSON.stringify(s.triggerState),
    job: JSON.stringify(s.job),
    paused: s.paused ? 1 : 0,
    nextFireAt: s.nextFireAt,
    lastFireAt: s.lastFireAt,
    fireCount: s.fireCount,
    misfireCount: s.misfireCount,
    misfireGraceMs: s.misfireGraceMs,
    coalesce: s.coalesce,
    maxCatchUp: s.maxCatchUp,
    overlap: s.overlap,
    leaseOwner: s.leaseOwner,
    leaseUntil: s.leaseUntil,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
