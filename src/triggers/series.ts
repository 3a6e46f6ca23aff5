/**
 * The nominal fire times of a trigger kind, before run-count limits and jitter: every kind (and every
 * child of an `and` / `or`) is one of these, so combining and limiting work the same for all kinds.
 */
export interface FireSeries {
  /** The first fire strictly after `after` (epoch ms, an integer), or null when there is none. */
  nextAfter(after: number): number | null;
}

/** Latest representable instant (ECMAScript's Date range). */
export const MAX_TIME = 8.64e15;
