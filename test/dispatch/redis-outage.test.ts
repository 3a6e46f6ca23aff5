/**
 * Redis going away mid-operation (issue 3, "Bad input and faults"): calls fail with the retryable
 * StoreUnavailableError or succeed on PostgreSQL alone, and once Redis is back every acknowledged job
 * converges — claimed, finished, flushed — with nothing lost and no attempt run twice. Each test stops a
 * private redis-server (AOF, as the chaos test runs it) around one step and starts it again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import type { Job, NewJob } from '../../src/core/job.js';
import { Flusher } from '../../src/dispatch/flusher.js';
import type { TieredStore } from '../../src/stores/tiered/index.js';
import { startRedis, type RedisServer } from '../harness/redis-server.js';
import { tieredFixture } from './support.js';

const MIN = 60_000;
let counter = 0;

function newJob(namespace: string, runAt: number, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: `o-${++counter}`,
    namespace,
    queue: 'default',
    handler: 'h',
    payload: { n: counter },
    priority: 0,
    runAt,
    maxAttempts: 3,
    backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
    ...overrides,
  };
}

let redis: RedisServer;
let fixture: Awaited<ReturnType<typeof tieredFixture>>;

beforeAll(async () => {
  redis = await startRedis({ appendOnly: true, appendFsync: 'always' });
  fixture = await tieredFixture();
});

afterAll(async () => {
  await fixture?.closeAll();
  await redis?.stop();
});

/** Claims until `ids` are all claimed (or `rounds` claims came back empty-handed). */
async function claimAll(store: TieredStore, namespace: string, workerId: string, now: number, leaseMs = MIN) {
  const { jobs } = await store.acquireJobs({
    workerId,
    namespace,
    queues: null,
    handlers: null,
    limit: 100,
    leaseMs,
    now,
  });
  return jobs;
}

async function succeed(store: TieredStore, workerId: string, jobs: Job[], now: number) {
  return store.finishJobs(
    jobs.map((j) => ({
      kind: 'succeeded' as const,
      id: j.id,
      namespace: j.namespace,
      attempt: j.attempt,
      workerId,
      result: { attempt: j.attempt },
    })),
    now,
  );
}

