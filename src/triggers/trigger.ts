/**
 * The trigger contract. A trigger is pure and serialisable: a JSON spec with a version field, plus a
 * small JSON state (run count, last fire). Given a time it returns the next fire strictly after it, so
 * fire times strictly increase. Jitter moves only `runAt`, never the nominal time `at` that occurrence
 * ids derive from, so a jittered fire is still made at most once.
 */

/** Limits every trigger kind accepts. Times are epoch milliseconds. */
export interface TriggerLimits {
  /** No fire before this time. */
  start?: number;
  /** No fire after this time (inclusive: a fire exactly at `end` happens). */
  end?: number;
  /** At most this many fires in all. */
  limit?: number;
  /** Each fire's runAt is delayed by a random 0..jitterMs (bounded jitter). */
  jitterMs?: number;
}

export interface DateTriggerSpec extends TriggerLimits {
  kind: 'date';
  v: 1;
  /** The one fire time. */
  at: number;
}

export interface IntervalTriggerSpec extends TriggerLimits {
  kind: 'interval';
  v: 1;
  everyMs: number;
  /**
   * Fires at anchor + k * everyMs, k >= 0. Default: `start`, else 0 (the Unix epoch, so fires align to
   * multiples of everyMs). Not the time the schedule was made: a default stamped at read time would make
   * the same declaration a different spec at every start-up, and a static schedule would restart.
   */
  anchor: number;
}

export interface CronTriggerSpec extends TriggerLimits {
  kind: 'cron';
  v: 1;
  /** 5 fields, or 6 with seconds first. */
  expression: string;
  /** IANA time zone. Default `UTC`. DST policy: see wall-clock.ts and src/triggers/README.md. */
  timezone: string;
}

export interface CalendarTriggerSpec extends TriggerLimits {
  kind: 'calendar';
  v: 1;
  every: number;
  unit: 'day' | 'week' | 'month' | 'year';
  /** Wall-clock time of day, `HH:MM` or `HH:MM:SS`. */
  time: string;
  timezone: string;
  /** The first day counted (YYYY-MM-DD, in `timezone`); the 31st clamps to short months' last day. */
  startDate: string;
}

export interface CombinedTriggerSpec extends TriggerLimits {
  kind: 'and' | 'or';
  v: 1;
  /** `or`: the earliest next fire of any; `and`: the next time every trigger fires at once. */
  triggers: TriggerSpec[];
}

export type TriggerSpec =
  DateTriggerSpec | IntervalTriggerSpec | CronTriggerSpec | CalendarTriggerSpec | CombinedTriggerSpec;

/** JSON state a trigger carries between fires. */
export interface TriggerState {
  v: 1;
  /** Fires produced so far (for `limit`). */
  count: number;
  /** The last nominal fire time produced. */
  last: number | null;
}

export interface Fire {
  /** Nominal fire time: occurrence ids derive from it. */
  at: number;
  /** When the occurrence should run: `at` plus jitter. */
  runAt: number;
  /** The state after this fire. */
  state: TriggerState;
}

export interface Trigger {
  readonly spec: TriggerSpec;
  /** The first fire strictly after `after`, or null when the trigger is exhausted. Pure but for jitter. */
  next(after: number, state: TriggerState): Fire | null;
}

export function initialTriggerState(): TriggerState {
  return { v: 1, count: 0, last: null };
}
