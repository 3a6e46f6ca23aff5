import type pg from 'pg';
import { toMs, type Duration } from '../../core/duration.js';
import { ValidationError } from '../../core/errors.js';

export interface PostgresStoreOptions {
  /** A connection string (`postgres://user@host:5432/db`). Either this or `pool`. */
  connectionString?: string;
  /** A pool the caller owns: the store uses it and never ends it. Either this or `connectionString`. */
  pool?: pg.Pool;
  /** The schema holding tickwork's tables. Default `tickwork`. Tests isolate by schema. */
  schema?: string;
  /** Size of the pool the store opens itself (ignored with `pool`). Default 10. */
  poolSize?: number;
  /** How long to wait for a connection before the call fails with StoreUnavailableError. Default 5 s. */
  connectTimeout?: Duration;
  /** Send LISTEN/NOTIFY wake-up hints to other processes after writes that make work due. Default true. */
  notify?: boolean;
  /**
   * Share committed events between processes over NOTIFY: this store publishes its events, and its
   * `onEvents` listeners also receive those of every other store on the schema that shares them (each
   * exactly once; large `data` is dropped to stay under NOTIFY's 8000-byte limit). Default false: it
   * costs NOTIFY traffic proportional to the event rate, and most deployments only need wake-ups.
   */
  shareEvents?: boolean;
}

export interface ResolvedPostgresOptions {
  schema: string;
  poolSize: number;
  connectTimeoutMs: number;
  notify: boolean;
  shareEvents: boolean;
}

/** A schema name we can quote safely and that fits PostgreSQL's 63-byte identifiers with room for a suffix. */
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,47}$/;

export function resolvePostgresOptions(options: PostgresStoreOptions): ResolvedPostgresOptions {
  const schema = options.schema ?? 'tickwork';
  if (!SCHEMA_RE.test(schema)) {
    throw new ValidationError('schema', `"${schema}" is not a lower-case identifier of at most 48 characters`);
  }
  if ((options.connectionString === undefined) === (options.pool === undefined)) {
    throw new ValidationError('connectionString', 'give exactly one of connectionString and pool');
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 1)
    throw new ValidationError('poolSize', `${poolSize} is not a positive integer`);
  return {
    schema,
    poolSize,
    connectTimeoutMs: toMs(options.connectTimeout ?? 5000, 'connectTimeout'),
    notify: options.notify ?? true,
    shareEvents: options.shareEvents ?? false,
  };
}
