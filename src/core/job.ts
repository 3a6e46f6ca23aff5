import type { Json } from './json.js';

/**
 * The job life cycle (brief §4):
 *
 *   scheduled ──(runAt passes)──▶ queued ──(claimed)──▶ running ──▶ succeeded | failed
 *       ▲                                                  │
 *       └──────────────(retry after backoff)───────────────┘
 *   scheduled | queued ──pause──▶ paused ──resume──▶ scheduled | queued
 *   any non-final state ──cancel──▶ cancelled   (a running job is told through its AbortSignal)
 *
 * Stores keep `scheduled` for a job whose runAt was in the future when it was written; a scheduled job
 * whose runAt has passed is *reported* as `queued` (it is waiting for a worker) without a write.
 */
export const JOB_STATES = ['scheduled', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'paused'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);
export const LIVE_STATES: readonly JobState[] = ['scheduled', 'queued', 'running', 'paused'];

export function isFinal(state: JobState): boolean {
  return FINAL_STATES.has(state);
}

/** What the caller sees: a stored `scheduled` job that is already due is `queued`. */
export function effectiveState(state: JobState, runAt: number, now: number): JobState {
  return state === 'scheduled' && runAt <= now ? 'queued' : state;
}

/** How long to wait before retry N (N = the attempt that just failed, from 1). */
export interface BackoffPolicy {
  /** `fixed`: always `delayMs`; `exponential`: `delayMs * 2^(attempt-1)`, capped by `maxDelayMs`. */
  type: 'fixed' | 'exponential';
  delayMs: number;
  /** Upper bound on one delay. Default: 1 hour. */
  maxDelayMs: number;
  /** Fraction of each delay that is random, 0..1 (0.2 = ±20%). Default 0. */
  jitter: number;
}

/** What a job keeps of a failed attempt. */
export interface JobFailure {
  message: string;
  name: string;
  code: string | null;
  stack: string | null;
  /** False when the handler said "do not retry" (NonRetryableError) or the policy ended. */
  retryable: boolean;
}

/** What happens when a keyed job arrives while a live job holds the key. */
export type KeyConflictPolicy = 'return-existing' | 'replace' | 'reject';

/**
 * A job that is an HTTP request rather than code: the built-in `http` handler POSTs the payload (JSON)
 * to `url`, signed (src/http-target). Immutable once written; the payload stays the request body.
 */
export interface HttpTarget {
  /** An absolute http: or https: URL. */
  url: string;
  /** Extra request headers (lower-case names). */
  headers: Record<string, string>;
}

/** The reserved handler name of HTTP-target jobs. */
export const HTTP_HANDLER = 'http';

/** A job as stored. Times are epoch milliseconds. */
export interface Job<P = Json, R = Json> {
  id: string;
  namespace: string;
  queue: string;
  handler: string;
  payload: P;
  state: JobState;
  /** Lower runs first. Default 0. */
  priority: number;
  runAt: number;
  /** Attempts started so far; the current attempt's number while running, and its fencing token. */
  attempt: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  timeoutMs: number | null;
  /** At most one live job holds a key in a namespace. */
  key: string | null;
  /** Set on a schedule's occurrences, with the nominal fire time. */
  scheduleId: string | null;
  fireTime: number | null;
  /** A job not started by this time is not run: it is cancelled as MISFIRED (misfire grace time). */
  deadline: number | null;
  /** Set (with handler `http`) on an HTTP-target job; null otherwise. */
  target: HttpTarget | null;
  /**
   * The W3C trace context (`traceparent`) of the code that enqueued it, so the spans of its attempts
   * join the caller's trace (src/observability/tracing). Null or absent when no tracer was active.
   */
  traceparent?: string | null;
  progress: Json | null;
  result: R | null;
  error: JobFailure | null;
  /** Times its lease expired while running (a crashed or stuck worker). */
  stalls: number;
  /** The state a paused job returns to on resume. */
  pausedFrom: 'scheduled' | 'queued' | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** A job ready to be written: every option resolved. */
export interface NewJob {
  id: string;
  namespace: string;
  queue: string;
  handler: string;
  payload: Json;
  priority: number;
  runAt: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  timeoutMs: number | null;
  key: string | null;
  onKeyConflict: KeyConflictPolicy;
  scheduleId: string | null;
  fireTime: number | null;
  deadline: number | null;
  /** An HTTP-target job's request (handler `http`). [null] */
  target?: HttpTarget | null;
  /** The enqueuer's W3C trace context. [null] */
  traceparent?: string | null;
  /** Written as `paused` (pausedFrom derived from runAt). */
  paused: boolean;
}

/** The fields of a live job that update may change. */
export interface JobPatch {
  payload?: Json;
  queue?: string;
  priority?: number;
  /** Reschedule: a new run time (a queued job with a future runAt goes back to scheduled). */
  runAt?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  timeoutMs?: number | null;
}

/** The outcome of one attempt, reported by the worker that holds the lease (fenced by attempt). */
export type JobOutcome =
  | { kind: 'succeeded'; id: string; attempt: number; workerId: string; result: Json }
  | { kind: 'failed'; id: string; attempt: number; workerId: string; error: JobFailure }
  | { kind: 'retry'; id: string; attempt: number; workerId: string; error: JobFailure; runAt: number }
  /** The attempt stopped because the job was cancelled, paused or its deadline passed. */
  | { kind: 'aborted'; id: string; attempt: number; workerId: string; error: JobFailure };

export interface JobFilter {
  namespace: string;
  states?: JobState[];
  queues?: string[];
  handlers?: string[];
  key?: string;
  scheduleId?: string;
  /** Jobs whose runAt lies in [from, to). */
  runAtFrom?: number;
  runAtTo?: number;
  /** Case-sensitive substring of the payload's JSON text. */
  payloadContains?: string;
}

export interface PageRequest {
  /** Default 100, at most 1000. */
  limit?: number;
  /** Opaque cursor from the previous page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface QueueStats {
  namespace: string;
  queue: string;
  paused: boolean;
  counts: Record<JobState, number>;
}
