import { inject } from 'vitest';
import { TieredStore, type TieredStoreOptions } from '../../src/stores/tiered/index.js';
import { createTestDatabase, uniqueName, type TestDatabase } from '../harness/test-database.js';
import { databaseUrl } from '../stores/postgres-fixtures.js';

export function redisUrl(): string {
  const url = inject('redisUrl') ?? process.env.REDIS_URL;
  if (!url) throw new Error('no Redis: add test/harness/global-setup.ts to vitest globalSetup, or set REDIS_URL');
  return url;
}

export { databaseUrl };

/** A database for one test file, and tiered stores on it sharing one schema and one Redis prefix. */
export async function tieredFixture(): Promise<{
  db: TestDatabase;
  schema: string;
  prefix: string;
  open(options?: Partial<TieredStoreOptions>): Promise<TieredStore>;
  closeAll(): Promise<void>;
}> {
  const db = await createTestDatabase(databaseUrl());
  const schema = uniqueName('tier');
  const prefix = uniqueName('tw');
  const opened: TieredStore[] = [];
  return {
    db,
    schema,
    prefix,
    async open(options = {}) {
      const store = await TieredStore.open({
        postgres: db.url,
        schema,
        poolSize: 4,
        redis: redisUrl(),
        prefix,
        ...options,
      });
      await store.migrate();
      opened.push(store);
      return store;
    },
    async closeAll() {
      await Promise.all(opened.map((s) => s.close()));
      await db.drop();
    },
  };
}
