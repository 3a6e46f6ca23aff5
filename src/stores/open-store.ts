import type { Duration } from '../core/duration.js';
import { ValidationError } from '../core/errors.js';
import { MemoryStore } from './memory/memory-store.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { TieredStore } from './tiered/tiered-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** The distributed mode's settings, used with a PostgreSQL URL. */
export interface DistributedOptions {
  /** A Redis URL: PostgreSQL + the Redis hot tier (TieredStore). Without it, PostgreSQL alone. */
  redis?: string;
  durability?: 'store-first' | 'hot-first';
  horizon?: Duration;
}

/**
 * Opens the store a location names: `:memory:` or `memory:` is a throwaway in-memory store; a
 * `postgres://` URL is PostgreSQL (with Redis as its hot tier when `redis` is given), migrated (the
 * migrator is safe when many processes start at once); anything else is an SQLite file, opened and
 * migrated (the embedded mode owns its file).
 */
export async function openStore(location: string, options: DistributedOptions = {}): Promise<Store> {
  const postgres = /^postgres(ql)?:\/\//.test(location);
  if (options.redis !== undefined && !postgres) {
    throw new ValidationError('redis', 'the Redis hot tier needs a PostgreSQL store (postgres://…)');
  }
  if (postgres) {
    const store =
      options.redis === undefined
        ? new PostgresStore({ connectionString: location })
        : await TieredStore.open({
            postgres: location,
            redis: options.redis,
            ...(options.durability ? { durability: options.durability } : {}),
            ...(options.horizon !== undefined ? { horizon: options.horizon } : {}),
          });
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  if (location === ':memory:' || location === 'memory:') return new MemoryStore();
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return SqliteStore.open({ path, migrate: true });
}
