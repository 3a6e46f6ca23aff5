import { Cron } from 'croner';
import { InvalidTriggerError } from '../core/errors.js';
import { MAX_TIME, type FireSeries } from './series.js';
import type { CronTriggerSpec } from './trigger.js';
import { nextInZone } from './wall-clock.js';
import { zoneFor } from './zone.js';

/**
 * A cron series. Croner parses the expression and matches it against *wall* times (it runs at UTC
 * offset 0 on wall-clock milliseconds); the zone and the DST policy are ours (see wall-clock.ts).
 * Why not croner's own `timezone`: croner applies our policy only to "fixed-time" patterns (one
 * value each in seconds, minutes, hours); patterns with lists, ranges or steps skip wall times in a
 * spring-forward gap and fire twice in a fall-back hour. Ours treats every pattern alike. Croner at
 * offset 0 is also ~40x faster than with a `timezone` (3.6 µs vs 135 µs for a next second).
 *
 * The parsed Cron lives in the returned series, so a cached Trigger never parses twice.
 */
export function cronSeries(spec: CronTriggerSpec, field: string): FireSeries {
  let cron: Cron;
  try {
    // 5 fields, or 6 with seconds first; croner also reads L, W, # and nicknames such as @daily.
    // Day of month and day of week combine with OR when both are restricted, as in Vixie cron.
    cron = new Cron(spec.expression, { utcOffset: 0, mode: '5-or-6-parts' });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).replace(/^CronPattern: /, '');
    throw new InvalidTriggerError(
      `${field}.expression`,
      `"${spec.expression}" is not a valid cron expression: ${reason}`,
    );
  }
  // A pattern such as `0 0 30 2 *` parses but never matches; croner searches to year 9999 to find out
  // (~30 ms), so pay that once here rather than at every fire.
  if (cron.nextRun(new Date(Date.UTC(1970, 0, 1))) === null) {
    throw new InvalidTriggerError(`${field}.expression`, `"${spec.expression}" never matches a date`);
  }
  const zone = zoneFor(spec.timezone);
  const nextWallAfter = (wall: number): number | null => {
    if (wall >= MAX_TIME) return null;
    return cron.nextRun(new Date(wall))?.getTime() ?? null;
  };
  return { nextAfter: (after) => nextInZone(zone, after, nextWallAfter) };
}
