import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tickwork } from '../../src/tickwork/tickwork.js';
import { createTestDatabase, type TestDatabase } from '../harness/test-database.js';
import { databaseUrl, redisUrl } from './support.js';

// The facade end to end on PostgreSQL + Redis: Tickwork.open with a postgres URL and a redis URL.
describe.each(['store-first', 'hot-first'] as const)('Tickwork on PostgreSQL + Redis (%s)', (durability) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(databaseUrl());
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs enqueued jobs, and its history is in PostgreSQL once flushed', async () => {
    const tw = await Tickwork.open({ store: db.url, redis: redisUrl(), durability, logger: false });
    try {
      expect(tw.store.kind).toBe('postgres+redis');
      const done: number[] = [];
      tw.handle<{ n: number }>('add', async ({ n }) => {
        done.push(n);
        return { n };
      });
      const finished = new Promise<void>((resolve) => {
        const sub = tw.on('job.succeeded', () => {
          if (done.length === 20) {
            sub.close();
            resolve();
          }
        });
      });
      const jobs = await Promise.all(Array.from({ length: 20 }, (_, n) => tw.jobs.enqueue('add', { n })));
      tw.start();
      await finished;
      expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      const last = jobs[19]!;
      await expect.poll(async () => (await tw.jobs.get(last.id))?.state).toBe('succeeded');
      const history = await tw.store.listJobEvents('default', last.id);
      expect(history.map((e) => e.type)).toEqual(['job.added', 'job.started', 'job.succeeded']);
    } finally {
      await tw.close();
    }
  });

  // An idle worker sleeps up to its 30 s cap; a job another process adds (hot-first: Redis only,
  // so no LISTEN/NOTIFY) must wake it through the Redis relay. The wait is bounded well under the cap.
  it('an idle worker in another process runs a job it did not enqueue', async () => {
    const worker = await Tickwork.open({ store: db.url, redis: redisUrl(), durability, logger: false });
    const producer = await Tickwork.open({
      store: db.url,
      redis: redisUrl(),
      durability,
      logger: false,
      roles: [],
      requireKnownHandlers: false,
    });
    try {
      let ran = false;
      worker.handle('wake-me', () => {
        ran = true;
        return null;
      });
      worker.start();
      await new Promise((r) => setTimeout(r, 300)); // it has looked, found nothing and gone to sleep
      await producer.jobs.enqueue('wake-me', null);
      await expect.poll(() => ran, { timeout: 10_000, interval: 50 }).toBe(true);
    } finally {
      await producer.close();
      await worker.close();
    }
  });
});
