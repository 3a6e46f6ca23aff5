import { describe, expect, it } from 'vitest';
import { InvalidTriggerError } from '../../src/core/errors.js';
import {
  at,
  calendar,
  createTrigger,
  cron,
  every,
  MAX_CHILDREN,
  parseTriggerState,
  previewTrigger,
} from '../../src/triggers/index.js';

function errorOf(fn: () => unknown): InvalidTriggerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidTriggerError);
    return e as InvalidTriggerError;
  }
  throw new Error('expected an InvalidTriggerError, nothing was thrown');
}

const cronOk = { kind: 'cron', v: 1, expression: '0 3 * * *' };
const deep = (n: number): unknown => (n === 0 ? cronOk : { kind: 'or', triggers: [deep(n - 1)] });

// [input, field, message pattern]
const cases: [string, unknown, string, RegExp][] = [
  ['not an object', null, 'trigger', /must be an object with a kind/],
  ['an array', [], 'trigger', /must be an object/],
  ['no kind', {}, 'trigger.kind', /is required \(one of date, interval, cron, calendar, and, or\)/],
  ['unknown kind', { kind: 'weekly' }, 'trigger.kind', /"weekly" is not a trigger kind/],
  ['kind not a string', { kind: 5 }, 'trigger.kind', /5 is not a trigger kind/],
  ['unsupported version', { kind: 'date', v: 2, at: 1 }, 'trigger.v', /version 2 is not supported/],
  ['unknown field', { kind: 'date', at: 1, every: 3 }, 'trigger.every', /is not a field of this trigger kind/],
  ['date without at', { kind: 'date' }, 'trigger.at', /^trigger\.at: is required$/],
  ['fractional at', { kind: 'date', at: 1.5 }, 'trigger.at', /must be a time in epoch milliseconds/],
  ['at as a string', { kind: 'date', at: '2026-01-01' }, 'trigger.at', /must be a time in epoch milliseconds/],
  ['at out of range', { kind: 'date', at: 1e17 }, 'trigger.at', /must be a time in epoch milliseconds/],
  ['everyMs 0', { kind: 'interval', everyMs: 0 }, 'trigger.everyMs', /^trigger\.everyMs: must be a positive integer$/],
  ['everyMs negative', { kind: 'interval', everyMs: -5 }, 'trigger.everyMs', /must be a positive integer/],
  ['everyMs fractional', { kind: 'interval', everyMs: 1.5 }, 'trigger.everyMs', /must be a positive integer/],
  ['everyMs text', { kind: 'interval', everyMs: '30s' }, 'trigger.everyMs', /must be a positive integer/],
  ['anchor text', { kind: 'interval', everyMs: 1, anchor: 'now' }, 'trigger.anchor', /epoch milliseconds/],
  [
    'bad cron',
    { kind: 'cron', expression: '61 * * * *' },
    'trigger.expression',
    /^trigger\.expression: "61 \* \* \* \*" is not a valid cron expression: .*minute/,
  ],
  ['cron missing', { kind: 'cron' }, 'trigger.expression', /is required/],
  ['cron 4 fields', { kind: 'cron', expression: '* * * *' }, 'trigger.expression', /not a valid cron expression/],
  ['cron never', { kind: 'cron', expression: '0 0 31 4 *' }, 'trigger.expression', /never matches a date/],
  [
    'unknown zone',
    { ...cronOk, timezone: 'Mars/Base' },
    'trigger.timezone',
    /^trigger\.timezone: "Mars\/Base" is not an IANA time zone$/,
  ],
  ['offset as zone', { ...cronOk, timezone: '+08:00' }, 'trigger.timezone', /is not an IANA time zone/],
  ['zone not a string', { ...cronOk, timezone: 8 }, 'trigger.timezone', /must be an IANA time zone name/],
  [
    'calendar unit',
    { kind: 'calendar', unit: 'fortnight', time: '03:00', startDate: '2026-01-01' },
    'trigger.unit',
    /one of day, week, month, year/,
  ],
  [
    'calendar time 24:00',
    { kind: 'calendar', unit: 'day', time: '24:00', startDate: '2026-01-01' },
    'trigger.time',
    /HH:MM/,
  ],
  [
    'calendar time 3:00',
    { kind: 'calendar', unit: 'day', time: '3:00', startDate: '2026-01-01' },
    'trigger.time',
    /HH:MM/,
  ],
  [
    'calendar time 12:60',
    { kind: 'calendar', unit: 'day', time: '12:60', startDate: '2026-01-01' },
    'trigger.time',
    /HH:MM/,
  ],
  ['calendar no time', { kind: 'calendar', unit: 'day', startDate: '2026-01-01' }, 'trigger.time', /is required/],
  [
    'calendar Feb 30',
    { kind: 'calendar', unit: 'day', time: '03:00', startDate: '2026-02-30' },
    'trigger.startDate',
    /"2026-02-30" is not a real date/,
  ],
  [
    'calendar date format',
    { kind: 'calendar', unit: 'day', time: '03:00', startDate: '2026/01/01' },
    'trigger.startDate',
    /YYYY-MM-DD/,
  ],
  ['calendar no date', { kind: 'calendar', unit: 'day', time: '03:00' }, 'trigger.startDate', /is required/],
  [
    'calendar every 0',
    { kind: 'calendar', every: 0, unit: 'day', time: '03:00', startDate: '2026-01-01' },
    'trigger.every',
    /positive integer/,
  ],
  [
    'calendar zone',
    { kind: 'calendar', unit: 'day', time: '03:00', startDate: '2026-01-01', timezone: 'Nowhere/City' },
    'trigger.timezone',
    /not an IANA time zone/,
  ],
  ['start text', { ...cronOk, start: 'soon' }, 'trigger.start', /epoch milliseconds/],
  ['end before start', { ...cronOk, start: 10, end: 5 }, 'trigger.end', /must not be before start/],
  ['limit 0', { ...cronOk, limit: 0 }, 'trigger.limit', /positive integer/],
  ['limit fractional', { ...cronOk, limit: 1.5 }, 'trigger.limit', /positive integer/],
  ['jitter negative', { ...cronOk, jitterMs: -1 }, 'trigger.jitterMs', /integer >= 0/],
  ['or without triggers', { kind: 'or' }, 'trigger.triggers', /is required/],
  ['or with no children', { kind: 'or', triggers: [] }, 'trigger.triggers', /a list of 1 to 64 triggers/],
  ['and with an object', { kind: 'and', triggers: {} }, 'trigger.triggers', /a list of/],
  ['too many children', { kind: 'or', triggers: Array(MAX_CHILDREN + 1).fill(cronOk) }, 'trigger.triggers', /1 to 64/],
  [
    'bad child',
    { kind: 'or', triggers: [cronOk, { kind: 'cron', expression: 'nope' }] },
    'trigger.triggers.1.expression',
    /not a valid cron expression/,
  ],
  [
    'bad grandchild zone',
    { kind: 'and', triggers: [{ kind: 'or', triggers: [{ ...cronOk, timezone: 'X/Y' }] }] },
    'trigger.triggers.0.triggers.0.timezone',
    /not an IANA time zone/,
  ],
  [
    'child limit',
    { kind: 'or', triggers: [{ ...cronOk, limit: 2 }] },
    'trigger.triggers.0.limit',
    /only the outermost/,
  ],
  [
    'child jitter',
    { kind: 'or', triggers: [{ ...cronOk, jitterMs: 5 }] },
    'trigger.triggers.0.jitterMs',
    /only the outermost/,
  ],
  ['too deep', deep(5), 'trigger.triggers.0.triggers.0.triggers.0.triggers.0.triggers', /at most 4 deep/],
];

