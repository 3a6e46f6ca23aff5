import type { Zone } from './zone.js';

/** Bound on the defensive re-search below; never reached with the tz database's zones. */
const MAX_RESEARCH = 10_000;

/**
 * The first instant strictly after `after` at which a wall-clock series fires in `zone`, under
 * tickwork's DST policy (shared by cron and calendar triggers):
 *
 * - A wall time skipped by spring-forward fires once, at the first valid instant after the gap
 *   (02:30 on a New York spring-forward day fires at 03:00 EDT). Several skipped wall times collapse
 *   into that one fire, since fire times strictly increase.
 * - A wall time repeated by fall-back fires once, at its first occurrence. Sub-hourly crons therefore
 *   pause during the repeated hour; use an interval trigger when elapsed time matters more than the clock.
 *
 * Mapping each wall time to one instant this way is monotone, so "the first matching wall time whose
 * instant is after `after`" is found with one search from the right starting wall time.
 *
 * @param nextWallAfter the first wall time of the series strictly after the given wall time, or null.
 */
export function nextInZone(zone: Zone, after: number, nextWallAfter: (wall: number) => number | null): number | null {
  let from = zone.toWall(after);
  const here = zone.resolve(from);
  if ('earlier' in here && here.earlier < after) {
    // `after` is in the second pass of a repeated hour: every wall time up to the end of that hour
    // already had its (first) occurrence, so the search resumes where the repeated range ends. The loop
    // below would get there too, but one match at a time (3,600 steps for a second-level cron).
    const transition = zone.transitionIn(here.earlier, here.later);
    from = transition + zone.offsetAt(here.earlier) - 1;
  }
  for (let i = 0; i < MAX_RESEARCH; i++) {
    const wall = nextWallAfter(from);
    if (wall === null) return null;
    const resolved = zone.resolve(wall);
    const instant = 'gapEnd' in resolved ? resolved.gapEnd : resolved.earlier;
    if (instant > after) return instant;
    from = wall;
  }
  return null;
}
