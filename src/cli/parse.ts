import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { toMs } from '../core/duration.js';
import { usageError } from './cli-error.js';

/** Command-line value parsers: a bad value is a usage error naming the flag (commander adds it). */

export function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

export function parseDuration(value: string): number {
  const text = /^\d+$/.test(value) ? Number(value) : value;
  try {
    return toMs(text, 'duration');
  } catch {
    throw new InvalidArgumentError('not a duration such as 500ms, 30s, 30m, 2h, 1d (or milliseconds)');
  }
}

export function parseTime(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidArgumentError('not a time (ISO 8601 such as 2026-03-08T03:00:00Z, or epoch ms)');
  return ms;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** A JSON argument: inline text, `@file`, or `-` for stdin. Called from actions: a CliError (exit 2). */
export function readJsonArgument(text: string | undefined, what: string): unknown {
  if (text === undefined) return null;
  let source = text;
  try {
    if (text === '-') source = readFileSync(0, 'utf8');
    else if (text.startsWith('@')) source = readFileSync(text.slice(1), 'utf8');
  } catch (error) {
    throw usageError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(source);
  } catch (error) {
    throw usageError(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
