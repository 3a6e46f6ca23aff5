import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TickworkEvent } from '../../src/core/events.js';
import type { NewJob } from '../../src/core/job.js';
import type { TieredStore } from '../../src/stores/tiered/index.js';
import { tieredFixture } from './support.js';

const T0 = Date.UTC(2031, 0, 1);
const MIN = 60_000;
let counter = 0;

function newJob(namespace: string, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: `d-${++counter}`,
    namespace,
    queue: 'default',
    handler: 'h',
    payload: { n: counter },
    priority: 0,
    runAt: T0,
    maxAttempts: 2,
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

let fixture: Awaited<ReturnType<typeof tieredFixture>>;
let a: TieredStore;
let b: TieredStore;

beforeAll(async () => {
  fixture = await tieredFixture();
  // Two stores on one schema and one Redis prefix, each with its own connections: two "processes".
  a = await fixture.open({ horizon: '10m', durability: 'hot-first' });
  b = await fixture.open({ horizon: '10m' });
});

afterAll(async () => {
  await fixture?.closeAll();
});

describe('two tiered stores on one PostgreSQL + Redis', () => {
  it('never claim one job twice', async () => {
    const ns = `ns-claims-${++counter}`;
    const jobs = Array.from({ length: 300 }, () => newJob(ns));
    await a.addJobs(jobs.slice(0, 150), T0);
    await b.addJobs(jobs.slice(150), T0);
    const claimed: string[] = [];
    const claimer = async (store: TieredStore, workerId: string) => {
      for (let round = 0; round < 200; round++) {
        const { jobs: got } = await store.acquireJobs({
          workerId,
          namespace: ns,
          queues: null,
          handlers: null,
          limit: 7,
          leaseMs: MIN,
          now: T0,
        });
        if (got.length === 0) return;
        claimed.push(...got.map((j) => j.id));
      }
    };
    await Promise.all([claimer(a, 'wa1'), claimer(b, 'wb1'), claimer(a, 'wa2'), claimer(b, 'wb2')]);
    expect(claimed).toHaveLength(300);
    expect(new Set(claimed).size).toBe(300);
  });

  it('tells the other process at once when its running job is cancelled', async () => {
    const ns = `ns-cancel-${++counter}`;
    const [job] = await a.addJobs([newJob(ns)], T0);
    const { jobs } = await a.acquireJobs({
      workerId: 'worker-in-a',
      namespace: ns,
      queues: ['default'],
      handlers: null,
      limit: 1,
      leaseMs: MIN,
      now: T0,
    });
    expect(jobs.map((j) => j.id)).toEqual([job!.job.id]);
    const seenInA: TickworkEvent[] = [];
    const stop = a.onEvents((events) => seenInA.push(...events.filter((e) => e.namespace === ns)));
    try {
      const cancelled = await b.cancelJob(ns, job!.job.id, T0 + 1);
      expect(cancelled.state).toBe('cancelled');
      await expect.poll(() => seenInA.map((e) => e.type)).toContain('job.cancelled');
      expect(
        await a.extendJobLeases('worker-in-a', [{ id: job!.job.id, attempt: 1, namespace: ns }], MIN, T0 + 2),
      ).toEqual([job!.job.id]);
      const [late] = await a.finishJobs(
        [{ kind: 'succeeded', id: job!.job.id, attempt: 1, workerId: 'worker-in-a', result: null, namespace: ns }],
        T0 + 3,
      );
      expect(late!.applied).toBe(false);
    } finally {
      stop();
    }
  });
});

describe('flusher', () => {
  it('writes hot-first jobs and their outcomes to PostgreSQL, then retires finished jobs from Redis', async () => {
    const ns = `ns-flush-${++counter}`;
    const jobs = [newJob(ns), newJob(ns)];
    await a.addJobs(jobs, T0);
    expect(await a.sql.getRow(ns, jobs[0]!.id)).toBeNull(); // acknowledged by Redis alone
    const { jobs: claimed } = await a.acquireJobs({
      workerId: 'w',
      namespace: ns,
      queues: ['default'],
      handlers: null,
      limit: 2,
      leaseMs: MIN,
      now: T0,
    });
    await a.finishJobs(
      claimed.map((j) => ({
        kind: 'succeeded' as const,
        id: j.id,
        attempt: j.attempt,
        workerId: 'w',
        result: 1,
        namespace: ns,
      })),
      T0 + 1,
    );
    await a.flusher.flush(ns);
    for (const job of jobs) {
      const row = await a.sql.getRow(ns, job.id);
      expect(row).toMatchObject({ hot: false, job: { state: 'succeeded', result: 1 } });
    }
    expect((await a.hot.queueInfo({ namespace: ns, queue: 'default' })).total).toBe(0);
    expect((await a.listJobEvents(ns, jobs[0]!.id)).map((e) => e.type)).toEqual([
      'job.added',
      'job.started',
      'job.succeeded',
    ]);
  });
});

describe('promoter', () => {
  it('keeps far-future jobs out of Redis until their runAt enters the horizon', async () => {
    const ns = `ns-promote-${++counter}`;
    const far = newJob(ns, { runAt: T0 + 60 * MIN });
    await b.addJobs([far], T0);
    const queue = { namespace: ns, queue: 'default' };
    expect(await b.hot.getJob({ ...queue, id: far.id }, T0)).toBeNull();
    expect(await b.sql.getRow(ns, far.id)).toMatchObject({ hot: false });
    await b.promoter.promoteDue(T0 + 49 * MIN);
    expect(await b.hot.getJob({ ...queue, id: far.id }, T0)).toBeNull();
    await b.promoter.promoteDue(T0 + 51 * MIN);
    expect(await b.hot.getJob({ ...queue, id: far.id }, T0)).toMatchObject({ state: 'scheduled' });
    expect(await b.sql.getRow(ns, far.id)).toMatchObject({ hot: true });
    await b.deleteJob(ns, far.id, T0);
  });
});

describe('reconciler', () => {
  it('re-pushes a hot job that Redis lost, from the store', async () => {
    const ns = `ns-lost-${++counter}`;
    const job = newJob(ns);
    await b.addJobs([job], T0);
    const ref = { namespace: ns, queue: 'default', id: job.id };
    // Redis loses it (a restart without its data): gone from Redis, the store still thinks it is hot.
    expect(await b.hot.demoteJob(ref, T0)).not.toBeNull();
    expect(await b.sql.getRow(ns, job.id)).toMatchObject({ hot: true });
    const report = await b.reconciler.repair([ref], T0 + 1);
    expect(report).toEqual({ repushed: 1, handedBack: 0 });
    expect(await b.hot.getJob(ref, T0 + 1)).toMatchObject({ id: job.id, state: 'queued' });
    await b.deleteJob(ns, job.id, T0);
  });

  it('re-queues an expired lease, counting the stall, and fails it after the last attempt', async () => {
    const ns = `ns-stall-${++counter}`;
    const job = newJob(ns, { maxAttempts: 1 });
    await b.addJobs([job], T0);
    const events: TickworkEvent[] = [];
    const stop = b.onEvents((batch) => events.push(...batch.filter((e) => e.namespace === ns)));
    try {
      await b.acquireJobs({
        workerId: 'crashed',
        namespace: ns,
        queues: ['default'],
        handlers: null,
        limit: 1,
        leaseMs: 10,
        now: T0,
      });
      expect(await b.reconciler.reap(T0 + 100)).toBe(1);
      expect(events.map((e) => e.type)).toEqual(['job.started', 'job.stalled', 'job.failed']);
      expect(await b.getJob(ns, job.id, T0 + 100)).toMatchObject({
        state: 'failed',
        stalls: 1,
        error: { code: 'WORKER_CRASHED' },
      });
    } finally {
      stop();
    }
  });
});
