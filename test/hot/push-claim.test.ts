import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();

describe('push', () => {
  it('places due jobs in ready, later ones in delayed, paused ones in neither', async () => {
    const q = freshQueue();
    const results = await fx.hot.push(
      [
        makeJob(q, 'due', { runAt: T0 - 5 }),
        makeJob(q, 'later', { runAt: T0 + 60_000 }),
        makeJob(q, 'held', { state: 'paused', runAt: T0 + 1000 }),
      ],
      { now: T0 },
    );
    expect(results.map((r) => [r.id, r.created, r.job?.state])).toEqual([
      ['due', true, 'queued'],
      ['later', true, 'scheduled'],
      ['held', true, 'paused'],
    ]);
    expect(results[2]!.job!.pausedFrom).toBe('scheduled');
    const info = await fx.hot.queueInfo(q);
    expect(info).toMatchObject({ total: 3, ready: 1, delayed: 1, running: 0 });
    expect((await fx.hot.getJob({ ...q, id: 'held' }, T0))!.state).toBe('paused');
  });

  it('is idempotent by id, within a batch too, and returns the stored job', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { payload: { v: 1 } })], { now: T0 });
    const again = await fx.hot.push([makeJob(q, 'a', { payload: { v: 2 } }), makeJob(q, 'b'), makeJob(q, 'b')], {
      now: T0,
    });
    expect(again.map((r) => [r.id, r.created])).toEqual([
      ['a', false],
      ['b', true],
      ['b', false],
    ]);
    expect(again[0]!.job!.payload).toEqual({ v: 1 });
    expect((await fx.hot.queueInfo(q)).total).toBe(2);
  });

  it('refuses a job due beyond the horizon and writes nothing for it', async () => {
    const q = freshQueue();
    const thirtyDays = 30 * 86_400_000;
    const [far, near] = await fx.hot.push([makeJob(q, 'far', { runAt: T0 + thirtyDays }), makeJob(q, 'near')], {
      now: T0,
    });
    expect(far).toEqual({ id: 'far', created: false, job: null, refused: 'beyond-horizon' });
    expect(near!.created).toBe(true);
    expect(await fx.hot.getJob({ ...q, id: 'far' }, T0)).toBeNull();
    expect((await fx.hot.queueInfo(q)).total).toBe(1);
  });

  it('refuses running and final jobs', async () => {
    const q = freshQueue();
    await expect(fx.hot.push([makeJob(q, 'r', { state: 'running' })], { now: T0 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('keeps payload numbers exact (Lua never parses payloads)', async () => {
    const q = freshQueue();
    const payload = { big: 9_007_199_254_740_991, tiny: 1e-300, list: [], nested: { a: [1, { b: null }] } };
    await fx.hot.push([makeJob(q, 'p', { payload })], { now: T0 });
    expect((await fx.hot.getJob({ ...q, id: 'p' }, T0))!.payload).toEqual(payload);
  });
});

describe('claim', () => {
  it('claims in priority order, then runAt, with attempt + 1 and a lease', async () => {
    const q = freshQueue();
    await fx.hot.push(
      [
        makeJob(q, 'late-low', { runAt: T0 - 1, priority: 5 }),
        makeJob(q, 'early-normal', { runAt: T0 - 30 }),
        makeJob(q, 'late-normal', { runAt: T0 - 10 }),
        makeJob(q, 'urgent', { runAt: T0, priority: -3 }),
        makeJob(q, 'future', { runAt: T0 + 1000, priority: -100 }),
      ],
      { now: T0 },
    );
    const first = await fx.hot.claim({ ...q, workerId: 'w1', limit: 3, leaseMs: 30_000, now: T0 });
    expect(first.jobs.map((j) => j.id)).toEqual(['urgent', 'early-normal', 'late-normal']);
    expect(first.jobs[0]).toMatchObject({
      state: 'running',
      attempt: 1,
      leaseOwner: 'w1',
      leaseUntil: T0 + 30_000,
      startedAt: T0,
    });
    expect(first.running).toBe(3);
    const rest = await fx.hot.claim({ ...q, workerId: 'w1', limit: 10, leaseMs: 30_000, now: T0 });
    expect(rest.jobs.map((j) => j.id)).toEqual(['late-low']);
    // Once due, the delayed job moves to ready inside the claim and its priority counts.
    const later = await fx.hot.claim({ ...q, workerId: 'w1', limit: 10, leaseMs: 30_000, now: T0 + 1000 });
    expect(later.jobs.map((j) => j.id)).toEqual(['future']);
  });

  it('moveDue moves due delayed jobs without claiming them', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { runAt: T0 + 10 }), makeJob(q, 'b', { runAt: T0 + 20, priority: 2 })], {
      now: T0,
    });
    expect(await fx.hot.moveDue(q, T0 + 15, 100)).toBe(1);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ ready: 1, delayed: 1 });
    expect(await fx.hot.moveDue(q, T0 + 25, 100)).toBe(1);
    expect((await fx.hot.getJob({ ...q, id: 'b' }, T0 + 25))!.state).toBe('queued');
  });

  it('skips handlers the worker cannot run, leaving them ready', async () => {
    const q = freshQueue();
    await fx.hot.push(
      [makeJob(q, 'py', { handler: 'python.only', runAt: T0 - 2 }), makeJob(q, 'ts', { handler: 'ts.only' })],
      { now: T0 },
    );
    const claimed = await fx.hot.claim({
      ...q,
      workerId: 'w',
      limit: 5,
      leaseMs: 1000,
      now: T0,
      handlers: ['ts.only'],
    });
    expect(claimed.jobs.map((j) => j.id)).toEqual(['ts']);
    expect((await fx.hot.queueInfo(q)).ready).toBe(1);
  });

  it('cancels a job past its deadline as MISFIRED instead of claiming it', async () => {
    const q = freshQueue();
    await fx.hot.push(
      [makeJob(q, 'stale', { runAt: T0 - 5, deadline: T0 - 1 }), makeJob(q, 'fresh', { deadline: T0 + 1 })],
      { now: T0 - 10 },
    );
    // The misfired job comes first and does not count against the limit of one.
    const result = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 1000, now: T0 });
    expect(result.jobs.map((j) => j.id)).toEqual(['fresh']);
    expect(result.misfired).toHaveLength(1);
    expect(result.misfired[0]).toMatchObject({ id: 'stale', state: 'cancelled', finishedAt: T0 });
    expect(result.misfired[0]!.error).toMatchObject({ code: 'MISFIRED', name: 'MisfiredError', retryable: false });
  });

  it('takes nothing from a paused queue until it is resumed', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    await fx.hot.setQueuePaused(q, true);
    expect((await fx.hot.queueInfo(q)).paused).toBe(true);
    expect((await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 })).jobs).toEqual([]);
    expect(await fx.hot.nextDueAt([q], T0)).toBeNull();
    await fx.hot.push([makeJob(q, 'b')], { now: T0 }); // a paused queue still accepts jobs
    await fx.hot.setQueuePaused(q, false);
    expect(await fx.hot.nextDueAt([q], T0)).toBe(T0);
    const claimed = await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 });
    expect(claimed.jobs.map((j) => j.id).sort()).toEqual(['a', 'b']);
  });

  it('nextDueAt reports the earliest delayed job when nothing is ready', async () => {
    const q = freshQueue();
    const other = { ...q, queue: 'other' };
    await fx.hot.push([makeJob(q, 'a', { runAt: T0 + 500 }), makeJob(other, 'b', { runAt: T0 + 200 })], { now: T0 });
    expect(await fx.hot.nextDueAt([q, other], T0)).toBe(T0 + 200);
    expect(await fx.hot.nextDueAt([freshQueue()], T0)).toBeNull();
  });

  it('never runs more than the concurrency limit across two workers, never claims a job twice', async () => {
    const q = freshQueue();
    const limit = 4;
    const total = 60;
    await fx.hot.setConcurrency(q, limit);
    expect((await fx.hot.queueInfo(q)).concurrency).toBe(limit);
    await fx.hot.push(
      Array.from({ length: total }, (_, i) => makeJob(q, `j${i}`)),
      { now: T0 },
    );
    const workers = [fx.hot, await fx.open()]; // two connections, as two processes would have
    const seen = new Map<string, string>();
    let maxRunning = 0;
    const work = async (index: number): Promise<void> => {
      const hot = workers[index]!;
      const workerId = `w${index}`;
      for (let round = 0; round < 500 && seen.size < total; round++) {
        const { jobs, running } = await hot.claim({ ...q, workerId, limit: 3, leaseMs: 60_000, now: T0 });
        maxRunning = Math.max(maxRunning, running);
        for (const job of jobs) {
          expect(seen.has(job.id), `${job.id} claimed twice`).toBe(false);
          seen.set(job.id, workerId);
        }
        const done = await hot.finish(
          jobs.map((j) => ({ ...q, kind: 'succeeded' as const, id: j.id, attempt: j.attempt, workerId, result: null })),
          T0,
        );
        expect(done.every((r) => r.applied)).toBe(true);
      }
    };
    await Promise.all([work(0), work(1), work(0), work(1)]);
    expect(seen.size).toBe(total);
    expect(maxRunning).toBeLessThanOrEqual(limit);
    expect(new Set(seen.values()).size).toBe(2);
    await fx.hot.setConcurrency(q, null);
    expect((await fx.hot.queueInfo(q)).concurrency).toBeNull();
  });

  it('a concurrency limit of zero stops claims; nextDueAt reports nothing claimable', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    await fx.hot.setConcurrency(q, 0);
    expect((await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 })).jobs).toEqual([]);
    expect(await fx.hot.nextDueAt([q], T0)).toBeNull();
  });
});
