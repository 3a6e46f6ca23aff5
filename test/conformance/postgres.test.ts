import { PostgresStore } from '../../src/stores/postgres/index.js';
import { createTestDatabase, uniqueName } from '../harness/test-database.js';
import { databaseUrl } from '../stores/postgres-fixtures.js';
import { describeStoreConformance } from './store-conformance.js';

// One database for this file; every store the suite opens gets a schema of its own in it.
let database: ReturnType<typeof createTestDatabase> | undefined;
let open = 0;

describeStoreConformance('postgres', async () => {
  database ??= createTestDatabase(databaseUrl());
  const db = await database;
  open++;
  const store = new PostgresStore({ connectionString: db.url, schema: uniqueName('conf'), poolSize: 4 });
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
