import { create } from '@bufbuild/protobuf';
import { ValidationError } from '../../core/errors.js';
import { validateHandlerName } from '../../worker/handler-registry.js';
import type { Schedule as CoreSchedule, JobTemplate as CoreTemplate } from '../../core/schedule.js';
import type { ScheduleDefinition } from '../../scheduler/schedule-input.js';
import { JobTemplateSchema, ScheduleSchema, type JobTemplate, type Schedule } from '../../gen/tickwork/v1/common_pb.js';
import { backoffFromProto, backoffInputOf, backoffToProto } from './backoff.js';
import { coalescePolicies, overlapPolicies } from './enums.js';
import { jsonFromValue, valueFromJson } from './json-value.js';
import { msFromDuration, optionalDuration, optionalTimestamp, timestamp } from './time.js';
import { triggerFromProto, triggerToProto } from './trigger.js';
import { resolveHttpTarget, type HttpTargetInput } from '../../core/http-target.js';
import { snake } from './field-path.js';

type Definition = ScheduleDefinition<unknown>;
type TemplateOptions = NonNullable<Definition['job']>;

/**
 * A wire Schedule (the caller's definition; output-only fields ignored) → the facade's definition.
 * `field` is where it sits in the request (`schedule`).
 */
export function scheduleFromProto(s: Schedule | undefined, field: string): Definition {
  if (s === undefined) throw new ValidationError(field, 'is required');
  if (s.id === '') throw new ValidationError(`${field}.id`, 'is required');
  const template = templateFromProto(s.job, `${field}.job`);
  const def: Definition = {
    id: s.id,
    trigger: triggerFromProto(s.trigger, `${field}.trigger`) as unknown as Definition['trigger'],
    ...template.target,
    payload: template.payload,
    job: template.options,
    paused: s.paused,
  };
  if (s.misfireGrace !== undefined) def.misfireGrace = msFromDuration(s.misfireGrace, `${field}.misfire_grace`);
  const coalesce = coalescePolicies.optionalCore(s.coalesce, `${field}.coalesce`);
  if (coalesce !== undefined) def.coalesce = coalesce;
  if (s.maxCatchUp !== undefined) def.maxCatchUp = s.maxCatchUp;
  const overlap = overlapPolicies.optionalCore(s.overlap, `${field}.overlap`);
  if (overlap !== undefined) def.overlap = overlap;
  return def;
}

export function templateFromProto(
  t: JobTemplate | undefined,
  field: string,
): { target: { handler: string } | { target: HttpTargetInput }; payload: unknown; options: TemplateOptions } {
  if (t === undefined) throw new ValidationError(field, 'is required');
  if (t.target.case !== 'handler' && t.target.case !== 'http')
    throw new ValidationError(`${field}.handler`, 'is required (a handler name or an http target)');
  let target: { handler: string } | { target: HttpTargetInput };
  if (t.target.case === 'http') {
    const { url, headers } = t.target.value;
    target = { target: resolveHttpTarget({ url, headers }, `${field}.http`) };
  } else {
    // The facade's schedule input takes any string here; a bad name would only fail at fire time.
    validateHandlerName(t.target.value, `${field}.handler`);
    target = { handler: t.target.value };
  }
  const options: TemplateOptions = {};
  if (t.queue !== '') options.queue = t.queue;
  if (t.priority !== undefined) options.priority = t.priority;
  if (t.maxAttempts !== undefined) options.maxAttempts = t.maxAttempts;
  const backoff = backoffFromProto(t.backoff, `${field}.backoff`);
  if (backoff !== undefined) options.backoff = backoff;
  if (t.timeout !== undefined) options.timeout = msFromDuration(t.timeout, `${field}.timeout`);
  return { target, payload: jsonFromValue(t.payload, `${field}.payload`), options };
}

/** A stored schedule → the wire (the trigger's internal state stays inside). */
export function scheduleToProto(s: CoreSchedule): Schedule {
  return create(ScheduleSchema, {
    id: s.id,
    namespace: s.namespace,
    trigger: triggerToProto(s.trigger),
    job: templateToProto(s.job),
    paused: s.paused,
    misfireGrace: optionalDuration(s.misfireGraceMs),
    coalesce: coalescePolicies.wire(s.coalesce),
    maxCatchUp: s.maxCatchUp,
    overlap: overlapPolicies.wire(s.overlap),
    nextFireAt: optionalTimestamp(s.nextFireAt),
    lastFireAt: optionalTimestamp(s.lastFireAt),
    fireCount: s.fireCount,
    misfireCount: s.misfireCount,
    createdAt: timestamp(s.createdAt),
    updatedAt: timestamp(s.updatedAt),
  });
}

function templateToProto(t: CoreTemplate): JobTemplate {
  return create(JobTemplateSchema, {
    target: t.target
      ? { case: 'http', value: { url: t.target.url, headers: { ...t.target.headers } } }
      : { case: 'handler', value: t.handler },
    payload: valueFromJson(t.payload),
    queue: t.queue,
    priority: t.priority,
    maxAttempts: t.maxAttempts,
    backoff: backoffToProto(t.backoff),
    timeout: optionalDuration(t.timeoutMs),
  });
}

/** A stored schedule as a definition, so that a partial update can be written back with upsert. */
export function definitionOf(s: CoreSchedule): Definition {
  const job: TemplateOptions = {
    queue: s.job.queue,
    priority: s.job.priority,
    maxAttempts: s.job.maxAttempts,
    backoff: backoffInputOf(s.job.backoff),
  };
  if (s.job.timeoutMs !== null) job.timeout = s.job.timeoutMs;
  return {
    id: s.id,
    trigger: s.trigger,
    ...(s.job.target ? { target: s.job.target } : { handler: s.job.handler }),
    payload: s.job.payload,
    job,
    paused: s.paused,
    misfireGrace: s.misfireGraceMs,
    coalesce: s.coalesce,
    maxCatchUp: s.maxCatchUp,
    overlap: s.overlap,
  };
}

/**
 * A facade path from a schedule upsert → the proto path: `schedule.job.maxAttempts` →
 * `schedule.job.max_attempts`, `schedule.handler` → `schedule.job.handler`, `payload.x` →
 * `schedule.job.payload.x`. Trigger paths are renamed separately (they need the spec).
 */
export function scheduleFieldToProto(field: string): string {
  if (field === 'trigger' || field.startsWith('trigger.')) return field; // renamed with the spec in hand
  const parts = field.split('.');
  if (parts[0] === 'schedule') parts.shift();
  if (parts[0] === 'handler' || parts[0] === 'payload') return ['schedule', 'job', ...parts].join('.');
  if (parts[0] === 'target') return ['schedule', 'job', 'http', ...parts.slice(1)].join('.');
  return ['schedule', ...parts.map(snake)].join('.');
}
