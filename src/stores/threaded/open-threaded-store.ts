import { MemoryStore } from '../memory/memory-store.js';
import type { Store } from '../store.js';
import { ThreadedSqliteStore } from './threaded-sqlite-store.js';

/**
 * openStore (src/stores/open-store.ts) with the SQLite file served from its own thread: the same
 * locations, the same `migrate: true`. What the embedded default becomes when it switches; until then
 * bench/threaded-store.ts substitutes it for openStore to compare the two.
 */
export async function openStore(location: string): Promise<Store> {
  if (location === ':memory:' || location === 'memory:') return new MemoryStore();
  const path = location.startsWith('sqlite:') ? location.slice('sqlite:'.length) : location;
  return ThreadedSqliteStore.open({ path, migrate: true });
}
