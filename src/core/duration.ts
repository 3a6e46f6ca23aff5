import { ValidationError } from './errors.js';

/** A duration: milliseconds, or text such as `'500ms'`, `'30s'`, `'30m'`, `'2h'`, `'1d'`, `'1w'`. */
export type Duration = number | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/** Parses a duration into whole milliseconds; a negative or malformed one names `field`. */
export function toMs(value: Duration, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw new ValidationError(field, `${value} is not a duration (milliseconds >= 0)`);
    return Math.round(value);
  }
  if (typeof value !== 'string') throw new ValidationError(field, 'expected milliseconds or a string such as "30m"');
  const match = DURATION_RE.exec(value.trim());
  if (!match)
    throw new ValidationError(field, `"${value}" is not a duration such as "500ms", "30s", "30m", "2h", "1d"`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

export function toOptionalMs(value: Duration | undefined | null, field: string): number | null {
  return value === undefined || value === null ? null : toMs(value, field);
}
