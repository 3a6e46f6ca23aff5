import type { Cluster, Redis } from 'ioredis';
import { ValidationError } from '../../core/errors.js';
import { toMs, type Duration } from '../../core/duration.js';

/** Where warnings go (pino's signature; console works too with a small adapter). */
export interface HotTierLogger {
  warn(object: Record<string, unknown>, message: string): void;
}

/** Options of the Redis hot tier. Every field but `redis` is optional; defaults in brackets. */
export interface RedisHotTierOptions {
  /**
   * A Redis URL (the hot tier opens its own connection, fails fast while Redis is away, and closes it
   * on `close()`), or an ioredis client or cluster the caller owns and closes.
   */
  redis: string | Redis | Cluster;
  /** The first part of every key's hash tag (`{tw:<namespace>:<queue>}`). [`tw`] */
  prefix?: string;
  /** Jobs due later than now + horizon stay in the store: the promoter's threshold. [`5m`] */
  horizon?: Duration;
  /** Time limit of one command on a connection the hot tier opens. [`5s`] */
  commandTimeout?: Duration;
  /** Due delayed jobs one claim moves to ready first, at most. [1000] */
  moveLimit?: number;
  /** Ready jobs one claim looks at when filtering by handler, at most. [1000] */
  scanLimit?: number;
  /** Queues visited at once by cross-queue calls (readChanges, reaping). [16] */
  fanOut?: number;
  /** Receives quarantine warnings and connection errors. [none] */
  logger?: HotTierLogger;
}

export interface ResolvedHotTierOptions {
  prefix: string;
  horizonMs: number;
  commandTimeoutMs: number;
  moveLimit: number;
  scanLimit: number;
  fanOut: number;
  logger: HotTierLogger | null;
}

function positive(value: number | undefined, fallback: number, field: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError(field, `${n} is not a whole number >= 1`);
  return n;
}

export function resolveHotTierOptions(options: RedisHotTierOptions): ResolvedHotTierOptions {
  const prefix = options.prefix ?? 'tw';
  if (prefix === '') throw new ValidationError('prefix', 'must not be empty');
  return {
    prefix,
    horizonMs: toMs(options.horizon ?? '5m', 'horizon'),
    commandTimeoutMs: toMs(options.commandTimeout ?? '5s', 'commandTimeout'),
    moveLimit: positive(options.moveLimit, 1000, 'moveLimit'),
    scanLimit: positive(options.scanLimit, 1000, 'scanLimit'),
    fanOut: positive(options.fanOut, 16, 'fanOut'),
    logger: options.logger ?? null,
  };
}
