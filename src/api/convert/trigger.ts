import { create } from '@bufbuild/protobuf';
import { InvalidTriggerError, TickworkError } from '../../core/errors.js';
import type { TriggerSpec } from '../../triggers/trigger.js';
import { CalendarUnit, TriggerSchema, type Trigger } from '../../gen/tickwork/v1/trigger_pb.js';
import { withField } from './field-path.js';
import { msFromDuration, msFromTimestamp, optionalDuration, optionalTimestamp, timestamp, duration } from './time.js';

type SpecInput = Record<string, unknown>;

const UNITS: Record<number, 'day' | 'week' | 'month' | 'year'> = {
  [CalendarUnit.DAY]: 'day',
  [CalendarUnit.WEEK]: 'week',
  [CalendarUnit.MONTH]: 'month',
  [CalendarUnit.YEAR]: 'year',
};
const UNIT_OF: Record<string, CalendarUnit> = {
  day: CalendarUnit.DAY,
  week: CalendarUnit.WEEK,
  month: CalendarUnit.MONTH,
  year: CalendarUnit.YEAR,
};

/**
 * A wire Trigger → the spec the trigger layer validates (createTrigger). This step only checks what
 * the wire shape leaves open (a kind is chosen, times are in range); cron syntax, zones and limits are
 * the trigger layer's, whose errors `triggerError` renames to proto paths.
 */
export function triggerFromProto(t: Trigger | undefined, field: string): SpecInput {
  if (t === undefined) throw new InvalidTriggerError(field, 'is required');
  const spec: SpecInput = kindFromProto(t, field);
  if (t.startAt !== undefined) spec.start = msFromTimestamp(t.startAt, `${field}.start_at`);
  if (t.endAt !== undefined) spec.end = msFromTimestamp(t.endAt, `${field}.end_at`);
  if (t.maxFires !== 0) spec.limit = t.maxFires;
  if (t.jitter !== undefined) spec.jitterMs = msFromDuration(t.jitter, `${field}.jitter`);
  return spec;
}

function kindFromProto(t: Trigger, field: string): SpecInput {
  const k = t.kind;
  switch (k.case) {
    case 'date':
      if (k.value.at === undefined) throw new InvalidTriggerError(`${field}.date.at`, 'is required');
      return { kind: 'date', v: 1, at: msFromTimestamp(k.value.at, `${field}.date.at`) };
    case 'interval': {
      if (k.value.every === undefined) throw new InvalidTriggerError(`${field}.interval.every`, 'is required');
      const spec: SpecInput = {
        kind: 'interval',
        v: 1,
        everyMs: msFromDuration(k.value.every, `${field}.interval.every`),
      };
      if (k.value.anchor !== undefined) spec.anchor = msFromTimestamp(k.value.anchor, `${field}.interval.anchor`);
      return spec;
    }
    case 'cron': {
      const spec: SpecInput = { kind: 'cron', v: 1, expression: k.value.expression };
      if (k.value.timezone !== '') spec.timezone = k.value.timezone;
      return spec;
    }
    case 'calendar': {
      const unit = UNITS[k.value.unit];
      if (unit === undefined)
        throw new InvalidTriggerError(`${field}.calendar.unit`, 'is required: one of day, week, month, year');
      const spec: SpecInput = { kind: 'calendar', v: 1, unit, time: k.value.timeOfDay, startDate: k.value.startDate };
      if (k.value.every !== 0) spec.every = k.value.every;
      if (k.value.timezone !== '') spec.timezone = k.value.timezone;
      return spec;
    }
    case 'allOf':
    case 'anyOf': {
      const name = k.case === 'allOf' ? 'all_of' : 'any_of';
      const triggers = k.value.triggers.map((child, i) => triggerFromProto(child, `${field}.${name}.triggers[${i}]`));
      return { kind: k.case === 'allOf' ? 'and' : 'or', v: 1, triggers };
    }
    case undefined:
      throw new InvalidTriggerError(field, 'needs one kind: date, interval, cron, calendar, all_of or any_of');
  }
}

