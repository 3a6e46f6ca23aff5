import type { Store } from '../stores/store.js';
import { PostgresStore } from '../stores/postgres/index.js';
import { SqliteStore } from '../stores/sqlite/sqlite-store.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { TieredStore } from '../stores/tiered/tiered-store.js';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * The store a `--store` names, for commands that manage a store directly (migrate). `tickwork serve`
 * hands SQLite paths to the facade, which opens and migrates its own file (embedded mode).
 */
export async function openStoreAt(
  location: string,
  options: { migrate: boolean; redis?: string | undefined; durability?: 'store-first' | 'hot-first' | undefined },
): Promise<Store> {
  if (isPostgresUrl(location) && options.redis !== undefined) {
    return TieredStore.open({
      postgres: location,
      redis: options.redis,
      ...(options.durability ? { durability: options.durability } : {}),
    });
  }
  if (isPostgresUrl(location)) return new PostgresStore({ connectionString: location });
  if (location === ':memory:' || location === 'memory:') return new MemoryStore();
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return SqliteStore.open({ path, migrate: options.migrate });
}
