import { describe, expect, it } from 'vitest';
import {
  and,
  at,
  calendar,
  createTrigger,
  cron,
  every,
  initialTriggerState,
  MAX_AND_ROUNDS,
  or,
  withLimits,
} from '../../src/triggers/index.js';
import { fires, utc } from './helpers.js';

describe('or', () => {
  it('fires at the earliest next fire of any child, once per instant', () => {
    const spec = or(cron('0 * * * *'), cron('30 * * * *'), cron('0 */2 * * *'));
    expect(fires(spec, '2026-01-01T00:00:00Z', 4)).toEqual([
      '2026-01-01T00:00:00Z', // two children fire: one fire
      '2026-01-01T00:30:00Z',
      '2026-01-01T01:00:00Z',
      '2026-01-01T01:30:00Z',
    ]);
  });

  it('keeps going when one child is exhausted, ends when all are', () => {
    const spec = or(at('2026-01-01T00:10:00Z'), cron('0 * * * *', { end: utc('2026-01-01T01:00:00Z') }));
    expect(fires(spec, '2026-01-01T00:00:00Z', 10)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:10:00Z',
      '2026-01-01T01:00:00Z',
    ]);
  });

  it('mixes kinds and zones', () => {
    const spec = or(
      calendar({ unit: 'day', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2026-01-01' }),
      cron('0 12 * * *', { timezone: 'Europe/London' }),
    );
    expect(fires(spec, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T12:00:00Z',
      '2026-01-01T19:00:00Z',
      '2026-01-02T12:00:00Z',
    ]);
  });

  it('applies its own limits over the children', () => {
    const spec = withLimits(or(cron('0 * * * *'), cron('30 * * * *')), { limit: 3 });
    expect(fires(spec, '2026-01-01T00:00:00Z', 10)).toHaveLength(3);
  });
});

describe('and', () => {
  it('fires when every child fires at the same instant', () => {
    // 09:00 every day AND Mondays: 09:00 on Mondays (2026-01-05 is a Monday).
    expect(fires(and(cron('0 9 * * *'), cron('0 * * * MON')), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-05T09:00:00Z',
      '2026-01-12T09:00:00Z',
    ]);
    // Every minute AND every 7 s from the epoch: every 7 minutes.
    expect(fires(and(cron('* * * * *'), every('7s')), '2026-01-01T00:00:01Z', 2)).toEqual([
      '2026-01-01T00:07:00Z',
      '2026-01-01T00:14:00Z',
    ]);
  });

  it('honours children’s start and end', () => {
    const spec = and(cron('0 * * * *', { start: utc('2026-01-01T05:00:00Z') }), every('2h'));
    expect(fires(spec, '2026-01-01T00:00:00Z', 2)).toEqual(['2026-01-01T06:00:00Z', '2026-01-01T08:00:00Z']);
  });

  it('ends when a child ends', () => {
    expect(fires(and(at('2026-01-01T00:10:00Z'), every('5m')), '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-01T00:10:00Z',
    ]);
    expect(fires(and(at('2026-01-01T00:10:00Z'), at('2026-01-01T00:20:00Z')), '2026-01-01T00:00:00Z', 5)).toEqual([]);
  });

  it('finds rare coincidences within the bound (1000 ms and 1001 ms meet every 1001 s)', () => {
    const trigger = createTrigger(and(every(1000), every(1001)));
    expect(trigger.next(1, initialTriggerState())!.at).toBe(1_001_000);
  });

  it(`gives up after MAX_AND_ROUNDS (${MAX_AND_ROUNDS}) rounds when children never meet`, () => {
    const trigger = createTrigger(and(every(2, { anchor: 0 }), every(2, { anchor: 1 })));
    expect(trigger.next(0, initialTriggerState())).toBeNull();
  });

  it('nests', () => {
    const spec = or(and(cron('0 9 * * *'), cron('0 * * * SAT')), at('2026-01-01T00:00:00Z'));
    expect(fires(spec, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-03T09:00:00Z',
      '2026-01-10T09:00:00Z',
    ]);
  });
});
