import { afterEach, beforeAll, afterAll, describe, expect, inject, it } from 'vitest';
import { cron, Tickwork } from '../../src/index.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../harness/test-database.js';

// Two Tickwork instances on two PostgresStores (two pools, two LISTEN connections): as two processes.
// An idle loop sleeps up to its 30 s cap; only the store's wake-up hints (LISTEN/NOTIFY) let it act on
// another process's write sooner. The waits below are bounded well under that cap: without the hints,
// they time out (found by the chaos test: freshly restarted workers sat idle for 30 s).
const WELL_UNDER_THE_SLEEP_CAP = 10_000;

/** Polls (the producer hears no events from the other store) until `check` holds or the bound passes. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + WELL_UNDER_THE_SLEEP_CAP;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('PostgreSQL-only mode across processes', () => {
  let db: TestDatabase;
  const open: { tw: Tickwork; store: PostgresStore }[] = [];

  const instance = async (roles: ('scheduler' | 'worker')[]) => {
    const store = new PostgresStore({ connectionString: db.url, poolSize: 2 });
    const tw = await Tickwork.open({ store, roles, logger: false, requireKnownHandlers: false });
    open.push({ tw, store });
    return tw;
  };

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    const store = new PostgresStore({ connectionString: db.url });
    await store.migrate();
    await store.close();
  });
  afterEach(async () => {
    for (const { tw, store } of open.splice(0)) {
      await tw.close();
      await store.close();
    }
  });
  afterAll(() => db.drop());

  it('an idle worker runs a job another process enqueues', async () => {
    const worker = await instance(['worker']);
    worker.handle('noop', () => 'done');
    worker.start();
    await new Promise((r) => setTimeout(r, 300)); // the worker has looked, found nothing and gone to sleep
    const producer = await instance([]);
    const job = await producer.jobs.enqueue('noop', null);
    expect(await eventually(async () => (await producer.jobs.get(job.id)).state === 'succeeded')).toBe(true);
  });

  it('an idle scheduler fires a schedule another process declares', async () => {
    const scheduler = await instance(['scheduler']);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 300));
    const client = await instance([]);
    await client.schedules.upsert({ id: 'tick', trigger: cron('* * * * * *'), handler: 'noop' });
    expect(await eventually(async () => (await client.jobs.list({ scheduleId: 'tick' })).items.length > 0)).toBe(true);
  });
});
