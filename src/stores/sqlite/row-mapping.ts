import type { JobEvent, JobEventType } from '../../core/events.js';
import type { HttpTarget, Job, JobFailure, JobState } from '../../core/job.js';
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

/** A job read from the database with its rowid (`seq`, the key of its history rows). */
export interface StoredJob {
  seq: number;
  job: Job;
}

const STATE_SCHEDULED = 0;

/**
 * Reads a `{{job-doc}}` JSON array (queries/fragments.sql; the order is the fragment's) as the caller
 * sees the job at `now`: a due `scheduled` job reads `queued`.
 */
export function docToJob(doc: string, now: number): StoredJob {
  const r = JSON.parse(doc) as unknown[];
  const code = r[6] as number;
  const runAt = r[8] as number;
  const pausedFrom = r[24] as number | null;
  const job: Job = {
    id: r[2] as string,
    namespace: r[1] as string,
    queue: r[3] as string,
    handler: r[4] as string,
    payload: r[5] as Json,
    state: code === STATE_SCHEDULED && runAt <= now ? 'queued' : STATE_CODES[code]!,
    priority: r[7] as number,
    runAt,
    attempt: r[9] as number,
    maxAttempts: r[10] as number,
    backoff: {
      type: r[11] === 0 ? 'fixed' : 'exponential',
      delayMs: r[12] as number,
      maxDelayMs: r[13] as number,
      jitter: r[14] as number,
    },
    timeoutMs: r[15] as number | null,
    key: r[16] as string | null,
    scheduleId: r[17] as string | null,
    fireTime: r[18] as number | null,
    deadline: r[19] as number | null,
    target: (r[31] ?? null) as HttpTarget | null,
    traceparent: (r[32] ?? null) as string | null,
    progress: r[20] as Json | null,
    result: r[21] as Json | null,
    error: r[22] as JobFailure | null,
    stalls: r[23] as number,
    pausedFrom: pausedFrom === null ? null : (STATE_CODES[pausedFrom] as 'scheduled' | 'queued'),
    leaseOwner: r[25] as string | null,
    leaseUntil: r[26] as number | null,
    createdAt: r[27] as number,
    updatedAt: r[28] as number,
    startedAt: r[29] as number | null,
    finishedAt: r[30] as number | null,
  };
  return { seq: r[0] as number, job };
}

/** The parameters of `insert-job` for a job created by createJob (attempt 0, no lease, no result). */
export function insertParams(job: Job, payloadText: string, history: string) {
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
    backoffType: job.backoff.type === 'fixed' ? 0 : 1,
    backoffDelay: job.backoff.delayMs,
    backoffMax: job.backoff.maxDelayMs,
    backoffJitter: job.backoff.jitter,
    timeoutMs: job.timeoutMs,
    key: job.key,
    scheduleId: job.scheduleId,
    fireTime: job.fireTime,
    deadline: job.deadline,
    pausedFrom: job.pausedFrom === null ? null : stateCode(job.pausedFrom),
    now: job.createdAt,
    history,
    target: job.target === null ? null : JSON.stringify(job.target),
    traceparent: job.traceparent ?? null,
  };
}

const text = (value: Json | JobFailure | null) => (value === null ? null : JSON.stringify(value));

/** The parameters of `write-job`: every column a transition may change, and the history line. */
export function writeParams(seq: number, job: Job, event: string) {
  return {
    seq,
    event,
    queue: job.queue,
    payload: JSON.stringify(job.payload),
    state: stateCode(job.state),
    priority: job.priority,
    runAt: job.runAt,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    backoffType: job.backoff.type === 'fixed' ? 0 : 1,
    backoffDelay: job.backoff.delayMs,
    backoffMax: job.backoff.maxDelayMs,
    backoffJitter: job.backoff.jitter,
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

/** One history line: `[type, state, attempt, at, runAt, data]` and a newline (data is JSON text). */
export function historyLine(event: JobEvent, dataText: string | null): string {
  return `[${eventCode(event.type)},${stateCode(event.state)},${event.attempt},${event.at},${event.runAt},${dataText ?? 'null'}]\n`;
}

export interface HistoryRow {
  namespace: string;
  id: string;
  queue: string;
  handler: string;
  history: string;
}

/** A job's history as events, oldest first (queue and handler are the job's current ones). */
export function historyToEvents(row: HistoryRow): JobEvent[] {
  const events: JobEvent[] = [];
  for (const line of row.history.split('\n')) {
    if (line === '') continue;
    const [type, state, attempt, at, runAt, data] = JSON.parse(line) as [number, number, number, number, number, Json?];
    events.push({
      type: JOB_EVENT_TYPES[type]!,
      namespace: row.namespace,
      jobId: row.id,
      queue: row.queue,
      handler: row.handler,
      state: STATE_CODES[state]!,
      attempt,
      at,
      runAt,
      data: data ?? null,
    });
  }
  return events;
}

/** Reads a `{{schedule-doc}}` JSON array (queries/fragments.sql; the order is the fragment's). */
export function docToSchedule(doc: string): Schedule {
  const r = JSON.parse(doc) as unknown[];
  return {
    id: r[1] as string,
    namespace: r[0] as string,
    trigger: r[2] as Schedule['trigger'],
    triggerState: r[3] as Schedule['triggerState'],
    job: r[4] as Schedule['job'],
    paused: r[5] === 1,
    nextFireAt: r[6] as number | null,
    lastFireAt: r[7] as number | null,
    fireCount: r[8] as number,
    misfireCount: r[9] as number,
    misfireGraceMs: r[10] as number | null,
    coalesce: r[11] as CoalescePolicy,
    maxCatchUp: r[12] as number,
    overlap: r[13] as OverlapPolicy,
    leaseOwner: r[14] as string | null,
    leaseUntil: r[15] as number | null,
    createdAt: r[16] as number,
    updatedAt: r[17] as number,
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
