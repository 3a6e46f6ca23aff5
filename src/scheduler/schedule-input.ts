import { z } from 'zod';
import { toMs, type Duration } from '../core/duration.js';
import { resolveBackoff, type BackoffInput, type JobDefaults } from '../core/job-input.js';
import { serialisePayload, type Json } from '../core/json.js';
import type { CoalescePolicy, NewSchedule, OverlapPolicy, Schedule } from '../core/schedule.js';
import { parseInput } from '../core/validate.js';
import { ValidationError } from '../core/errors.js';
import { resolveHttpTarget, type HttpTargetInput } from '../core/http-target.js';
import { HTTP_HANDLER } from '../core/job.js';
import { createTrigger } from '../triggers/index.js';
import { initialTriggerState, type TriggerSpec } from '../triggers/trigger.js';

/** A schedule as callers define it. Defaults in brackets. */
export interface ScheduleDefinition<P = Json> {
  /** Caller-chosen stable id: upserting it again updates the schedule, never duplicates it. */
  id: string;
  trigger: TriggerSpec;
  /** The handler each occurrence runs; omit it (or give `http`) with `target`. */
  handler?: string;
  /** An HTTP target instead of a handler: each occurrence POSTs the payload to its url. */
  target?: HttpTargetInput;
  /** [null] */
  payload?: P;
  job?: {
    queue?: string;
    priority?: number;
    maxAttempts?: number;
    backoff?: BackoffInput;
    timeout?: Duration;
  };
  /** [false] */
  paused?: boolean;
  /** A fire later than this does not run (ms or `'5m'`). [no limit] */
  misfireGrace?: Duration | null;
  /** [`latest`] */
  coalesce?: CoalescePolicy;
  /** With coalesce `all`, at most this many missed fires run. [100] */
  maxCatchUp?: number;
  /** [`allow`] */
  overlap?: OverlapPolicy;
}

const definitionSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.:\-/]{1,200}$/, 'must be 1-200 characters of letters, digits and _ . : - /'),
    trigger: z.unknown(),
    handler: z.string().optional(),
    target: z.unknown().optional(),
    payload: z.unknown().optional(),
    job: z
      .object({
        queue: z.string().min(1).max(200).optional(),
        priority: z.number().int().optional(),
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        backoff: z.record(z.string(), z.unknown()).optional(),
        timeout: z.union([z.number(), z.string()]).optional(),
      })
      .strict()
      .optional(),
    paused: z.boolean().optional(),
    misfireGrace: z.union([z.number(), z.string(), z.null()]).optional(),
    coalesce: z.enum(['latest', 'earliest', 'all']).optional(),
    maxCatchUp: z.number().int().min(1).max(10_000).optional(),
    overlap: z.enum(['allow', 'skip', 'queue-one', 'cancel-previous']).optional(),
  })
  .strict();

/**
 * Validates a definition and resolves it into a NewSchedule. When `existing` has the same trigger, its
 * position (next fire, trigger state) is kept, so re-declaring a static schedule at every start-up does
 * not move or repeat its fires; a changed trigger starts over from `now`.
 */
export function resolveSchedule(
  input: ScheduleDefinition<unknown>,
  ctx: { namespace: string; now: number; defaults: JobDefaults; maxPayloadBytes: number; existing: Schedule | null },
): NewSchedule {
  const def = parseInput(definitionSchema, input, 'schedule');
  const trigger = createTrigger(def.trigger, 'trigger');
  const payload = JSON.parse(serialisePayload(def.payload ?? null, 'payload', ctx.maxPayloadBytes)) as Json;
  const job = def.job ?? {};
  const target = def.target === undefined ? null : resolveHttpTarget(def.target, 'schedule.target');
  if (target && def.handler !== undefined && def.handler !== HTTP_HANDLER) {
    throw new ValidationError('schedule.handler', 'give either a handler or a target, not both');
  }
  if (!target && def.handler === undefined) throw new ValidationError('schedule.handler', 'is required (or a target)');
  if (!target && def.handler === HTTP_HANDLER) {
    throw new ValidationError('schedule.handler', `"${HTTP_HANDLER}" is reserved for HTTP targets: give a target url`);
  }
  const sameTrigger = ctx.existing !== null && JSON.stringify(ctx.existing.trigger) === JSON.stringify(trigger.spec);
  let nextFireAt: number | null;
  let triggerState;
  if (sameTrigger) {
    nextFireAt = ctx.existing!.nextFireAt;
    triggerState = ctx.existing!.triggerState;
  } else {
    const first = trigger.next(ctx.now - 1, initialTriggerState());
    nextFireAt = first?.at ?? null;
    triggerState = first?.state ?? initialTriggerState();
  }
  return {
    id: def.id,
    namespace: ctx.namespace,
    trigger: trigger.spec,
    triggerState,
    job: {
      handler: target ? HTTP_HANDLER : def.handler!,
      ...(target ? { target } : {}),
      payload,
      queue: job.queue ?? ctx.defaults.queue,
      priority: job.priority ?? 0,
      maxAttempts: job.maxAttempts ?? ctx.defaults.maxAttempts,
      backoff: resolveBackoff(job.backoff as BackoffInput | undefined, ctx.defaults.backoff, 'schedule.job.backoff'),
      timeoutMs: job.timeout === undefined ? ctx.defaults.timeoutMs : toMs(job.timeout, 'schedule.job.timeout'),
    },
    paused: def.paused ?? false,
    nextFireAt,
    misfireGraceMs:
      def.misfireGrace === undefined || def.misfireGrace === null
        ? null
        : toMs(def.misfireGrace, 'schedule.misfireGrace'),
    coalesce: def.coalesce ?? 'latest',
    maxCatchUp: def.maxCatchUp ?? 100,
    overlap: def.overlap ?? 'allow',
  };
}
