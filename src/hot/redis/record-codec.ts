import { ValidationError } from '../../core/errors.js';
import type { BackoffPolicy, Job, JobFailure, JobState } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { JobRef } from '../hot-tier.js';

/**
 * A job in Redis is one field of the queue's jobs hash: `<header JSON>\n<payload JSON>`. The header
 * holds everything but the payload under one- or two-letter names, omitting nulls and defaults; Lua
 * decodes and re-encodes only the header (cjson), so the payload is never parsed in Redis and its
 * numbers keep full precision. JSON text never holds a raw newline, so the first one splits the two.
 * leaseUntil is not in the record: the active zset's score is the lease (a heartbeat is one ZADD).
 *
 * Numbers in the header pass through Lua's cjson, exact up to 14 digits: `checkInt` refuses more.
 */
export interface RecordHeader {
  /** State code, see STATE_CODES. */
  s: StateCode;
  /** attempt */
  a: number;
  /** version: +1 per transition */
  v: number;
  /** handler */
  h: string;
  /** priority (omitted: 0) */
  P?: number;
  /** runAt */
  t: number;
  /** maxAttempts */
  m: number;
  /** backoff, `f|e,delayMs,maxDelayMs,jitter` */
  b: string;
  /** timeoutMs */
  o?: number;
  /** key */
  k?: string;
  /** scheduleId, fireTime */
  i?: string;
  F?: number;
  /** deadline */
  D?: number;
  /** progress, result, error: JSON text */
  g?: string;
  R?: string;
  e?: string;
  /** stalls (omitted: 0) */
  n?: number;
  /** pausedFrom code */
  pf?: 's' | 'q';
  /** leaseOwner */
  w?: string;
  /** createdAt, updatedAt, startedAt, finishedAt */
  c: number;
  u: number;
  st?: number;
  fi?: number;
  /** cancel reason */
  cr?: string;
}

export type StateCode = 's' | 'q' | 'r' | 'p' | 'd' | 'f' | 'c';

export const STATE_CODES: Record<JobState, StateCode> = {
  scheduled: 's',
  queued: 'q',
  running: 'r',
  paused: 'p',
  succeeded: 'd',
  failed: 'f',
  cancelled: 'c',
};

const STATES_BY_CODE = new Map<string, JobState>(
  Object.entries(STATE_CODES).map(([state, code]) => [code, state as JobState]),
);

/** Priority times this plus runAt orders the ready zset: priority first, then runAt (exact for |priority| < 1024). */
export const PRIORITY_SPAN = 2 ** 42;
const MAX_EXACT = 1e14;

/** A record that cannot be decoded; the caller quarantines it. */
export class MalformedRecordError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MalformedRecordError';
  }
}

export function stateFromCode(code: unknown): JobState {
  const state = typeof code === 'string' ? STATES_BY_CODE.get(code) : undefined;
  if (state === undefined) throw new MalformedRecordError(`unknown state code ${JSON.stringify(code)}`);
  return state;
}

export function readyScore(priority: number, runAt: number): string {
  return String(priority * PRIORITY_SPAN + runAt);
}

export function checkInt(value: number, field: string): number {
  if (!Number.isInteger(value) || Math.abs(value) >= MAX_EXACT) {
    throw new ValidationError(field, `${value} is not an integer below 1e14 (the hot tier keeps 14 digits)`);
  }
  return value;
}

export function encodeBackoff(b: BackoffPolicy): string {
  return `${b.type === 'fixed' ? 'f' : 'e'},${b.delayMs},${b.maxDelayMs},${b.jitter}`;
}

function decodeBackoff(text: unknown): BackoffPolicy {
  const parts = typeof text === 'string' ? text.split(',') : [];
  const [type, delayMs, maxDelayMs, jitter] = parts.map((p, i) => (i === 0 ? p : Number(p)));
  if (parts.length !== 4 || (type !== 'f' && type !== 'e') || [delayMs, maxDelayMs, jitter].some(Number.isNaN)) {
    throw new MalformedRecordError(`bad backoff ${JSON.stringify(text)}`);
  }
  return {
    type: type === 'f' ? 'fixed' : 'exponential',
    delayMs: delayMs as number,
    maxDelayMs: maxDelayMs as number,
    jitter: jitter as number,
  };
}