/** A stored spec → the wire. */
export function triggerToProto(spec: TriggerSpec): Trigger {
  const limits = {
    startAt: optionalTimestamp(spec.start),
    endAt: optionalTimestamp(spec.end),
    maxFires: spec.limit ?? 0,
    jitter: optionalDuration(spec.jitterMs),
  };
  switch (spec.kind) {
    case 'date':
      return create(TriggerSchema, { ...limits, kind: { case: 'date', value: { at: timestamp(spec.at) } } });
    case 'interval':
      return create(TriggerSchema, {
        ...limits,
        kind: { case: 'interval', value: { every: duration(spec.everyMs), anchor: timestamp(spec.anchor) } },
      });
    case 'cron':
      return create(TriggerSchema, {
        ...limits,
        kind: { case: 'cron', value: { expression: spec.expression, timezone: spec.timezone } },
      });
    case 'calendar':
      return create(TriggerSchema, {
        ...limits,
        kind: {
          case: 'calendar',
          value: {
            every: spec.every,
            unit: UNIT_OF[spec.unit],
            timeOfDay: spec.time,
            timezone: spec.timezone,
            startDate: spec.startDate,
          },
        },
      });
    case 'and':
    case 'or':
      return create(TriggerSchema, {
        ...limits,
        kind: { case: spec.kind === 'and' ? 'allOf' : 'anyOf', value: { triggers: spec.triggers.map(triggerToProto) } },
      });
  }
}

// Spec field → proto field, per kind (limits are shared by every kind).
const LIMIT_FIELDS: Record<string, string> = {
  start: 'start_at',
  end: 'end_at',
  limit: 'max_fires',
  jitterMs: 'jitter',
};
const KIND_FIELDS: Record<string, [oneof: string, fields: Record<string, string>]> = {
  date: ['date', { at: 'at' }],
  interval: ['interval', { everyMs: 'every', anchor: 'anchor' }],
  cron: ['cron', { expression: 'expression', timezone: 'timezone' }],
  calendar: [
    'calendar',
    { every: 'every', unit: 'unit', time: 'time_of_day', timezone: 'timezone', startDate: 'start_date' },
  ],
  and: ['all_of', {}],
  or: ['any_of', {}],
};

/**
 * A trigger-layer path (`trigger.triggers.1.expression`, relative to the spec) → the proto path
 * (`schedule.trigger.any_of.triggers[1].cron.expression`), walking the spec to learn each level's kind.
 */
export function triggerFieldToProto(specPath: string, spec: SpecInput, protoPrefix: string): string {
  const parts = specPath.split('.');
  if (parts[0] === 'trigger') parts.shift();
  let node: SpecInput | undefined = spec;
  let out = protoPrefix;
  while (parts.length > 0) {
    const part = parts.shift()!;
    const kind = typeof node?.kind === 'string' ? node.kind : undefined;
    const entry = kind === undefined ? undefined : KIND_FIELDS[kind];
    if (part === 'triggers' && entry && parts.length > 0 && /^\d+$/.test(parts[0]!)) {
      const index = Number(parts.shift());
      out += `.${entry[0]}.triggers[${index}]`;
      const children: unknown = node?.triggers;
      node = Array.isArray(children) ? (children[index] as SpecInput | undefined) : undefined;
      continue;
    }
    if (part === 'kind' || part === 'v') return out;
    if (LIMIT_FIELDS[part]) return `${out}.${LIMIT_FIELDS[part]}`;
    if (entry && entry[1][part]) return `${out}.${entry[0]}.${entry[1][part]}`;
    return [out, part, ...parts].join('.');
  }
  return out;
}

/** Runs `fn`; an INVALID_TRIGGER error's spec path becomes the proto path under `protoPrefix`. */
export async function renamingTriggerFields<T>(fn: () => Promise<T>, spec: SpecInput, protoPrefix: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TickworkError && error.code === 'INVALID_TRIGGER' && error.field?.startsWith('trigger')) {
      throw withField(error, triggerFieldToProto(error.field, spec, protoPrefix));
    }
    throw error;
  }
}
