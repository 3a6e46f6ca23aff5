import { z } from 'zod';
import { InvalidTriggerError } from '../core/errors.js';
import { MAX_TIME } from './series.js';
import type { TriggerLimits, TriggerSpec, TriggerState } from './trigger.js';
import { isIanaZone } from './zone.js';

export const TRIGGER_KINDS = ['date', 'interval', 'cron', 'calendar', 'and', 'or'] as const;
/** Most children one `and` / `or` may have, and deepest nesting: bounds the work of one `next`. */
export const MAX_CHILDREN = 64;
export const MAX_DEPTH = 4;

/** A zod error option whose message says "is required" when the field is missing. */
function must(text: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${text}`) };
}

const TIME_TEXT = 'a time in epoch milliseconds (an integer)';
const time = z
  .number(must(TIME_TEXT))
  .int(must(TIME_TEXT))
  .min(-MAX_TIME, must(TIME_TEXT))
  .max(MAX_TIME, must(TIME_TEXT));
const positiveInt = (max = MAX_TIME) =>
  z
    .number(must('a positive integer'))
    .int(must('a positive integer'))
    .min(1, must('a positive integer'))
    .max(max, must(`a positive integer up to ${max}`));
const zoneName = z.string(must('an IANA time zone name such as "Asia/Shanghai"'));

const limits = {
  start: time.optional(),
  end: time.optional(),
  limit: positiveInt().optional(),
  jitterMs: z
    .number(must('an integer >= 0 (milliseconds)'))
    .int(must('an integer >= 0 (milliseconds)'))
    .min(0, must('an integer >= 0 (milliseconds)'))
    .max(MAX_TIME, must('an integer >= 0 (milliseconds)'))
    .optional(),
};
const header = { kind: z.string(), v: z.literal(1).optional() };

const schemas = {
  date: z.strictObject({ ...header, at: time, ...limits }),
  interval: z.strictObject({ ...header, everyMs: positiveInt(), anchor: time.optional(), ...limits }),
  cron: z.strictObject({
    ...header,
    expression: z.string(must('a cron expression such as "0 3 * * *"')),
    timezone: zoneName.optional(),
    ...limits,
  }),
  calendar: z.strictObject({
    ...header,
    every: positiveInt(1_000_000).optional(),
    unit: z.enum(['day', 'week', 'month', 'year'], must('one of day, week, month, year')),
    time: z
      .string(must('a wall-clock time HH:MM or HH:MM:SS'))
      .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, must('a wall-clock time HH:MM or HH:MM:SS (00:00 to 23:59:59)')),
    timezone: zoneName.optional(),
    startDate: z.string(must('a date YYYY-MM-DD')).regex(/^\d{4}-\d{2}-\d{2}$/, must('a date YYYY-MM-DD')),
    ...limits,
  }),
  combined: z.strictObject({
    ...header,
    triggers: z
      .array(z.unknown(), must(`a list of 1 to ${MAX_CHILDREN} triggers`))
      .min(1, must(`a list of 1 to ${MAX_CHILDREN} triggers`))
      .max(MAX_CHILDREN, must(`a list of 1 to ${MAX_CHILDREN} triggers`)),
    ...limits,
  }),
};

function fail(field: string, problem: string): never {
  throw new InvalidTriggerError(field, problem);
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, field: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [field, ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys')
    fail([...path, issue.keys[0]!].join('.'), 'is not a field of this trigger kind');
  return fail(path.join('.'), issue.message);
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

function checkZone(name: string, field: string): string {
  if (!isIanaZone(name)) fail(field, `"${name}" is not an IANA time zone`);
  return name;
}

/** Limits in canonical key order, omitting the absent ones (the spec is compared as JSON). */
function limitsOf(input: TriggerLimits, field: string, outermost: boolean): TriggerLimits {
  const out: TriggerLimits = {};
  if (input.start !== undefined) out.start = input.start;
  if (input.end !== undefined) out.end = input.end;
  if (out.start !== undefined && out.end !== undefined && out.end < out.start) {
    fail(`${field}.end`, 'must not be before start');
  }
  if (input.limit !== undefined) {
    if (!outermost) fail(`${field}.limit`, 'only the outermost trigger may have a run limit');
    out.limit = input.limit;
  }
  if (input.jitterMs !== undefined && input.jitterMs > 0) {
    if (!outermost) fail(`${field}.jitterMs`, 'only the outermost trigger may have jitter');
    out.jitterMs = input.jitterMs;
  }
  return out;
}

/**
 * Validates a trigger spec and returns it normalised: defaults filled in (`v` 1, `timezone` UTC,
 * `every` 1, interval `anchor` = start else 0), keys in a fixed order. Semantic checks that need a
 * parser (the cron expression) happen when the trigger is built. Throws InvalidTriggerError naming the
 * field, as `trigger.triggers.0.timezone`.
 */
export function parseTriggerSpec(input: unknown, field = 'trigger', depth = 0): TriggerSpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail(field, `must be an object with a kind (${TRIGGER_KINDS.join(', ')})`);
  }
  const { kind, v } = input as { kind?: unknown; v?: unknown };
  if (kind === undefined) fail(`${field}.kind`, `is required (one of ${TRIGGER_KINDS.join(', ')})`);
  if (typeof kind !== 'string' || !(TRIGGER_KINDS as readonly string[]).includes(kind)) {
    fail(`${field}.kind`, `${JSON.stringify(kind)} is not a trigger kind (one of ${TRIGGER_KINDS.join(', ')})`);
  }
  if (v !== undefined && v !== 1) {
    fail(`${field}.v`, `version ${JSON.stringify(v)} is not supported (this tickwork reads version 1)`);
  }
  const outermost = depth === 0;
  switch (kind as TriggerSpec['kind']) {
    case 'date': {
      const s = parseWith(schemas.date, input, field);
      return { kind: 'date', v: 1, at: s.at, ...limitsOf(s, field, outermost) };
    }
    case 'interval': {
      const s = parseWith(schemas.interval, input, field);
      // Anchor default: start, else the epoch. Not "now": a spec stamped with the time it was read would
      // differ at every start-up, and a re-declared static schedule would restart instead of keeping its place.
      const anchor = s.anchor ?? s.start ?? 0;
      return { kind: 'interval', v: 1, everyMs: s.everyMs, anchor, ...limitsOf(s, field, outermost) };
    }
    case 'cron': {
      const s = parseWith(schemas.cron, input, field);
      const timezone = checkZone(s.timezone ?? 'UTC', `${field}.timezone`);
      return { kind: 'cron', v: 1, expression: s.expression.trim(), timezone, ...limitsOf(s, field, outermost) };
    }
    case 'calendar': {
      const s = parseWith(schemas.calendar, input, field);
      if (!isRealDate(s.startDate)) fail(`${field}.startDate`, `"${s.startDate}" is not a real date`);
      const timezone = checkZone(s.timezone ?? 'UTC', `${field}.timezone`);
      return {
        kind: 'calendar',
        v: 1,
        every: s.every ?? 1,
        unit: s.unit,
        time: s.time,
        timezone,
        startDate: s.startDate,
        ...limitsOf(s, field, outermost),
      };
    }
    case 'and':
    case 'or': {
      const s = parseWith(schemas.combined, input, field);
      if (depth + 1 > MAX_DEPTH) fail(`${field}.triggers`, `combinations nest at most ${MAX_DEPTH} deep`);
      const triggers = s.triggers.map((child, i) => parseTriggerSpec(child, `${field}.triggers.${i}`, depth + 1));
      return { kind: kind as 'and' | 'or', v: 1, triggers, ...limitsOf(s, field, outermost) };
    }
  }
}

const stateSchema = z.strictObject({
  v: z.literal(1, must('1')),
  count: z.number(must('an integer >= 0')).int(must('an integer >= 0')).min(0, must('an integer >= 0')),
  last: time.nullable(),
});

/** Validates trigger state read back from storage or the wire. */
export function parseTriggerState(input: unknown, field = 'triggerState'): TriggerState {
  const s = parseWith(stateSchema, input, field);
  return { v: 1, count: s.count, last: s.last };
}
