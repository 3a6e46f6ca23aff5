import { describe, expect, it } from 'vitest';
import { at, createTrigger, cron, every, initialTriggerState, withLimits } from '../../src/triggers/index.js';
import type { TriggerState } from '../../src/triggers/index.js';
import { allFires, fires, isoOf, seeded, utc } from './helpers.js';

describe('date and interval', () => {
  it('a date trigger fires once', () => {
    const trigger = createTrigger(at('2026-03-01T03:00:00+08:00'));
    const first = trigger.next(0, initialTriggerState())!;
    expect(isoOf(first.at)).toBe('2026-02-28T19:00:00Z');
    expect(trigger.next(first.at, first.state)).toBeNull();
    expect(trigger.next(first.at - 1, initialTriggerState())!.at).toBe(first.at);
  });

  it('an interval fires at anchor + k * everyMs, never before the anchor', () => {
    const spec = every('90s', { anchor: '2026-01-01T00:00:00Z' });
    expect(fires(spec, '2025-12-31T00:00:00Z', 3)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:01:30Z',
      '2026-01-01T00:03:00Z',
    ]);
    expect(fires(spec, '2026-01-01T00:01:31Z', 1)).toEqual(['2026-01-01T00:03:00Z']);
  });

  it('an interval without anchor or start is aligned to the epoch', () => {
    expect(fires(every('1h'), '2026-01-01T00:30:00Z', 2)).toEqual(['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z']);
  });
});

describe('start, end and limit', () => {
  it('start is inclusive and bounds every kind the same way', () => {
    const start = utc('2026-01-01T03:00:00Z');
    expect(fires(cron('0 * * * *', { start }), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-01T03:00:00Z',
      '2026-01-01T04:00:00Z',
    ]);
    // An interval anchored elsewhere keeps its grid; start only cuts it.
    expect(fires(every('1h', { anchor: 0, start: start + 1 }), '2026-01-01T00:00:00Z', 1)).toEqual([
      '2026-01-01T04:00:00Z',
    ]);
    // With no anchor, the interval starts at `start`.
    expect(every('1h', { start: start + 1 }).anchor).toBe(start + 1);
  });

  it('end is inclusive; past it the trigger is exhausted', () => {
    const end = utc('2026-01-01T02:00:00Z');
    const trigger = createTrigger(cron('0 * * * *', { end }));
    expect(allFires(trigger, utc('2026-01-01T00:00:00Z'), Infinity).map(isoOf)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T01:00:00Z',
      '2026-01-01T02:00:00Z',
    ]);
    expect(trigger.next(end, initialTriggerState())).toBeNull();
  });

  it('limit counts fires in state.count', () => {
    const trigger = createTrigger(every('1s', { limit: 3 }));
    let state: TriggerState = initialTriggerState();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const fire = trigger.next(state.last ?? 0, state);
      if (fire === null) break;
      expect(fire.state).toEqual({ v: 1, count: state.count + 1, last: fire.at });
      seen.push(fire.at);
      state = fire.state;
    }
    expect(seen).toEqual([1000, 2000, 3000]);
    expect(trigger.next(10_000, state)).toBeNull();
  });

  it('fires strictly increase even when the caller passes an older `after`', () => {
    const trigger = createTrigger(every('1s'));
    const state: TriggerState = { v: 1, count: 4, last: 5000 };
    expect(trigger.next(1000, state)!.at).toBe(6000);
  });

  it('rejects a non-finite `after`', () => {
    expect(() => createTrigger(every('1s')).next(Number.NaN, initialTriggerState())).toThrow(RangeError);
  });
});

describe('jitter', () => {
  const jitterMs = 10_000;
  const plain = createTrigger(cron('*/5 * * * * *'));

  it('moves runAt into [at, at + jitterMs] and never moves at (10,000 seeded draws)', () => {
    const trigger = createTrigger(withLimits(cron('*/5 * * * * *'), { jitter: '10s' }), 'trigger', {
      random: seeded(42),
    });
    let state = initialTriggerState();
    let after = utc('2026-01-01T00:00:00Z');
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 10_000; i++) {
      const fire = trigger.next(after, state)!;
      expect(fire.at).toBe(plain.next(after, initialTriggerState())!.at);
      const delay = fire.runAt - fire.at;
      expect(Number.isInteger(delay)).toBe(true);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(jitterMs);
      sum += delay;
      min = Math.min(min, delay);
      max = Math.max(max, delay);
      after = fire.at;
      state = fire.state;
    }
    // Roughly uniform over the whole range (deterministic with the seed).
    expect(Math.abs(sum / 10_000 - jitterMs / 2)).toBeLessThan(jitterMs * 0.02);
    expect(min).toBeLessThan(jitterMs * 0.01);
    expect(max).toBeGreaterThan(jitterMs * 0.99);
  });

  it('reaches both bounds and clamps a random source that returns 1', () => {
    const spec = withLimits(every('1s'), { jitter: jitterMs });
    const runAt = (value: number) =>
      createTrigger(spec, 'trigger', { random: () => value }).next(0, initialTriggerState())!;
    expect(runAt(0).runAt - runAt(0).at).toBe(0);
    expect(runAt(0.999_999_99).runAt - runAt(0.999_999_99).at).toBe(jitterMs);
    expect(runAt(1).runAt - runAt(1).at).toBe(jitterMs);
  });

  it('is bounded with the default random source too', () => {
    const trigger = createTrigger(withLimits(every('1s'), { jitter: 50 }));
    for (let i = 0; i < 1000; i++) {
      const fire = trigger.next(i * 1000, initialTriggerState())!;
      expect(fire.runAt - fire.at).toBeGreaterThanOrEqual(0);
      expect(fire.runAt - fire.at).toBeLessThanOrEqual(50);
    }
  });

  it('without jitter, runAt is at', () => {
    const fire = plain.next(0, initialTriggerState())!;
    expect(fire.runAt).toBe(fire.at);
  });
});
