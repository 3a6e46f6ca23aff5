import { MAX_TIME, type FireSeries } from './series.js';
import type { CalendarTriggerSpec } from './trigger.js';
import { nextInZone } from './wall-clock.js';
import { zoneFor } from './zone.js';

const DAY = 86_400_000;

/** `HH:MM[:SS]` to milliseconds after midnight; the spec is validated before it gets here. */
export function parseTimeOfDay(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000;
}

/** `YYYY-MM-DD` to its parts (month 0-based). */
export function parseDate(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number);
  return { year: year!, month: month! - 1, day: day! };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Every N days, weeks, months or years at a wall-clock time, counted from `startDate`. Occurrence k is
 * computed from the start date directly, never from occurrence k-1, so a clamped day does not drift:
 * from Jan 31 monthly gives Jan 31, Feb 28 (29), Mar 31, Apr 30, … and from Feb 29 yearly gives Feb 28
 * in common years and Feb 29 in leap years. DST follows the shared policy in wall-clock.ts.
 */
export function calendarSeries(spec: CalendarTriggerSpec): FireSeries {
  const zone = zoneFor(spec.timezone);
  const start = parseDate(spec.startDate);
  const startDay = Date.UTC(start.year, start.month, start.day);
  const timeOfDay = parseTimeOfDay(spec.time);
  const stepDays = spec.unit === 'day' ? spec.every : spec.unit === 'week' ? 7 * spec.every : 0;
  const stepMonths = spec.unit === 'month' ? spec.every : spec.unit === 'year' ? 12 * spec.every : 0;

  /** Wall time of occurrence k. */
  const occurrence = (k: number): number => {
    if (stepDays > 0) return startDay + k * stepDays * DAY + timeOfDay;
    const months = start.month + k * stepMonths;
    const year = start.year + Math.floor(months / 12);
    const month = months % 12;
    return Date.UTC(year, month, Math.min(start.day, daysInMonth(year, month))) + timeOfDay;
  };

  /** An occurrence index at or before the first one after `wall`: never skips one. */
  const lowerBound = (wall: number): number => {
    if (stepDays > 0) return Math.floor((wall - startDay) / DAY / stepDays) - 1;
    const d = new Date(wall);
    const months = (d.getUTCFullYear() - start.year) * 12 + d.getUTCMonth() - start.month;
    return Math.floor(months / stepMonths) - 1;
  };

  const nextWallAfter = (wall: number): number | null => {
    if (!(wall < MAX_TIME - DAY)) return null;
    for (let k = Math.max(0, lowerBound(wall)); ; k++) {
      const candidate = occurrence(k);
      if (candidate > MAX_TIME - DAY) return null;
      if (candidate > wall) return candidate;
    }
  };
  return { nextAfter: (after) => nextInZone(zone, after, nextWallAfter) };
}
