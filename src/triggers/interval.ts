import { MAX_TIME, type FireSeries } from './series.js';
import type { IntervalTriggerSpec } from './trigger.js';

/** Fires at anchor + k * everyMs for k = 0, 1, 2, …: elapsed time, blind to wall clocks and DST. */
export function intervalSeries(spec: IntervalTriggerSpec): FireSeries {
  const { everyMs, anchor } = spec;
  return {
    nextAfter(after) {
      if (after < anchor) return anchor;
      const next = anchor + (Math.floor((after - anchor) / everyMs) + 1) * everyMs;
      return next <= MAX_TIME ? next : null;
    },
  };
}
