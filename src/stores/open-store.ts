import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a path names: `:memory:` or `memory:` is a throwaway in-memory store; anything else
 * is an SQLite file, opened and migrated (the embedded mode owns its file).
 */
export async function openStore(location: string): Promise<Store> {
  if (location === ':memory:' || location === 'memory:') return new MemoryStore();
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return SqliteStore.open({ path, migrate: true });
}
