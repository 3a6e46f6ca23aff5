import type { FireSeries } from './series.js';
import type { Fire, Trigger, TriggerLimits, TriggerSpec, TriggerState } from './trigger.js';

/** `start` and `end` (both inclusive) applied to any series; children of `and` / `or` may have them too. */
export function bounded(series: FireSeries, limits: TriggerLimits): FireSeries {
  const { start, end } = limits;
  if (start === undefined && end === undefined) return series;
  return {
    nextAfter(after) {
      const from = start !== undefined && after < start - 1 ? start - 1 : after;
      const t = series.nextAfter(from);
      return t === null || (end !== undefined && t > end) ? null : t;
    },
  };
}

/** Draws a jitter in [0, jitterMs]; `random` returns [0, 1) like Math.random. */
export function drawJitter(jitterMs: number, random: () => number): number {
  if (jitterMs <= 0) return 0;
  return Math.min(jitterMs, Math.max(0, Math.floor(random() * (jitterMs + 1))));
}

/**
 * The one wrapper that turns a series into a Trigger, applying the limits the same way for every kind:
 * start and end bound the nominal times, `limit` counts fires in `state.count`, and jitter moves only
 * `runAt`. A fire never lands at or before `state.last`, so fire times strictly increase even when a
 * caller passes an older `after`.
 */
export function limitedTrigger(spec: TriggerSpec, series: FireSeries, random: () => number): Trigger {
  const inner = bounded(series, spec);
  const { limit, jitterMs = 0 } = spec;
  return {
    spec,
    next(after: number, state: TriggerState): Fire | null {
      if (!Number.isFinite(after)) throw new RangeError(`Trigger.next: after must be a finite time, got ${after}`);
      if (limit !== undefined && state.count >= limit) return null;
      // Fires are whole milliseconds, so "after 1000.5" and "after 1000" have the same next fire.
      let from = Math.floor(after);
      if (state.last !== null && state.last > from) from = state.last;
      const at = inner.nextAfter(from);
      if (at === null) return null;
      return { at, runAt: at + drawJitter(jitterMs, random), state: { v: 1, count: state.count + 1, last: at } };
    },
  };
}
