import type { JobEvent, JobEventType } from '../../core/events.js';
import { effectiveState, type Job, type JobState } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { Schedule } from '../../core/schedule.js';

/** A row of :SCHEMA.jobs as pg returns it (int8 parsed to number, json parsed). */
export interface JobRow {
  namespace: string;
  id: string;
  queue: string;
  handler: string;
  payload: Json;
  state: JobState;
  priority: number;
  run_at: number;
  attempt: number;
  max_attempts: number;
  backoff: Job['backoff'];
  timeout_ms: number | null;
  key: string | null;
  schedule_id: string | null;
  fire_time: number | null;
  deadline: number | null;
  /** Absent in rows read before migration 002 ran (never in practice: the store checks the version). */
  target?: Job['target'];
  /** Absent in rows read before migration 004 ran. */
  traceparent?: string | null;
  progress: Json | null;
  result: Json | null;
  error: Job['error'];
  stalls: number;
  paused_from: Job['pausedFrom'];
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  [column: string]: unknown;
}

/** The job as stored (a due job may still say `scheduled`): what transitions work on. */
export function toStoredJob(row: JobRow): Job {
  return {
    id: row.id,
    namespace: row.namespace,
    queue: row.queue,
    handler: row.handler,
    payload: row.payload,
    state: row.state,
    priority: row.priority,
    runAt: row.run_at,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    backoff: row.backoff,
    timeoutMs: row.timeout_ms,
    key: row.key,
    scheduleId: row.schedule_id,
    fireTime: row.fire_time,
    deadline: row.deadline,
    target: row.target ?? null,
    traceparent: row.traceparent ?? null,
    progress: row.progress,
    result: row.result,
    error: row.error,
    stalls: row.stalls,
    pausedFrom: row.paused_from,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** The job as the contract shows it: `now` turns a due `scheduled` job into `queued`. */
export function view(job: Job, now: number): Job {
  const state = effectiveState(job.state, job.runAt, now);
  return state === job.state ? job : { ...job, state };
}

export function toJob(row: JobRow, now: number): Job {
  return view(toStoredJob(row), now);
}

export interface JobEventRow {
  namespace: string;
  job_id: string;
  type: JobEventType;
  queue: string;
  handler: string;
  state: JobState;
  attempt: number;
  at: number;
  run_at: number;
  data: Json | null;
  [column: string]: unknown;
}

export function toJobEvent(row: JobEventRow): JobEvent {
  return {
    type: row.type,
    namespace: row.namespace,
    jobId: row.job_id,
    queue: row.queue,
    handler: row.handler,
    state: row.state,
    attempt: row.attempt,
    at: row.at,
    runAt: row.run_at,
    data: row.data,
  };
}

export interface ScheduleRow {
  namespace: string;
  id: string;
  trigger: Schedule['trigger'];
  trigger_state: Schedule['triggerState'];
  job: Schedule['job'];
  paused: boolean;
  next_fire_at: number | null;
  last_fire_at: number | null;
  fire_count: number;
  misfire_count: number;
  misfire_grace_ms: number | null;
  coalesce_policy: Schedule['coalesce'];
  max_catch_up: number;
  overlap_policy: Schedule['overlap'];
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
  [column: string]: unknown;
}

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    namespace: row.namespace,
    trigger: row.trigger,
    triggerState: row.trigger_state,
    job: row.job,
    paused: row.paused,
    nextFireAt: row.next_fire_at,
    lastFireAt: row.last_fire_at,
    fireCount: row.fire_count,
    misfireCount: row.misfire_count,
    misfireGraceMs: row.misfire_grace_ms,
    coalesce: row.coalesce_policy,
    maxCatchUp: row.max_catch_up,
    overlap: row.overlap_policy,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
