import { parseDate } from './calendar.js';
import { toTrigger } from './create-trigger.js';
import type { CalendarTriggerSpec, TriggerSpec } from './trigger.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `30 s`, `5 min`, `1500 ms`: the largest unit that divides evenly. */
export function formatDuration(ms: number): string {
  for (const [size, unit] of UNITS) if (ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

function plural(n: number, unit: string): string {
  return n === 1 ? unit : `${n} ${unit}s`;
}

function describeCalendar(spec: CalendarTriggerSpec): string {
  const { year, month, day } = parseDate(spec.startDate);
  const on =
    spec.unit === 'week'
      ? ` on ${WEEKDAYS[new Date(Date.UTC(year, month, day)).getUTCDay()]}`
      : spec.unit === 'month'
        ? ` on day ${day}`
        : spec.unit === 'year'
          ? ` on ${day} ${MONTHS[month]}`
          : '';
  // The start date matters to the reader only when it decides which days count.
  const from = spec.every > 1 ? `, from ${spec.startDate}` : '';
  return `every ${plural(spec.every, spec.unit)}${on} at ${spec.time} (${spec.timezone})${from}`;
}

function describeSpec(spec: TriggerSpec): string {
  let text: string;
  switch (spec.kind) {
    case 'date':
      text = `once at ${iso(spec.at)}`;
      break;
    case 'interval':
      text = `every ${formatDuration(spec.everyMs)}`;
      break;
    case 'cron':
      text = `cron ${spec.expression} (${spec.timezone})`;
      break;
    case 'calendar':
      text = describeCalendar(spec);
      break;
    case 'and':
    case 'or':
      text = `${spec.kind === 'and' ? 'all of' : 'any of'} [${spec.triggers.map(describeSpec).join('; ')}]`;
      break;
  }
  const parts = [text];
  if (spec.start !== undefined) parts.push(`starting ${iso(spec.start)}`);
  if (spec.end !== undefined) parts.push(`until ${iso(spec.end)}`);
  if (spec.limit !== undefined) parts.push(spec.limit === 1 ? 'at most once' : `at most ${spec.limit} times`);
  if (spec.jitterMs !== undefined) parts.push(`jitter up to ${formatDuration(spec.jitterMs)}`);
  return parts.join(', ');
}

/**
 * A short human description for the CLI and the dashboard: "every day at 03:00 (Asia/Shanghai)",
 * "cron 0 3 * * * (Asia/Shanghai)", "every 30 s", "once at 2026-03-01T00:00:00.000Z". Takes a spec (any
 * JSON, validated first) or a Trigger.
 */
export function describeTrigger(specOrTrigger: unknown): string {
  return describeSpec(toTrigger(specOrTrigger).spec);
}
