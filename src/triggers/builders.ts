import { toMs, type Duration } from '../core/duration.js';
import { InvalidTriggerError, TickworkError } from '../core/errors.js';
import { createTrigger } from './create-trigger.js';
import type {
  CalendarTriggerSpec,
  CombinedTriggerSpec,
  CronTriggerSpec,
  DateTriggerSpec,
  IntervalTriggerSpec,
  TriggerLimits,
  TriggerSpec,
} from './trigger.js';
import { isIanaZone, zoneFor } from './zone.js';

/**
 * Friendly constructors for trigger specs. Each returns plain JSON, validated and normalised through
 * createTrigger, so `cron('61 * * * *')` throws at the call site, naming `trigger.expression`.
 */

/** A time: a Date, epoch milliseconds, or an ISO 8601 string with `Z` or an offset. */
export type TimeInput = Date | number | string;

/** Limits every builder accepts. */
export interface LimitOptions {
  /** No fire before this time. [none] */
  start?: TimeInput;
  /** No fire after this time (inclusive). [none] */
  end?: TimeInput;
  /** At most this many fires in all. [no limit] */
  limit?: number;
  /** Each run is delayed by a random 0..jitter (ms or `'30s'`); the nominal fire time is not. [0] */
  jitter?: Duration;
}

const ISO_WITH_ZONE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Converts a TimeInput to epoch ms; a string without an offset is refused rather than read as local time. */
export function toEpochMs(value: TimeInput, field: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new InvalidTriggerError(field, 'is an invalid Date');
    return ms;
  }
  if (typeof value === 'string') {
    if (!ISO_WITH_ZONE_RE.test(value.trim())) {
      throw new InvalidTriggerError(
        field,
        `"${value}" must be an ISO 8601 time with Z or an offset, e.g. 2026-03-01T03:00:00Z`,
      );
    }
    const ms = Date.parse(value.trim());
    if (Number.isNaN(ms)) throw new InvalidTriggerError(field, `"${value}" is not a real time`);
    return ms;
  }
  return value;
}

function durationMs(value: Duration, field: string): number {
  try {
    return toMs(value, field);
  } catch (e) {
    // Same field, same message, but the trigger's own error code.
    if (e instanceof TickworkError) throw new InvalidTriggerError(field, e.message.replace(`${field}: `, ''));
    throw e;
  }
}

function limitsFrom(opts: LimitOptions): TriggerLimits {
  const out: TriggerLimits = {};
  if (opts.start !== undefined) out.start = toEpochMs(opts.start, 'trigger.start');
  if (opts.end !== undefined) out.end = toEpochMs(opts.end, 'trigger.end');
  if (opts.limit !== undefined) out.limit = opts.limit;
  if (opts.jitter !== undefined) out.jitterMs = durationMs(opts.jitter, 'trigger.jitterMs');
  return out;
}

/** `cron('0 3 * * *', { timezone: 'Asia/Shanghai' })`: 5 fields, or 6 with seconds first. Zone default UTC. */
export function cron(expression: string, opts: LimitOptions & { timezone?: string } = {}): CronTriggerSpec {
  const { timezone, ...rest } = opts;
  const spec = { kind: 'cron', v: 1, expression, timezone: timezone ?? 'UTC', ...limitsFrom(rest) };
  return createTrigger(spec).spec as CronTriggerSpec;
}

/**
 * `every('30s')`: fires at anchor + k * interval. The anchor defaults to `start`, else the Unix epoch,
 * so `every('1h')` fires on the hour (UTC) and a re-declared schedule keeps its spec and its place.
 */
export function every(interval: Duration, opts: LimitOptions & { anchor?: TimeInput } = {}): IntervalTriggerSpec {
  const { anchor, ...rest } = opts;
  const spec: Record<string, unknown> = {
    kind: 'interval',
    v: 1,
    everyMs: durationMs(interval, 'trigger.everyMs'),
    ...limitsFrom(rest),
  };
  if (anchor !== undefined) spec.anchor = toEpochMs(anchor, 'trigger.anchor');
  return createTrigger(spec).spec as IntervalTriggerSpec;
}

/** `at('2026-03-01T03:00:00+08:00')`: fires once. */
export function at(time: TimeInput, opts: LimitOptions = {}): DateTriggerSpec {
  const spec = { kind: 'date', v: 1, at: toEpochMs(time, 'trigger.at'), ...limitsFrom(opts) };
  return createTrigger(spec).spec as DateTriggerSpec;
}

export interface CalendarOptions extends LimitOptions {
  /** Every this many units. [1] */
  every?: number;
  unit: 'day' | 'week' | 'month' | 'year';
  /** Wall-clock time, `HH:MM` or `HH:MM:SS`. */
  time: string;
  /** IANA time zone. [UTC] */
  timezone?: string;
  /**
   * The first day counted, `YYYY-MM-DD` in `timezone`. [today in `timezone`] Pass it for schedules
   * declared at every start-up: with the default the spec changes from one day to the next.
   */
  startDate?: string;
}

/** `calendar({ unit: 'month', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2026-01-31' })`. */
export function calendar(opts: CalendarOptions): CalendarTriggerSpec {
  const { every: n, unit, time, timezone = 'UTC', startDate, ...rest } = opts;
  const spec = {
    kind: 'calendar',
    v: 1,
    every: n ?? 1,
    unit,
    time,
    timezone,
    startDate: startDate ?? todayIn(timezone),
    ...limitsFrom(rest),
  };
  return createTrigger(spec).spec as CalendarTriggerSpec;
}

function todayIn(timezone: string): string {
  // An unknown zone is reported by validation, naming trigger.timezone; any date will do until then.
  if (!isIanaZone(timezone)) return '1970-01-01';
  return new Date(zoneFor(timezone).toWall(Date.now())).toISOString().slice(0, 10);
}

/** Fires when every trigger fires at the same instant. */
export function and(...triggers: TriggerSpec[]): CombinedTriggerSpec {
  return createTrigger({ kind: 'and', v: 1, triggers }).spec as CombinedTriggerSpec;
}

/** Fires at the earliest next fire of any trigger. */
export function or(...triggers: TriggerSpec[]): CombinedTriggerSpec {
  return createTrigger({ kind: 'or', v: 1, triggers }).spec as CombinedTriggerSpec;
}

/** The same spec with limits added or replaced: `withLimits(or(a, b), { limit: 10 })`. */
export function withLimits<S extends TriggerSpec>(spec: S, opts: LimitOptions): S {
  return createTrigger({ ...spec, ...limitsFrom(opts) }).spec as S;
}
