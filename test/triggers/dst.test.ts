import { describe, expect, it } from 'vitest';
import { calendar, createTrigger, cron, initialTriggerState } from '../../src/triggers/index.js';
import { allFires, fires, isoOf, oracleFires, seeded, utc } from './helpers.js';

// Transition instants used below (from the tz database, checked against Intl):
//   America/New_York    2026-03-08 07:00Z (02:00 EST -> 03:00 EDT)   2026-11-01 06:00Z (02:00 EDT -> 01:00 EST)
//                       2027-03-14 07:00Z                             2027-11-07 06:00Z
//   Europe/London       2026-03-29 01:00Z (01:00 GMT -> 02:00 BST)   2026-10-25 01:00Z (02:00 BST -> 01:00 GMT)
//                       2027-03-28 01:00Z                             2027-10-31 01:00Z
//   Australia/Lord_Howe 2026-10-03 15:30Z (02:00 +10:30 -> 02:30 +11) 2026-04-04 15:00Z (02:00 +11 -> 01:30 +10:30)
//                       2027-10-02 15:30Z                             2027-04-03 15:00Z
//   Asia/Shanghai       none (UTC+8 all year)

describe('DST policy: a wall time skipped by spring-forward fires once, at the first valid instant after', () => {
  it('New York: 02:30 on 2026-03-08 fires at 03:00 EDT', () => {
    const spec = cron('30 2 * * *', { timezone: 'America/New_York' });
    expect(fires(spec, '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00Z', // 02:30 EST
      '2026-03-08T07:00:00Z', // 02:30 does not exist: 03:00 EDT
      '2026-03-09T06:30:00Z', // 02:30 EDT
    ]);
  });

  it('New York 2027: 02:00 and 02:59 both land on 03:00 EDT', () => {
    expect(fires(cron('0 2 * * *', { timezone: 'America/New_York' }), '2027-03-14T00:00:00Z', 1)).toEqual([
      '2027-03-14T07:00:00Z',
    ]);
    expect(fires(cron('59 2 * * *', { timezone: 'America/New_York' }), '2027-03-14T00:00:00Z', 1)).toEqual([
      '2027-03-14T07:00:00Z',
    ]);
  });

  it('collapses several skipped wall times into one fire (*/15 in the lost hour)', () => {
    expect(fires(cron('*/15 * * * *', { timezone: 'America/New_York' }), '2026-03-08T06:30:00Z', 4)).toEqual([
      '2026-03-08T06:30:00Z', // 01:30 EST
      '2026-03-08T06:45:00Z', // 01:45 EST
      '2026-03-08T07:00:00Z', // 02:00-02:45 skipped, and 03:00 EDT itself: one fire
      '2026-03-08T07:15:00Z', // 03:15 EDT
    ]);
  });

  it('applies to lists too, where croner natively skips the gap (30 2,14 * * *)', () => {
    expect(fires(cron('30 2,14 * * *', { timezone: 'America/New_York' }), '2026-03-08T00:00:00Z', 2)).toEqual([
      '2026-03-08T07:00:00Z',
      '2026-03-08T18:30:00Z',
    ]);
  });

  it('London: 01:30 on 2026-03-29 fires at 02:00 BST', () => {
    expect(fires(cron('30 1 * * *', { timezone: 'Europe/London' }), '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00Z', // 01:30 GMT
      '2026-03-29T01:00:00Z', // 02:00 BST
      '2026-03-30T00:30:00Z', // 01:30 BST
    ]);
    expect(fires(cron('30 1 * * *', { timezone: 'Europe/London' }), '2027-03-28T00:00:00Z', 1)).toEqual([
      '2027-03-28T01:00:00Z',
    ]);
  });

  it('Lord Howe (30-minute shift): 02:15 on 2026-10-04 fires at 02:30 +11', () => {
    expect(fires(cron('15 2 * * *', { timezone: 'Australia/Lord_Howe' }), '2026-10-02T00:00:00Z', 3)).toEqual([
      '2026-10-02T15:45:00Z', // Oct 3 02:15 +10:30
      '2026-10-03T15:30:00Z', // Oct 4 02:15 does not exist: 02:30 +11
      '2026-10-04T15:15:00Z', // Oct 5 02:15 +11
    ]);
    expect(fires(cron('15 2 * * *', { timezone: 'Australia/Lord_Howe' }), '2027-10-02T12:00:00Z', 1)).toEqual([
      '2027-10-02T15:30:00Z',
    ]);
  });

  it('calendar triggers follow the same rule', () => {
    const spec = calendar({ unit: 'day', time: '02:30', timezone: 'America/New_York', startDate: '2026-03-07' });
    expect(fires(spec, '2026-03-01T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00Z',
      '2026-03-08T07:00:00Z',
      '2026-03-09T06:30:00Z',
    ]);
    const weekly = calendar({ unit: 'week', time: '02:15', timezone: 'Australia/Lord_Howe', startDate: '2026-09-27' });
    expect(fires(weekly, '2026-09-01T00:00:00Z', 3)).toEqual([
      '2026-09-26T15:45:00Z',
      '2026-10-03T15:30:00Z',
      '2026-10-10T15:15:00Z',
    ]);
  });
});

