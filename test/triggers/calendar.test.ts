import { describe, expect, it } from 'vitest';
import { calendar } from '../../src/triggers/index.js';
import { fires } from './helpers.js';

describe('calendar: every N units at a wall-clock time', () => {
  it('starts on startDate and counts days from it', () => {
    const spec = calendar({ every: 3, unit: 'day', time: '03:00', startDate: '2026-01-05' });
    expect(fires(spec, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-05T03:00:00Z',
      '2026-01-08T03:00:00Z',
      '2026-01-11T03:00:00Z',
    ]);
    // Far from the start, the count still lines up with startDate (2026-01-05 + 3k days).
    expect(fires(spec, '2030-06-01T00:00:00Z', 2)).toEqual(['2030-06-01T03:00:00Z', '2030-06-04T03:00:00Z']);
  });

  it('skips the start day when its time has passed', () => {
    const spec = calendar({ unit: 'day', time: '03:00', startDate: '2026-01-05' });
    expect(fires(spec, '2026-01-05T03:00:01Z', 1)).toEqual(['2026-01-06T03:00:00Z']);
  });

  it('weeks fall on the start date’s weekday', () => {
    const spec = calendar({ every: 2, unit: 'week', time: '09:30:15', startDate: '2026-01-05' }); // a Monday
    expect(fires(spec, '2026-01-06T00:00:00Z', 3)).toEqual([
      '2026-01-19T09:30:15Z',
      '2026-02-02T09:30:15Z',
      '2026-02-16T09:30:15Z',
    ]);
  });

  it('wall time is in the zone', () => {
    const spec = calendar({ unit: 'day', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2026-01-01' });
    expect(fires(spec, '2025-12-01T00:00:00Z', 2)).toEqual(['2025-12-31T19:00:00Z', '2026-01-01T19:00:00Z']);
  });
});

describe('calendar: clamping to short months, without drift', () => {
  it('the 31st clamps to the last day and comes back: Jan 31 -> Feb 28 -> Mar 31', () => {
    const spec = calendar({ unit: 'month', time: '03:00', startDate: '2026-01-31' });
    expect(fires(spec, '2026-01-01T00:00:00Z', 6)).toEqual([
      '2026-01-31T03:00:00Z',
      '2026-02-28T03:00:00Z',
      '2026-03-31T03:00:00Z',
      '2026-04-30T03:00:00Z',
      '2026-05-31T03:00:00Z',
      '2026-06-30T03:00:00Z',
    ]);
  });

  it('Feb has 29 days in a leap year', () => {
    const spec = calendar({ unit: 'month', time: '00:00', startDate: '2027-12-31' });
    expect(fires(spec, '2028-02-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00:00Z', '2028-03-31T00:00:00Z']);
  });

  it('every 2 months from the 31st', () => {
    const spec = calendar({ every: 2, unit: 'month', time: '12:00', startDate: '2026-12-31' });
    expect(fires(spec, '2026-12-01T00:00:00Z', 4)).toEqual([
      '2026-12-31T12:00:00Z',
      '2027-02-28T12:00:00Z',
      '2027-04-30T12:00:00Z',
      '2027-06-30T12:00:00Z',
    ]);
  });

  it('Feb 29 yearly clamps to Feb 28 in common years and returns in leap years', () => {
    const spec = calendar({ unit: 'year', time: '08:00', startDate: '2024-02-29' });
    expect(fires(spec, '2024-01-01T00:00:00Z', 5)).toEqual([
      '2024-02-29T08:00:00Z',
      '2025-02-28T08:00:00Z',
      '2026-02-28T08:00:00Z',
      '2027-02-28T08:00:00Z',
      '2028-02-29T08:00:00Z',
    ]);
  });

  it('clamps in the zone’s calendar', () => {
    const spec = calendar({ unit: 'month', time: '03:00', timezone: 'America/New_York', startDate: '2026-01-31' });
    expect(fires(spec, '2026-02-01T00:00:00Z', 2)).toEqual([
      '2026-02-28T08:00:00Z', // 03:00 EST
      '2026-03-31T07:00:00Z', // 03:00 EDT
    ]);
  });
});
