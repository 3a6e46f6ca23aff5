import type { FireSeries } from './series.js';

/**
 * Most leapfrog rounds an `and` makes in one `nextAfter` before it gives up and reports no further
 * fire (the trigger is then exhausted). Each round moves the candidate to the latest of the children's
 * next fires, so children that coincide at all are found in a few rounds; the bound exists for those
 * that coincide only rarely or never (every 1000 ms and every 1001 ms from the same anchor meet every
 * 1001 s, about 1000 rounds) and costs at most ~10,000 child lookups, tens of milliseconds, once.
 */
export const MAX_AND_ROUNDS = 10_000;

/** `or`: the earliest next fire of any child; a time several children share fires once. */
export function orSeries(children: FireSeries[]): FireSeries {
  return {
    nextAfter(after) {
      let best: number | null = null;
      for (const child of children) {
        const t = child.nextAfter(after);
        if (t !== null && (best === null || t < best)) best = t;
      }
      return best;
    },
  };
}

/** `and`: the next instant at which every child fires, within MAX_AND_ROUNDS rounds. */
export function andSeries(children: FireSeries[]): FireSeries {
  return {
    nextAfter(after) {
      let candidate = after;
      // Start at the latest first fire: nothing earlier can be common to all.
      for (const child of children) {
        const t = child.nextAfter(after);
        if (t === null) return null;
        if (t > candidate) candidate = t;
      }
      for (let round = 0; round < MAX_AND_ROUNDS; round++) {
        let agreed = true;
        for (const child of children) {
          const t = child.nextAfter(candidate - 1); // its first fire at or after the candidate
          if (t === null) return null;
          if (t !== candidate) {
            candidate = t;
            agreed = false;
            break;
          }
        }
        if (agreed) return candidate;
      }
      return null;
    },
  };
}
