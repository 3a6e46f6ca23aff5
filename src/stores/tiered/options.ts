import type { Cluster, Redis } from 'ioredis';
import type pg from 'pg';
import { toMs, type Duration } from '../../core/duration.js';
import { ValidationError } from '../../core/errors.js';
import type { HotTierLogger } from '../../hot/redis/options.js';

/** When a submission is acknowledged (brief §5). */
export type Durability = 'store-first' | 'hot-first';
export const DURABILITIES: readonly Durability[] = ['store-first', 'hot-first'];

/** Options of the tiered store: PostgreSQL as the system of record, Redis as the hot tier. */
export interface TieredStoreOptions {
  /** A PostgreSQL connection string, or a pool the caller owns (never ended by the store). */
  postgres: string | pg.Pool;
  /** The schema of tickwork's tables. [`tickwork`] */
  schema?: string;
  /** Size of the pool the store opens itself. [10] */
  poolSize?: number;
  /** A Redis URL, or an ioredis client or cluster the caller owns. */
  redis: string | Redis | Cluster;
  /** The first part of every Redis key's hash tag. [`tw`] */
  prefix?: string;
  /** Jobs due within this time live in Redis; later ones only in PostgreSQL until promoted. [`5m`] */
  horizon?: Duration;
  /**
   * `store-first` (default): a job is acknowledged once PostgreSQL has it, then pushed to Redis if due
   * within the horizon. `hot-first`: acknowledged once Redis has it (as durable as Redis's AOF and
   * replication); the flusher writes PostgreSQL later. Keyed and paused jobs always go store-first.
   */
  durability?: Durability;
  /** Log entries per queue the flusher reads per batch (the "N changes"). [500] */
  flushBatch?: number;
  /** How often the flusher drains at the latest (the "T ms"). [`200ms`] */
  flushInterval?: Duration;
  /** How often the promoter scans for jobs entering the horizon; shorter than the horizon. [horizon / 5] */
  promoteInterval?: Duration;
  /** How often the reconciler repairs (expired leases, hot jobs Redis lacks). [`5s`] */
  reconcileInterval?: Duration;
  /** A hot job that Redis lacks is re-pushed only once its row is this old (a handoff in flight). [`10s`] */
  repairGrace?: Duration;
  /** Warnings (quarantine, connection errors, loop failures). [none] */
  logger?: HotTierLogger & { error?(object: Record<string, unknown>, message: string): void };
}

export interface ResolvedTieredOptions {
  schema: string;
  poolSize: number;
  prefix: string;
  horizonMs: number;
  durability: Durability;
  flushBatch: number;
  flushIntervalMs: number;
  promoteIntervalMs: number;
  reconcileIntervalMs: number;
  repairGraceMs: number;
}

export function resolveTieredOptions(options: TieredStoreOptions): ResolvedTieredOptions {
  const durability = options.durability ?? 'store-first';
  if (!DURABILITIES.includes(durability)) {
    throw new ValidationError('durability', `"${String(durability)}" is not one of ${DURABILITIES.join(', ')}`);
  }
  const horizonMs = toMs(options.horizon ?? '5m', 'horizon');
  const promoteIntervalMs = toMs(options.promoteInterval ?? Math.max(1, Math.floor(horizonMs / 5)), 'promoteInterval');
  if (promoteIntervalMs >= horizonMs) {
    throw new ValidationError('promoteInterval', `must be shorter than the horizon (${horizonMs} ms)`);
  }
  const flushBatch = options.flushBatch ?? 500;
  if (!Number.isInteger(flushBatch) || flushBatch < 1) {
    throw new ValidationError('flushBatch', `${flushBatch} is not a whole number >= 1`);
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new ValidationError('poolSize', `${poolSize} is not a whole number >= 1`);
  }
  return {
    schema: options.schema ?? 'tickwork',
    poolSize,
    prefix: options.prefix ?? 'tw',
    horizonMs,
    durability,
    flushBatch,
    flushIntervalMs: toMs(options.flushInterval ?? '200ms', 'flushInterval'),
    promoteIntervalMs,
    reconcileIntervalMs: toMs(options.reconcileInterval ?? '5s', 'reconcileInterval'),
    repairGraceMs: toMs(options.repairGrace ?? '10s', 'repairGrace'),
  };
}
