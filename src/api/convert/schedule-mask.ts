import type { FieldMask } from '@bufbuild/protobuf/wkt';
import { ValidationError } from '../../core/errors.js';
import type { ScheduleDefinition } from '../../scheduler/schedule-input.js';
import type { Schedule } from '../../gen/tickwork/v1/common_pb.js';
import { backoffFromProto } from './backoff.js';
import { coalescePolicies, overlapPolicies } from './enums.js';
import { jsonFromValue } from './json-value.js';
import { msFromDuration } from './time.js';
import { templateFromProto } from './schedule.js';
import { triggerFromProto } from './trigger.js';
import { resolveHttpTarget } from '../../core/http-target.js';

type Definition = ScheduleDefinition<unknown>;

const PATHS = [
  'trigger',
  'job',
  'job.handler',
  'job.http',
  'job.payload',
  'job.queue',
  'job.priority',
  'job.max_attempts',
  'job.backoff',
  'job.timeout',
  'paused',
  'misfire_grace',
  'coalesce',
  'max_catch_up',
  'overlap',
] as const;
type Path = (typeof PATHS)[number];

/**
 * UpdateSchedule: the stored definition with the mask's paths taken from `incoming`. A named path that
 * `incoming` leaves unset resets to the server default; the two required parts (trigger, handler)
 * cannot be reset. The result is written back with upsert, which keeps the schedule's position unless
 * the trigger changed.
 */
export function applyScheduleMask(
  current: Definition,
  incoming: Schedule | undefined,
  mask: FieldMask | undefined,
): Definition {
  if (mask === undefined || mask.paths.length === 0)
    throw new ValidationError('update_mask', 'is required: name the fields to change');
  const s = incoming ?? ({ paused: false, coalesce: 0, overlap: 0 } as unknown as Schedule);
  const next: Definition = { ...current, job: { ...current.job } };
  // Read each time: the `job` path replaces the whole template object.
  const job = () => next.job!;
  mask.paths.forEach((raw, i) => {
    if (!(PATHS as readonly string[]).includes(raw)) {
      throw new ValidationError(
        `update_mask.paths[${i}]`,
        `"${raw}" is not a field UpdateSchedule can change (${PATHS.join(', ')})`,
      );
    }
    const path = raw as Path;
    const t = s.job;
    switch (path) {
      case 'trigger':
        next.trigger = triggerFromProto(s.trigger, 'schedule.trigger') as unknown as Definition['trigger'];
        break;
      case 'job': {
        const template = templateFromProto(t, 'schedule.job');
        delete next.handler;
        delete next.target;
        Object.assign(next, template.target);
        next.payload = template.payload;
        next.job = template.options;
        break;
      }
      case 'job.http':
        if (t?.target.case !== 'http') throw new ValidationError('schedule.job.http', 'is required');
        next.target = resolveHttpTarget(
          { url: t.target.value.url, headers: t.target.value.headers },
          'schedule.job.http',
        );
        delete next.handler;
        break;
      case 'job.handler':
        if (t?.target.case !== 'handler') throw new ValidationError('schedule.job.handler', 'is required');
        next.handler = t.target.value;
        delete next.target;
        break;
      case 'job.payload':
        next.payload = jsonFromValue(t?.payload, 'schedule.job.payload');
        break;
      case 'job.queue':
        if (t?.queue) job().queue = t.queue;
        else delete job().queue;
        break;
      case 'job.priority':
        if (t?.priority !== undefined) job().priority = t.priority;
        else delete job().priority;
        break;
      case 'job.max_attempts':
        if (t?.maxAttempts !== undefined) job().maxAttempts = t.maxAttempts;
        else delete job().maxAttempts;
        break;
      case 'job.backoff': {
        const backoff = backoffFromProto(t?.backoff, 'schedule.job().backoff');
        if (backoff !== undefined) job().backoff = backoff;
        else delete job().backoff;
        break;
      }
      case 'job.timeout':
        if (t?.timeout !== undefined) job().timeout = msFromDuration(t.timeout, 'schedule.job().timeout');
        else delete job().timeout;
        break;
      case 'paused':
        next.paused = s.paused;
        break;
      case 'misfire_grace':
        next.misfireGrace =
          s.misfireGrace === undefined ? null : msFromDuration(s.misfireGrace, 'schedule.misfire_grace');
        break;
      case 'coalesce':
        next.coalesce = coalescePolicies.optionalCore(s.coalesce, 'schedule.coalesce');
        if (next.coalesce === undefined) delete next.coalesce;
        break;
      case 'max_catch_up':
        if (s.maxCatchUp !== undefined) next.maxCatchUp = s.maxCatchUp;
        else delete next.maxCatchUp;
        break;
      case 'overlap':
        next.overlap = overlapPolicies.optionalCore(s.overlap, 'schedule.overlap');
        if (next.overlap === undefined) delete next.overlap;
        break;
    }
  });
  return next;
}
