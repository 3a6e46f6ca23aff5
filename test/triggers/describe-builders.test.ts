import { describe, expect, it } from 'vitest';
import {
  and,
  at,
  calendar,
  createTrigger,
  cron,
  describeTrigger,
  every,
  initialTriggerState,
  or,
  parseTriggerState,
  parseTriggerSpec,
  previewTrigger,
  withLimits,
} from '../../src/triggers/index.js';
import type { TriggerSpec } from '../../src/triggers/index.js';
import { utc } from './helpers.js';

describe('builders', () => {
  it('return plain, normalised JSON specs', () => {
    expect(cron('0 3 * * *', { timezone: 'Asia/Shanghai' })).toEqual({
      kind: 'cron',
      v: 1,
      expression: '0 3 * * *',
      timezone: 'Asia/Shanghai',
    });
    expect(every('30s')).toEqual({ kind: 'interval', v: 1, everyMs: 30_000, anchor: 0 });
    expect(every(1500, { anchor: new Date(5000), limit: 2, jitter: '1s' })).toEqual({
      kind: 'interval',
      v: 1,
      everyMs: 1500,
      anchor: 5000,
      limit: 2,
      jitterMs: 1000,
    });
    expect(at('2026-03-01T03:00:00+08:00')).toEqual({ kind: 'date', v: 1, at: utc('2026-02-28T19:00:00Z') });
    expect(at(new Date(7)).at).toBe(7);
    expect(at(7, { end: 7 })).toEqual({ kind: 'date', v: 1, at: 7, end: 7 });
    expect(
      calendar({ every: 1, unit: 'month', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2026-01-31' }),
    ).toEqual({
      kind: 'calendar',
      v: 1,
      every: 1,
      unit: 'month',
      time: '03:00',
      timezone: 'Asia/Shanghai',
      startDate: '2026-01-31',
    });
    expect(or(every('1h'), cron('0 * * * *')).triggers).toHaveLength(2);
    expect(and(every('1h'), cron('0 * * * *')).kind).toBe('and');
  });

  it('calendar defaults startDate to today in its zone', () => {
    const spec = calendar({ unit: 'day', time: '03:00', timezone: 'Pacific/Kiritimati' }); // UTC+14
    const today = new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10);
    const justBefore = new Date(Date.now() - 60_000 + 14 * 3_600_000).toISOString().slice(0, 10);
    expect([today, justBefore]).toContain(spec.startDate);
  });

  it('withLimits adds or replaces limits', () => {
    const spec = withLimits(withLimits(cron('* * * * *'), { limit: 5 }), { limit: 2, start: 1000 });
    expect(spec).toEqual({ kind: 'cron', v: 1, expression: '* * * * *', timezone: 'UTC', start: 1000, limit: 2 });
  });
});

describe('createTrigger normalises raw specs', () => {
  it('fills defaults: v, timezone, every, anchor', () => {
    expect(createTrigger({ kind: 'cron', expression: '0 3 * * *' }).spec).toEqual(cron('0 3 * * *'));
    expect(createTrigger({ kind: 'interval', everyMs: 10, start: 25 }).spec).toEqual({
      kind: 'interval',
      v: 1,
      everyMs: 10,
      anchor: 25,
      start: 25,
    });
    expect(
      createTrigger({ kind: 'calendar', unit: 'day', time: '03:00', startDate: '2026-01-01', jitterMs: 0 }).spec,
    ).toEqual({
      kind: 'calendar',
      v: 1,
      every: 1,
      unit: 'day',
      time: '03:00',
      timezone: 'UTC',
      startDate: '2026-01-01',
    });
  });

  it('is idempotent, and key order is fixed (specs are compared as JSON)', () => {
    const raw = { jitterMs: 5, limit: 3, timezone: 'Europe/London', expression: '0 3 * * *', kind: 'cron' };
    const once = createTrigger(raw).spec;
    expect(JSON.stringify(createTrigger(once).spec)).toBe(JSON.stringify(once));
    expect(Object.keys(once)).toEqual(['kind', 'v', 'expression', 'timezone', 'limit', 'jitterMs']);
  });
});

describe('JSON round trip', () => {
  const specs: TriggerSpec[] = [
    at('2026-03-01T00:00:00Z'),
    every('45s', { anchor: 1000, start: 2000, end: utc('2027-01-01T00:00:00Z') }),
    cron('*/10 * * * * *', { timezone: 'Australia/Lord_Howe', limit: 100, jitter: '2s' }),
    calendar({ every: 2, unit: 'week', time: '07:15:30', timezone: 'America/New_York', startDate: '2026-01-06' }),
    or(and(cron('0 9 * * *'), cron('0 * * * MON')), every('1d', { start: utc('2026-06-01T00:00:00Z') })),
  ];
  for (const spec of specs) {
    it(`${spec.kind} spec and state survive JSON`, () => {
      const copy = JSON.parse(JSON.stringify(spec)) as unknown;
      expect(parseTriggerSpec(copy)).toEqual(spec);
      const from = utc('2026-01-01T00:00:00Z');
      expect(previewTrigger(createTrigger(copy), 5, from)).toEqual(previewTrigger(spec, 5, from));

      // Storing the state as JSON between fires gives the same fires as keeping it in memory.
      const trigger = createTrigger(spec, 'trigger', { random: () => 0 });
      let memory = { after: from, state: initialTriggerState() };
      let stored = { after: from, state: initialTriggerState() };
      for (let i = 0; i < 6; i++) {
        const a = trigger.next(memory.after, memory.state);
        const b = trigger.next(stored.after, stored.state);
        expect(b).toEqual(a);
        if (a === null || b === null) break;
        memory = { after: a.at, state: a.state };
        stored = { after: b.at, state: parseTriggerState(JSON.parse(JSON.stringify(b.state))) };
      }
    });
  }
});

describe('describeTrigger', () => {
  it.each([
    [
      calendar({ unit: 'day', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2026-01-01' }),
      'every day at 03:00 (Asia/Shanghai)',
    ],
    [cron('0 3 * * *', { timezone: 'Asia/Shanghai' }), 'cron 0 3 * * * (Asia/Shanghai)'],
    [every('30s'), 'every 30 s'],
    [every(1500), 'every 1500 ms'],
    [every('2h'), 'every 2 h'],
    [at('2026-03-01T00:00:00Z'), 'once at 2026-03-01T00:00:00.000Z'],
    [
      calendar({ every: 2, unit: 'week', time: '09:30', startDate: '2026-01-05' }),
      'every 2 weeks on Monday at 09:30 (UTC), from 2026-01-05',
    ],
    [calendar({ unit: 'month', time: '03:00', startDate: '2026-01-31' }), 'every month on day 31 at 03:00 (UTC)'],
    [calendar({ unit: 'year', time: '03:00', startDate: '2024-02-29' }), 'every year on 29 Feb at 03:00 (UTC)'],
    [or(every('1m'), cron('0 3 * * *')), 'any of [every 1 min; cron 0 3 * * * (UTC)]'],
    [and(every('1m'), cron('0 3 * * *')), 'all of [every 1 min; cron 0 3 * * * (UTC)]'],
    [
      cron('0 3 * * *', { start: 0, end: 86_400_000, limit: 3, jitter: '10s' }),
      'cron 0 3 * * * (UTC), starting 1970-01-01T00:00:00.000Z, until 1970-01-02T00:00:00.000Z, at most 3 times, jitter up to 10 s',
    ],
  ] as [TriggerSpec, string][])('%j', (spec, text) => {
    expect(describeTrigger(spec)).toBe(text);
  });

  it('accepts a Trigger and validates raw input', () => {
    expect(describeTrigger(createTrigger(every('1d')))).toBe('every 1 d');
    expect(() => describeTrigger({ kind: 'cron', expression: 'x' })).toThrow(/trigger\.expression/);
  });
});
