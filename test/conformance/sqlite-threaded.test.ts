import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThreadedSqliteStore } from '../../src/stores/threaded/threaded-sqlite-store.js';
import { describeStoreConformance } from './store-conformance.js';

describeStoreConformance('sqlite-threaded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-conformance-'));
  const store = await ThreadedSqliteStore.open({ path: join(dir, 'tickwork.db'), migrate: true });
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
