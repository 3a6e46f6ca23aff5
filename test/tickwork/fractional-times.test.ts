import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Tickwork } from '../../src/index.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../harness/test-database.js';

// `runAt: Date.now() + spread * fraction` is an ordinary thing to write; the PostgreSQL store keeps
// times in bigint columns, where a fractional millisecond used to fail the whole batch with a raw
// "invalid input syntax for type bigint" (found by the chaos test).
describe('fractional millisecond times', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  let tw: Tickwork;

  beforeAll(async () => {
    db = await createTestDatabase(inject('databaseUrl'));
    store = new PostgresStore({ connectionString: db.url });
    await store.migrate();
    tw = await Tickwork.open({ store, logger: false, roles: [], requireKnownHandlers: false });
  });
  afterAll(async () => {
    await tw.close();
    await store.close();
    await db.drop();
  });

  it('are accepted and rounded up to whole milliseconds (never earlier than asked)', async () => {
    const at = Date.now() + 60_000.25;
    const one = await tw.jobs.enqueue('noop', null, { runAt: at });
    const [many] = await tw.jobs.enqueueMany([{ handler: 'noop', payload: null, options: { runAt: at + 0.5 } }]);
    expect(one.runAt).toBe(Math.ceil(at));
    expect(many!.runAt).toBe(Math.ceil(at + 0.5));
    expect((await tw.jobs.get(one.id)).runAt).toBe(Math.ceil(at));
    const listed = await tw.jobs.list({ runAtFrom: at - 0.5, runAtTo: at + 1.5 });
    expect(listed.items.map((j) => j.id).sort()).toEqual([one.id, many!.id].sort());
  });
});