describe('store-first: jobs written to PostgreSQL while Redis is away', () => {
  it('are acknowledged, and the next claim after Redis returns gets them (promotion repaired)', async () => {
    const store = await fixture.open({ redis: redis.url, horizon: '10m' });
    const ns = `ns-sf-${++counter}`;
    const now = Date.now();
    const jobs = [newJob(ns, now), newJob(ns, now + 1000)];
    await redis.down();
    let results;
    try {
      results = await store.addJobs(jobs, now);
    } finally {
      await redis.up();
    }
    expect(results.map((r) => r.created)).toEqual([true, true]);
    // Marked hot, not in Redis: the store still has them, waiting.
    for (const job of jobs) {
      expect((await store.sql.getRow(ns, job.id))?.job.state).toMatch(/^(queued|scheduled)$/);
    }
    // Until Redis answers again the repair stays pending (the claim fails, or finds nothing yet).
    const claimed: Job[] = [];
    for (let round = 0; claimed.length < jobs.length && round < 100; round++) {
      claimed.push(...(await retryUnavailable(() => claimAll(store, ns, 'w1', now + 2000))));
      if (claimed.length < jobs.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(store.promoter.pendingRepairs).toBe(0);
    expect(claimed.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect((await succeed(store, 'w1', claimed, now + 2000)).map((r) => r.applied)).toEqual([true, true]);
    await store.flusher.flush(ns);
    for (const job of jobs) {
      expect(await store.sql.getRow(ns, job.id)).toMatchObject({ hot: false, job: { state: 'succeeded', attempt: 1 } });
    }
  });

  it('left marked hot by a process that died: another process reconciles them into Redis', async () => {
    const dying = await fixture.open({ redis: redis.url, horizon: '10m' });
    const survivor = await fixture.open({ redis: redis.url, horizon: '10m', repairGrace: '1s' });
    const ns = `ns-sf-${++counter}`;
    const now = Date.now();
    const job = newJob(ns, now);
    await redis.down();
    try {
      await dying.addJobs([job], now);
    } finally {
      await redis.up();
    }
    await dying.close(); // its memory of the failed push is gone with it
    expect(await survivor.sql.getRow(ns, job.id)).toMatchObject({ hot: true, job: { state: 'queued' } });
    const report = await retryUnavailable(() => survivor.reconciler.tick(now + 2000));
    expect(report.repushed).toBeGreaterThanOrEqual(1);
    const claimed = await claimAll(survivor, ns, 'w2', now + 2000);
    expect(claimed.map((j) => j.id)).toEqual([job.id]);
  });
});

/** Redis answers again shortly after `up()` (the client reconnects on its own): retry while it does not. */
async function retryUnavailable<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('hot-first: Redis restarting around a claim and a finish', () => {
  it('refuses a submission while Redis is away (retryable, not acknowledged), accepts it after', async () => {
    const store = await fixture.open({ redis: redis.url, horizon: '10m', durability: 'hot-first' });
    const ns = `ns-hf-${++counter}`;
    const now = Date.now();
    const job = newJob(ns, now);
    await redis.down();
    try {
      await expect(store.addJobs([job], now)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await redis.up();
    }
    const [added] = await retryUnavailable(() => store.addJobs([job], now));
    expect(added).toMatchObject({ created: true });
    const claimed = await claimAll(store, ns, 'w', now);
    expect(claimed.map((j) => j.id)).toEqual([job.id]);
  });

  it('records an outcome that failed while Redis was away once it is back, exactly once', async () => {
    const store = await fixture.open({ redis: redis.url, horizon: '10m', durability: 'hot-first' });
    const ns = `ns-hf-${++counter}`;
    const now = Date.now();
    const jobs = [newJob(ns, now), newJob(ns, now)];
    await store.addJobs(jobs, now);
    const claimed = await claimAll(store, ns, 'w', now);
    expect(claimed).toHaveLength(2);
    await redis.down();
    try {
      await expect(succeed(store, 'w', claimed, now + 10)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await redis.up();
    }
    const results = await retryUnavailable(() => succeed(store, 'w', claimed, now + 20));
    expect(results.map((r) => r.applied)).toEqual([true, true]);
    await store.flusher.flush(ns);
    for (const job of jobs) {
      expect(await store.sql.getRow(ns, job.id)).toMatchObject({ hot: false, job: { state: 'succeeded', attempt: 1 } });
    }
  });

  it('re-queues the jobs of a worker that died while Redis restarted, and fences out its late outcome', async () => {
    const dead = await fixture.open({ redis: redis.url, horizon: '10m', durability: 'hot-first' });
    const other = await fixture.open({ redis: redis.url, horizon: '10m', durability: 'hot-first' });
    const ns = `ns-hf-${++counter}`;
    const now = Date.now();
    const jobs = [newJob(ns, now), newJob(ns, now), newJob(ns, now)];
    await dead.addJobs(jobs, now);
    await dead.flusher.flush(ns);
    const first = await claimAll(dead, ns, 'dead-worker', now, 1000);
    expect(first).toHaveLength(3);
    await redis.restart();
    // The leases ran out meanwhile: the reconciler of another process re-queues them (a stall each).
    const reaped = await retryUnavailable(() => other.reconciler.reap(now + 5000));
    expect(reaped).toBe(3);
    const second = await claimAll(other, ns, 'live-worker', now + 5000);
    expect(second.map((j) => [j.id, j.attempt, j.stalls])).toEqual(
      expect.arrayContaining(jobs.map((j) => [j.id, 2, 1])),
    );
    expect((await succeed(dead, 'dead-worker', first, now + 5001)).map((r) => r.applied)).toEqual([
      false,
      false,
      false,
    ]);
    expect((await succeed(other, 'live-worker', second, now + 5002)).map((r) => r.applied)).toEqual([true, true, true]);
    await other.flusher.flush(ns);
    for (const job of jobs) {
      expect(await other.sql.getRow(ns, job.id)).toMatchObject({
        hot: false,
        job: { state: 'succeeded', attempt: 2, stalls: 1, result: { attempt: 2 } },
      });
    }
  });
});

describe('flusher: a hot-first job whose later changes are flushed before its job.added', () => {
  it('holds those changes back (no retirement) until the job.added is written, then converges', async () => {
    const store = await fixture.open({ redis: redis.url, horizon: '10m', durability: 'hot-first' });
    const ns = `ns-order-${++counter}`;
    const now = Date.now();
    const job = newJob(ns, now);
    await store.addJobs([job], now);
    // Another flusher (a process about to die, say) reads the job.added entry and has not applied it yet.
    const slow = new Flusher(store.hot, store.sql, { consumer: 'slow-flusher' });
    const taken = await store.hot.readChanges({ consumer: 'slow-flusher', limit: 100, namespace: ns });
    expect(taken.changes.map((c) => c.type)).toEqual(['job.added']);
    const claimed = await claimAll(store, ns, 'w', now);
    expect((await succeed(store, 'w', claimed, now + 1)).map((r) => r.applied)).toEqual([true]);
    // This flusher sees only the claim and the success: no row, no body to apply them to.
    await store.flusher.flush(ns);
    const ref = { namespace: ns, queue: 'default', id: job.id };
    expect(await store.hot.getJob(ref, now + 2)).toMatchObject({ state: 'succeeded' }); // not retired
    await slow.flush(ns); // the job.added lands (hot: Redis still owns the job)
    await store.flusher.flush(ns); // now the held-back changes apply, and the job retires
    expect(await store.sql.getRow(ns, job.id)).toMatchObject({
      hot: false,
      job: { state: 'succeeded', attempt: 1, result: { attempt: 1 } },
    });
    expect(await store.hot.getJob(ref, now + 3)).toBeNull();
  });
});
