import { describe, expect, it } from 'vitest';
import { createTrigger, cron, initialTriggerState } from '../../src/triggers/index.js';
import { fires, isoOf, utc } from './helpers.js';

// Croner semantics (https://croner.56k.guru, "Pattern"): fields are [second] minute hour day-of-month
// month day-of-week; day-of-month and day-of-week combine with OR when both are restricted (Vixie cron);
// L = last, W = nearest weekday, # = nth weekday. Dates below are real 2026 calendar facts:
// 2026-01-02 is a Friday, 2026-02-15 a Sunday, 2026-08-15 a Saturday, 2026-01-31 and 2026-02-28 Saturdays.
//
// Cost, measured by hand (no timing assertions here): 100,000 chained next() calls on '* * * * * *' take
// ~0.36 s in UTC and ~0.55 s in America/New_York on Node 20, i.e. 3.6 / 5.5 µs per fire, so 1,000
// second-level schedules need ~5 ms of CPU per second.

describe('cron: 5 fields', () => {
  it('fires at minute precision in UTC by default', () => {
    const spec = cron('0 3 * * *');
    expect(spec.timezone).toBe('UTC');
    expect(fires(spec, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T03:00:00Z',
      '2026-01-02T03:00:00Z',
      '2026-01-03T03:00:00Z',
    ]);
  });

  it('reads ranges with steps, lists and names', () => {
    expect(fires(cron('0 9-17/4 * * 1-5'), '2026-01-02T00:00:00Z', 4)).toEqual([
      '2026-01-02T09:00:00Z',
      '2026-01-02T13:00:00Z',
      '2026-01-02T17:00:00Z',
      '2026-01-05T09:00:00Z', // Saturday and Sunday skipped
    ]);
    expect(fires(cron('30 12 1 JAN,JUL *'), '2026-01-02T00:00:00Z', 2)).toEqual([
      '2026-07-01T12:30:00Z',
      '2027-01-01T12:30:00Z',
    ]);
  });

  it('combines day-of-month and day-of-week with OR, as Vixie cron does', () => {
    expect(fires(cron('0 0 13 * FRI'), '2026-02-01T00:00:00Z', 4)).toEqual([
      '2026-02-06T00:00:00Z', // Friday
      '2026-02-13T00:00:00Z', // the 13th (and a Friday)
      '2026-02-20T00:00:00Z',
      '2026-02-27T00:00:00Z',
    ]);
  });

  it('reads nicknames', () => {
    expect(fires(cron('@daily'), '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T00:00:00Z']);
    expect(fires(cron('@weekly'), '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-04T00:00:00Z']); // Sunday
  });
});

describe('cron: 6 fields, seconds first', () => {
  it('fires at second precision', () => {
    expect(fires(cron('*/20 * * * * *'), '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:20Z',
      '2026-01-01T00:00:40Z',
      '2026-01-01T00:01:00Z',
    ]);
    expect(fires(cron('30 0 3 * * *', { timezone: 'Asia/Shanghai' }), '2026-01-01T00:00:00Z', 1)).toEqual([
      '2026-01-01T19:00:30Z',
    ]);
  });

  it('returns the first fire strictly after `after`, also for fractional times', () => {
    const trigger = createTrigger(cron('* * * * * *'));
    const s = initialTriggerState();
    expect(isoOf(trigger.next(utc('2026-01-01T00:00:00Z'), s)!.at)).toBe('2026-01-01T00:00:01Z');
    expect(isoOf(trigger.next(utc('2026-01-01T00:00:00Z') - 1, s)!.at)).toBe('2026-01-01T00:00:00Z');
    expect(isoOf(trigger.next(utc('2026-01-01T00:00:00.500Z'), s)!.at)).toBe('2026-01-01T00:00:01Z');
    expect(isoOf(trigger.next(utc('2026-01-01T00:00:00Z') + 0.5, s)!.at)).toBe('2026-01-01T00:00:01Z');
  });
});

describe('cron: L, W and #', () => {
  it('L in day-of-month is the last day', () => {
    expect(fires(cron('0 0 L * *'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-31T00:00:00Z',
      '2026-02-28T00:00:00Z',
      '2026-03-31T00:00:00Z',
    ]);
  });

  it('nL in day-of-week is the last such weekday', () => {
    expect(fires(cron('0 0 * * 5L'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-30T00:00:00Z',
      '2026-02-27T00:00:00Z',
      '2026-03-27T00:00:00Z',
    ]);
  });

  it('W is the nearest weekday in the same month', () => {
    expect(fires(cron('0 0 15W * *'), '2026-02-01T00:00:00Z', 1)).toEqual(['2026-02-16T00:00:00Z']); // Sun -> Mon
    expect(fires(cron('0 0 15W * *'), '2026-08-01T00:00:00Z', 1)).toEqual(['2026-08-14T00:00:00Z']); // Sat -> Fri
    expect(fires(cron('0 0 LW * *'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-30T00:00:00Z',
      '2026-02-27T00:00:00Z',
      '2026-03-31T00:00:00Z',
    ]);
  });

  it('# is the nth weekday of the month', () => {
    expect(fires(cron('0 0 * * 5#2'), '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-09T00:00:00Z',
      '2026-02-13T00:00:00Z',
      '2026-03-13T00:00:00Z',
    ]);
  });
});

describe('cron: normalisation and limits of the syntax', () => {
  it('trims the expression', () => {
    expect(cron('  0 3 * * *  ').expression).toBe('0 3 * * *');
  });

  it('refuses 7 fields, @reboot and patterns that never match', () => {
    expect(() => cron('0 0 0 1 1 * 2027')).toThrow(/trigger\.expression: "0 0 0 1 1 \* 2027" is not a valid cron/);
    expect(() => cron('@reboot')).toThrow(/trigger\.expression/);
    expect(() => cron('0 0 30 2 *')).toThrow('trigger.expression: "0 0 30 2 *" never matches a date');
  });

  it('reaches Feb 29 across common years', () => {
    expect(fires(cron('0 0 29 2 *'), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T00:00:00Z',
      '2032-02-29T00:00:00Z',
    ]);
  });
});