/** The header of a job about to be pushed, as JSON text. */
export function encodeHeader(job: Job, state: StateCode, version: number): string {
  const h: RecordHeader = {
    s: state,
    a: checkInt(job.attempt, 'attempt'),
    v: checkInt(version, 'version'),
    h: job.handler,
    t: checkInt(job.runAt, 'runAt'),
    m: checkInt(job.maxAttempts, 'maxAttempts'),
    b: encodeBackoff(job.backoff),
    c: checkInt(job.createdAt, 'createdAt'),
    u: checkInt(job.updatedAt, 'updatedAt'),
  };
  if (job.priority !== 0) h.P = checkInt(job.priority, 'priority');
  if (job.timeoutMs !== null) h.o = checkInt(job.timeoutMs, 'timeoutMs');
  if (job.key !== null) h.k = job.key;
  if (job.scheduleId !== null) h.i = job.scheduleId;
  if (job.fireTime !== null) h.F = checkInt(job.fireTime, 'fireTime');
  if (job.deadline !== null) h.D = checkInt(job.deadline, 'deadline');
  if (job.progress !== null) h.g = JSON.stringify(job.progress);
  if (job.result !== null) h.R = JSON.stringify(job.result);
  if (job.error !== null) h.e = JSON.stringify(job.error);
  if (job.stalls !== 0) h.n = checkInt(job.stalls, 'stalls');
  if (state === 'p') h.pf = job.pausedFrom === 'scheduled' ? 's' : 'q';
  if (job.startedAt !== null) h.st = checkInt(job.startedAt, 'startedAt');
  if (job.finishedAt !== null) h.fi = checkInt(job.finishedAt, 'finishedAt');
  return JSON.stringify(h);
}

/** Splits a record into header text and payload text. */
export function splitRecord(raw: string): [header: string, payload: string | null] {
  const cut = raw.indexOf('\n');
  return cut < 0 ? [raw, null] : [raw.slice(0, cut), raw.slice(cut + 1)];
}

export function parseHeader(text: string): RecordHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MalformedRecordError('header is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedRecordError('header is not an object');
  }
  const h = value as Record<string, unknown>;
  for (const field of ['a', 'v', 't', 'm', 'c', 'u']) {
    if (typeof h[field] !== 'number') throw new MalformedRecordError(`header field ${field} is not a number`);
  }
  if (typeof h.h !== 'string') throw new MalformedRecordError('header field h (handler) is not a string');
  stateFromCode(h.s);
  return value as RecordHeader;
}

export function parseJsonText<T = Json>(text: string | undefined, what: string): T | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new MalformedRecordError(`${what} is not JSON`);
  }
}

/** A job from its header and payload; `leaseUntil` comes from the active zset. */
export function jobFromHeader(ref: JobRef, h: RecordHeader, payload: string | null, leaseUntil: number | null): Job {
  if (payload === null) throw new MalformedRecordError('record has no payload');
  const state = stateFromCode(h.s);
  return {
    id: ref.id,
    namespace: ref.namespace,
    queue: ref.queue,
    handler: h.h,
    payload: parseJsonText(payload, 'payload'),
    state,
    priority: h.P ?? 0,
    runAt: h.t,
    attempt: h.a,
    maxAttempts: h.m,
    backoff: decodeBackoff(h.b),
    timeoutMs: h.o ?? null,
    key: h.k ?? null,
    scheduleId: h.i ?? null,
    fireTime: h.F ?? null,
    deadline: h.D ?? null,
    progress: parseJsonText(h.g, 'progress'),
    result: parseJsonText(h.R, 'result'),
    error: parseJsonText<JobFailure>(h.e, 'error'),
    stalls: h.n ?? 0,
    pausedFrom: state === 'paused' ? (h.pf === 's' ? 'scheduled' : 'queued') : null,
    leaseOwner: state === 'running' ? (h.w ?? null) : null,
    leaseUntil: state === 'running' ? leaseUntil : null,
    createdAt: h.c,
    updatedAt: h.u,
    startedAt: h.st ?? null,
    finishedAt: h.fi ?? null,
  };
}

/** Decodes a whole record; throws MalformedRecordError when it cannot. */
export function decodeRecord(ref: JobRef, raw: string, leaseUntil: number | null): Job {
  const [header, payload] = splitRecord(raw);
  return jobFromHeader(ref, parseHeader(header), payload, leaseUntil);
}