describe('createTrigger names the field at fault', () => {
  for (const [label, input, field, message] of cases) {
    it(label, () => {
      const e = errorOf(() => createTrigger(input));
      expect(e.code).toBe('INVALID_TRIGGER');
      expect(e.field).toBe(field);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
    });
  }

  it('accepts the deepest allowed nesting', () => {
    expect(() => createTrigger(deep(4))).not.toThrow();
  });

  it('prefixes the caller’s field name', () => {
    const e = errorOf(() => createTrigger({ kind: 'cron', expression: '61 * * * *' }, 'schedule.trigger'));
    expect(e.field).toBe('schedule.trigger.expression');
  });
});

describe('builders report friendly-input errors as trigger errors', () => {
  it.each([
    ['every("30x")', () => every('30x'), 'trigger.everyMs', /"30x" is not a duration/],
    ['every(0)', () => every(0), 'trigger.everyMs', /must be a positive integer/],
    ['at without offset', () => at('2026-03-01T03:00'), 'trigger.at', /with Z or an offset/],
    ['at invalid Date', () => at(new Date('nope')), 'trigger.at', /invalid Date/],
    ['cron jitter text', () => cron('* * * * *', { jitter: 'lots' }), 'trigger.jitterMs', /not a duration/],
    ['cron start', () => cron('* * * * *', { start: '2026-01-01' }), 'trigger.start', /with Z or an offset/],
    [
      'calendar zone',
      () => calendar({ unit: 'day', time: '03:00', timezone: 'Mars/Base' }),
      'trigger.timezone',
      /is not an IANA time zone/,
    ],
  ] as [string, () => unknown, string, RegExp][])('%s', (_label, fn, field, message) => {
    const e = errorOf(fn);
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
  });
});

describe('parseTriggerState', () => {
  it('accepts valid state and names bad fields', () => {
    expect(parseTriggerState({ v: 1, count: 2, last: 5 })).toEqual({ v: 1, count: 2, last: 5 });
    expect(errorOf(() => parseTriggerState({ v: 1, count: -1, last: null })).field).toBe('triggerState.count');
    expect(errorOf(() => parseTriggerState({ v: 2, count: 0, last: null })).field).toBe('triggerState.v');
    expect(errorOf(() => parseTriggerState({ v: 1, count: 0 })).field).toBe('triggerState.last');
  });
});

describe('previewTrigger', () => {
  it('refuses a bad count', () => {
    expect(() => previewTrigger(every('1s'), -1)).toThrow(/^n: must be an integer/);
    expect(() => previewTrigger(every('1s'), 1.5)).toThrow(/^n: /);
  });
});
