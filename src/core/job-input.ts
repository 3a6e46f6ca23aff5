import { z } from 'zod';
import { DEFAULT_BACKOFF } from './backoff.js';
import { toMs, type Duration } from './duration.js';
import { ValidationError } from './errors.js';
import { newJobId } from './ids.js';
import type { BackoffPolicy, KeyConflictPolicy, NewJob } from './job.js';
import { serialisePayload, type Json } from './json.js';
import { parseInput } from './validate.js';

/** Options for one job. Every field is optional; defaults in brackets. */
export interface JobOptions {
  /** Caller-chosen id; submitting the same id twice writes one job. [a new UUIDv7] */
  id?: string;
  /** [`default`] */
  queue?: string;
  /** Lower runs first. [0] */
  priority?: number;
  /** Run at this time. Exclusive with `delay`. [now] */
  runAt?: Date | number;
  /** Run after this long: ms or `'30m'`. Exclusive with `runAt`. */
  delay?: Duration;
  /** Attempts in all, the first included. [the instance's default: 3] */
  maxAttempts?: number;
  /** Delay between attempts. [exponential from 1 s, capped at 1 h] */
  backoff?: BackoffInput;
  /** Per-attempt time limit; the handler's signal aborts when it passes. [none] */
  timeout?: Duration;
  /** At most one live job per key in the namespace (`order:42`). [none] */
  key?: string;
  /** When a live job holds the key already. [`return-existing`] */
  onKeyConflict?: KeyConflictPolicy;
  /** Write the job paused; it runs once resumed. [false] */
  paused?: boolean;
}

export interface BackoffInput {
  type?: 'fixed' | 'exponential';
  delay?: Duration;
  maxDelay?: Duration;
  jitter?: number;
}

export interface JobDefaults {
  queue: string;
  maxAttempts: number;
  backoff: BackoffPolicy;
  timeoutMs: number | null;
}

const name = z
  .string()
  .regex(/^[A-Za-z0-9_.:\-/@]{1,200}$/, 'must be 1-200 characters of letters, digits and _ . : - / @');
const duration = z.union([z.number(), z.string()]);

const optionsSchema = z
  .object({
    id: name.optional(),
    queue: name.optional(),
    priority: z.number().int('must be an integer').min(-1_000_000).max(1_000_000).optional(),
    runAt: z.union([z.date(), z.number()]).optional(),
    delay: duration.optional(),
    maxAttempts: z.number().int('must be an integer').min(1).max(1000).optional(),
    backoff: z
      .object({
        type: z.enum(['fixed', 'exponential']).optional(),
        delay: duration.optional(),
        maxDelay: duration.optional(),
        jitter: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    timeout: duration.optional(),
    key: z.string().min(1).max(512).optional(),
    onKeyConflict: z.enum(['return-existing', 'replace', 'reject']).optional(),
    paused: z.boolean().optional(),
  })
  .strict();

export function resolveBackoff(input: BackoffInput | undefined, base: BackoffPolicy, field: string): BackoffPolicy {
  if (!input) return base;
  return {
    type: input.type ?? base.type,
    delayMs: input.delay === undefined ? base.delayMs : toMs(input.delay, `${field}.delay`),
    maxDelayMs: input.maxDelay === undefined ? base.maxDelayMs : toMs(input.maxDelay, `${field}.maxDelay`),
    jitter: input.jitter ?? base.jitter,
  };
}

export function toEpochMs(value: Date | number, field: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new ValidationError(field, 'is not a valid date');
  // Whole milliseconds, as every store keeps them (PostgreSQL's bigint refuses a fraction); rounded up,
  // so a job never runs before the time it was given.
  return Math.ceil(ms);
}

/** Validates one submission and resolves it into a NewJob; bad input names its field. */
export function resolveNewJob(
  handler: string,
  payload: unknown,
  input: JobOptions | undefined,
  ctx: { namespace: string; now: number; defaults: JobDefaults; maxPayloadBytes: number },
): NewJob {
  const options = parseInput(optionsSchema, input ?? {}, 'options');
  const text = serialisePayload(payload, 'payload', ctx.maxPayloadBytes);
  if (options.runAt !== undefined && options.delay !== undefined) {
    throw new ValidationError('options.delay', 'give either runAt or delay, not both');
  }
  let runAt = ctx.now;
  if (options.runAt !== undefined) runAt = toEpochMs(options.runAt, 'options.runAt');
  if (options.delay !== undefined) runAt = ctx.now + toMs(options.delay, 'options.delay');
  return {
    id: options.id ?? newJobId(ctx.now),
    namespace: ctx.namespace,
    queue: options.queue ?? ctx.defaults.queue,
    handler,
    payload: JSON.parse(text) as Json,
    priority: options.priority ?? 0,
    runAt,
    maxAttempts: options.maxAttempts ?? ctx.defaults.maxAttempts,
    backoff: resolveBackoff(options.backoff, ctx.defaults.backoff, 'options.backoff'),
    timeoutMs: options.timeout === undefined ? ctx.defaults.timeoutMs : toMs(options.timeout, 'options.timeout'),
    key: options.key ?? null,
    onKeyConflict: options.onKeyConflict ?? 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: options.paused ?? false,
  };
}

export const DEFAULT_JOB_DEFAULTS: JobDefaults = {
  queue: 'default',
  maxAttempts: 3,
  backoff: DEFAULT_BACKOFF,
  timeoutMs: null,
};
