import { inject } from 'vitest';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import type { PostgresStoreOptions } from '../../src/stores/postgres/options.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../harness/test-database.js';

/** The run's PostgreSQL (test/harness/global-setup.ts), or DATABASE_URL when the harness is not wired. */
export function databaseUrl(): string {
  const url = inject('databaseUrl') ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error('no PostgreSQL: add test/harness/global-setup.ts to vitest globalSetup, or set DATABASE_URL');
  }
  return url;
}

/** A fresh database for one test file. */
export function testDatabase(): Promise<TestDatabase> {
  return createTestDatabase(databaseUrl());
}

/** A store on `url` in a schema of its own (random unless given). Not migrated. */
export function openStore(url: string, options: Partial<PostgresStoreOptions> = {}): PostgresStore {
  return new PostgresStore({ connectionString: url, schema: uniqueName('s'), ...options });
}

/** Resolves once `check` passes, polling; fails with the last error after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
