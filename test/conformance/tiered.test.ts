import { inject } from 'vitest';
import { TieredStore } from '../../src/stores/tiered/index.js';
import type { Durability } from '../../src/stores/tiered/index.js';
import { createTestDatabase, uniqueName } from '../harness/test-database.js';
import { databaseUrl } from '../stores/postgres-fixtures.js';
import { describeStoreConformance } from './store-conformance.js';

function redisUrl(): string {
  const url = inject('redisUrl') ?? process.env.REDIS_URL;
  if (!url) throw new Error('no Redis: add test/harness/global-setup.ts to vitest globalSetup, or set REDIS_URL');
  return url;
}

// PostgreSQL + Redis in both durability modes. Every store the suite opens gets a PostgreSQL schema and
// a Redis key prefix of its own; the background loops do not run (the suite's clock is virtual), so
// what the suite sees is the store's own steps: promotion on claim, flushes before reads.
for (const durability of ['store-first', 'hot-first'] as Durability[]) {
  let database: ReturnType<typeof createTestDatabase> | undefined;
  let open = 0;
  describeStoreConformance(`postgres+redis (${durability})`, async () => {
    database ??= createTestDatabase(databaseUrl());
    const db = await database;
    open++;
    const store = await TieredStore.open({
      postgres: db.url,
      schema: uniqueName('tier'),
      poolSize: 4,
      redis: redisUrl(),
      prefix: uniqueName('tw'),
      durability,
    });
    await store.migrate();
    return {
      store,
      async cleanup() {
        await store.close();
        if (--open === 0) {
          database = undefined;
          await db.drop();
        }
      },
    };
  });
}
