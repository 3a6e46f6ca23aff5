import { toJson, type JsonValue } from '@bufbuild/protobuf';
import { timestampDate, ValueSchema, type Duration, type Timestamp, type Value } from '@bufbuild/protobuf/wkt';
import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { EventType } from '../../../src/gen/tickwork/v1/events_pb.js';

export const JOB_STATES = [
  JobState.SCHEDULED,
  JobState.QUEUED,
  JobState.RUNNING,
  JobState.SUCCEEDED,
  JobState.FAILED,
  JobState.CANCELLED,
  JobState.PAUSED,
] as const;

/** `JobState.RUNNING` → `running`. */
export function stateName(state: JobState): string {
  return (JobState[state] ?? 'unknown').toLowerCase();
}

/** `EventType.JOB_SUCCEEDED` → `job.succeeded`. */
export function eventName(type: EventType): string {
  const name = EventType[type] ?? 'UNKNOWN';
  const [family, ...rest] = name.toLowerCase().split('_');
  return `${family}.${rest.join('_')}`;
}

export function toDate(ts: Timestamp | undefined): Date | null {
  return ts ? timestampDate(ts) : null;
}

/** A date for a table cell: local time, seconds included. */
export function formatTime(ts: Timestamp | Date | undefined | null): string {
  const d = ts instanceof Date ? ts : ts ? timestampDate(ts) : null;
  if (!d) return '—';
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** `in 3 min`, `2 h ago`. */
export function relative(d: Date | null, now = Date.now()): string {
  if (!d) return '—';
  const ms = d.getTime() - now;
  const abs = Math.abs(ms);
  const [n, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), 's']
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), 'min']
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), 'h']
          : [Math.round(abs / 86_400_000), 'd'];
  return ms >= 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

export function durationMs(d: Duration | undefined): number | null {
  return d ? Number(d.seconds) * 1000 + Math.round(d.nanos / 1e6) : null;
}

/** 90000 → `1 min 30 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const parts: string[] = [];
  let s = Math.round(ms / 1000);
  for (const [size, unit] of [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)} ${unit}`);
      s %= size;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}

export function json(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value, null, 2);
}

/** A Connect error's message without the `[code]` prefix, for people. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return 'rawMessage' in error ? String(error.rawMessage) : error.message;
  return String(error);
}

/** A google.protobuf.Value as the JSON it carries (absent: null). */
export function valueJson(value: Value | undefined): JsonValue {
  return value === undefined ? null : toJson(ValueSchema, value);
}
