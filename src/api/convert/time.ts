import {
  durationFromMs,
  durationMs,
  timestampFromMs,
  timestampMs,
  type Duration,
  type Timestamp,
} from '@bufbuild/protobuf/wkt';
import { ValidationError } from '../../core/errors.js';

// RFC 3339's range (years 0001-9999), as google.protobuf.Timestamp documents it: anything outside is a
// malformed input, and would otherwise become an Invalid Date deep inside the store.
const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;
// google.protobuf.Duration's own limit, ±10,000 years.
const MAX_DURATION_SECONDS = 315_576_000_000n;

/** A Timestamp → epoch ms (tickwork keeps milliseconds: finer parts are truncated). */
export function msFromTimestamp(ts: Timestamp, field: string): number {
  if (ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS || ts.nanos < 0 || ts.nanos > 999_999_999) {
    throw new ValidationError(field, 'is not a valid timestamp (years 0001 to 9999)');
  }
  return Math.floor(timestampMs(ts));
}

export function optionalMsFromTimestamp(ts: Timestamp | undefined, field: string): number | undefined {
  return ts === undefined ? undefined : msFromTimestamp(ts, field);
}

/** A Duration → whole ms; negative spans are refused here, since no tickwork option accepts one. */
export function msFromDuration(d: Duration, field: string): number {
  const negative = d.seconds < 0n || d.nanos < 0;
  if (negative) throw new ValidationError(field, 'must not be negative');
  if (d.seconds > MAX_DURATION_SECONDS || d.nanos > 999_999_999) throw new ValidationError(field, 'is out of range');
  return Math.floor(durationMs(d));
}

export function optionalMsFromDuration(d: Duration | undefined, field: string): number | undefined {
  return d === undefined ? undefined : msFromDuration(d, field);
}

export function timestamp(ms: number): Timestamp {
  return timestampFromMs(ms);
}

export function optionalTimestamp(ms: number | null | undefined): Timestamp | undefined {
  return ms === null || ms === undefined ? undefined : timestampFromMs(ms);
}

export function duration(ms: number): Duration {
  return durationFromMs(ms);
}

export function optionalDuration(ms: number | null | undefined): Duration | undefined {
  return ms === null || ms === undefined ? undefined : durationFromMs(ms);
}
