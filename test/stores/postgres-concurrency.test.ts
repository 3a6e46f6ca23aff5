import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewJob } from '../../src/core/job.js';
import type { PostgresStore } from '../../src/stores/postgres/index.js';
import type { TestDatabase } from '../harness/test-database.js';
import { uniqueName } from '../harness/test-database.js';
import { openStore, testDatabase } from './postgres-fixtures.js';

const T0 = Date.UTC(2031, 0, 1);
const BACKOFF = { type: 'fixed', delayMs: 1000, maxDelayMs: 60_000, jitter: 0 } as const;

function job(namespace: string, id: string, extra: Partial<NewJob> = {}): NewJob {
  return {
    id,
    namespace,
    queue: 'default',
    handler: 'h',
    payload: { id },
    priority: 0,
    runAt: T0,
    maxAttempts: 3,
    backoff: BACKOFF,
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
    ...extra,
  };
}

let db: TestDatabase;
let stores: PostgresStore[];

beforeAll(async () => {
  db = await testDatabase();
  const schema = uniqueName('s');
  // Separate pools, as separate worker processes would have.
  stores = Array.from({ length: 4 }, () => openStore(db.url, { schema, poolSize: 3 }));
  await stores[0]!.migrate();
});

afterAll(async () => {
  await Promise.all(stores?.map((s) => s.close()) ?? []);
  await db?.drop();
});

describe('PostgresStore under concurrency', () => {
  it('never claims one job twice when several stores acquire from one queue in parallel', async () => {
    const ns = uniqueName('ns');
    const total = 3000;
    const jobs = Array.from({ length: total }, (_, i) => job(ns, `j${i}`, { priority: i % 3, runAt: T0 - (i % 50) }));
    for (let i = 0; i < total; i += 1000) await stores[0]!.addJobs(jobs.slice(i, i + 1000), T0);

    const claimed: { id: string; by: string }[] = [];
    const worker = async (store: PostgresStore, lane: number, w: number): Promise<void> => {
      const workerId = `w${lane}-${w}`;
      for (;;) {
        const { jobs: got } = await store.acquireJobs({
          workerId,
          namespace: ns,
          queues: ['default'],
          handlers: null,
          limit: 37,
          leaseMs: 60_000,
          now: T0,
        });
        if (got.length === 0) return;
        for (const j of got) claimed.push({ id: j.id, by: workerId });
        const results = await store.finishJobs(
          got.map((j) => ({
            kind: 'succeeded' as const,
            id: j.id,
            namespace: ns,
            attempt: j.attempt,
            workerId,
            result: null,
          })),
          T0,
        );
        expect(results.every((r) => r.applied)).toBe(true);
      }
    };
    // Two concurrent claimers per store, four stores.
    await Promise.all(stores.flatMap((store, lane) => [worker(store, lane, 0), worker(store, lane, 1)]));

    const ids = claimed.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    expect(new Set(claimed.map((c) => c.by)).size).toBeGreaterThan(1);
    const [stats] = await stores[1]!.queueStats(ns, T0);
    expect(stats!.counts.succeeded).toBe(total);
  });

  it('gives each due schedule to one scheduler at a time', async () => {
    const ns = uniqueName('ns');
    const trigger = { kind: 'interval', v: 1, everyMs: 60_000, anchor: T0 } as const;
    for (let i = 0; i < 200; i++) {
      await stores[i % 4]!.upsertSchedule(
        {
          id: `s${i}`,
          namespace: ns,
          trigger,
          triggerState: { v: 1, count: 0, last: null },
          job: {
            handler: 'h',
            payload: null,
            queue: 'default',
            priority: 0,
            maxAttempts: 1,
            backoff: BACKOFF,
            timeoutMs: null,
          },
          paused: false,
          nextFireAt: T0,
          misfireGraceMs: null,
          coalesce: 'latest',
          maxCatchUp: 1,
          overlap: 'allow',
        },
        T0,
      );
    }
    const leased = await Promise.all(
      stores.flatMap((store, i) =>
        [0, 1].map((k) =>
          store.acquireSchedules({ schedulerId: `sch${i}-${k}`, limit: 40, leaseMs: 30_000, dueBefore: T0, now: T0 }),
        ),
      ),
    );
    const ids = leased
      .flat()
      .filter((s) => s.namespace === ns)
      .map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(200);
  });

  it('lets concurrent keyed submissions agree on one holder per key', async () => {
    const ns = uniqueName('ns');
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        stores[i % 4]!.addJobs([job(ns, `k${i}`, { key: `key-${i % 3}`, onKeyConflict: 'return-existing' })], T0),
      ),
    );
    const created = results.flat().filter((r) => r.created);
    expect(created).toHaveLength(3);
    const page = await stores[0]!.listJobs({ namespace: ns }, { limit: 100 }, T0);
    expect(page.items).toHaveLength(3);
    for (const r of results.flat()) expect(created.map((c) => c.job.id)).toContain(r.job.id);
  });
});