describe('DST policy: a wall time repeated by fall-back fires once, at its first occurrence', () => {
  it('New York: 01:30 on 2026-11-01 fires at 01:30 EDT only', () => {
    expect(fires(cron('30 1 * * *', { timezone: 'America/New_York' }), '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00Z',
      '2026-11-01T05:30:00Z', // 01:30 EDT; 01:30 EST (06:30Z) does not fire
      '2026-11-02T06:30:00Z',
    ]);
    expect(fires(cron('30 1 * * *', { timezone: 'America/New_York' }), '2027-11-07T00:00:00Z', 2)).toEqual([
      '2027-11-07T05:30:00Z',
      '2027-11-08T06:30:00Z',
    ]);
  });

  it('a sub-hourly cron pauses for the repeated hour', () => {
    expect(fires(cron('*/30 * * * *', { timezone: 'America/New_York' }), '2026-11-01T04:30:00Z', 5)).toEqual([
      '2026-11-01T04:30:00Z', // 00:30 EDT
      '2026-11-01T05:00:00Z', // 01:00 EDT
      '2026-11-01T05:30:00Z', // 01:30 EDT
      '2026-11-01T07:00:00Z', // 02:00 EST: 01:00 and 01:30 EST already fired as EDT
      '2026-11-01T07:30:00Z',
    ]);
  });

  it('next() from inside the second pass resumes after the repeated range', () => {
    const trigger = createTrigger(cron('*/10 * * * *', { timezone: 'America/New_York' }));
    const fire = trigger.next(utc('2026-11-01T06:05:00Z'), initialTriggerState()); // 01:05 EST
    expect(isoOf(fire!.at)).toBe('2026-11-01T07:00:00Z');
    // From the last instant of the first pass, the next fire is also 02:00 EST.
    expect(isoOf(trigger.next(utc('2026-11-01T05:59:59.999Z'), initialTriggerState())!.at)).toBe(
      '2026-11-01T07:00:00Z',
    );
  });

  it('London: 01:30 on 2026-10-25 fires at 01:30 BST only', () => {
    expect(fires(cron('30 1 * * *', { timezone: 'Europe/London' }), '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
    expect(fires(cron('30 1 * * *', { timezone: 'Europe/London' }), '2027-10-30T12:00:00Z', 2)).toEqual([
      '2027-10-31T00:30:00Z',
      '2027-11-01T01:30:00Z',
    ]);
  });

  it('Lord Howe: 01:45 on 2026-04-05 fires at 01:45 +11 only', () => {
    expect(fires(cron('45 1 * * *', { timezone: 'Australia/Lord_Howe' }), '2026-04-03T00:00:00Z', 3)).toEqual([
      '2026-04-03T14:45:00Z',
      '2026-04-04T14:45:00Z', // 01:45 +11; 01:45 +10:30 (15:15Z) does not fire
      '2026-04-05T15:15:00Z',
    ]);
  });

  it('calendar triggers follow the same rule', () => {
    const spec = calendar({ unit: 'day', time: '01:30', timezone: 'Europe/London', startDate: '2026-10-24' });
    expect(fires(spec, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-26T01:30:00Z',
    ]);
  });
});

describe('zones without DST', () => {
  it('Asia/Shanghai: 03:00 is 19:00Z the day before, all year', () => {
    const spec = cron('0 3 * * *', { timezone: 'Asia/Shanghai' });
    expect(fires(spec, '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T19:00:00Z',
      '2026-03-08T19:00:00Z',
      '2026-03-09T19:00:00Z',
    ]);
    expect(fires(spec, '2026-10-31T00:00:00Z', 2)).toEqual(['2026-10-31T19:00:00Z', '2026-11-01T19:00:00Z']);
    const daily = calendar({ unit: 'day', time: '03:00', timezone: 'Asia/Shanghai', startDate: '2027-03-14' });
    expect(fires(daily, '2027-03-01T00:00:00Z', 2)).toEqual(['2027-03-13T19:00:00Z', '2027-03-14T19:00:00Z']);
  });
});

describe('DST policy against an independent minute-by-minute oracle', () => {
  const patterns = ['*/15 * * * *', '30 2 * * *', '30 1 * * *', '0,45 1-3 * * *', '15,45 * * * *', '5 0-3 * * *'];
  const windows: [string, string][] = [
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['America/New_York', '2027-03-14'],
    ['America/New_York', '2027-11-07'],
    ['Europe/London', '2026-03-29'],
    ['Europe/London', '2026-10-25'],
    ['Europe/London', '2027-03-28'],
    ['Europe/London', '2027-10-31'],
    ['Australia/Lord_Howe', '2026-04-05'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['Australia/Lord_Howe', '2027-04-04'],
    ['Australia/Lord_Howe', '2027-10-03'],
    ['Asia/Shanghai', '2026-03-08'],
  ];
  for (const [timezone, day] of windows) {
    it(`${timezone} around ${day}`, () => {
      const from = utc(`${day}T00:00:00Z`) - 86_400_000 / 2;
      const to = from + 2 * 86_400_000;
      const expected = oracleFires(patterns, timezone, from, to);
      const random = seeded(day.length * 7919 + timezone.length);
      patterns.forEach((expression, i) => {
        const trigger = createTrigger(cron(expression, { timezone }));
        const oracle = expected[i]!;
        expect(allFires(trigger, from, to).map(isoOf), expression).toEqual(oracle.map(isoOf));
        // From any instant at all (inside a gap or either pass of a repeated hour), next() is the oracle's
        // first fire after it.
        for (let k = 0; k < 200; k++) {
          const after = from + Math.floor(random() * (to - from - 3_600_000));
          const want = oracle.find((t) => t > after);
          const got = trigger.next(after, initialTriggerState())!.at;
          // Past the window's last oracle fire, all we know is that the next fire is beyond the window.
          if (want === undefined) expect(got).toBeGreaterThan(to);
          else expect(got, `${expression} after ${isoOf(after)}`).toBe(want);
        }
      });
    });
  }
});
