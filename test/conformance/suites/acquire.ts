import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/job.js';
import { type Ctx, MIN, SEC, T0, acquire, add, addOne, ids, newJob } from '../harness.js';

export function acquireTests(t: Ctx): void {
  describe('acquireJobs', () => {
    it('claims due jobs only (runAt <= now), marking them running under a lease', async () => {
      await add(
        t,
        [
          { id: 'due', runAt: T0 },
          { id: 'later', runAt: T0 + 1 },
        ],
        T0 - MIN,
      );
      const { jobs, misfired } = await acquire(t, { workerId: 'w9', leaseMs: 5 * SEC });
      expect(misfired).toEqual([]);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({
        id: 'due',
        state: 'running',
        attempt: 1,
        leaseOwner: 'w9',
        leaseUntil: T0 + 5 * SEC,
        startedAt: T0,
        updatedAt: T0,
        payload: expect.anything(),
      });
      expect(await t.store.getJob(t.ns, 'due', T0)).toEqual(jobs[0]);
      expect(t.events.at(-1)).toMatchObject({
        type: 'job.started',
        jobId: 'due',
        state: 'running',
        attempt: 1,
        at: T0,
      });
      expect(ids((await acquire(t)).jobs)).toEqual([]);
      expect(ids((await acquire(t, { now: T0 + 1 })).jobs)).toEqual(['later']);
    });

    it('claims ahead up to dueBy, judging deadlines at now', async () => {
      await add(
        t,
        [
          { id: 'due', runAt: T0 },
          { id: 'soon', runAt: T0 + 100 },
          { id: 'soon-tight', runAt: T0 + 150, deadline: T0 + 160 },
          { id: 'later', runAt: T0 + 101 * SEC },
        ],
        T0 - MIN,
      );
      const { jobs, misfired } = await acquire(t, { dueBy: T0 + 200 });
      expect(misfired).toEqual([]);
      expect(ids(jobs)).toEqual(['due', 'soon', 'soon-tight']);
      expect(jobs[1]).toMatchObject({ state: 'running', attempt: 1, runAt: T0 + 100, startedAt: T0 + 100 });
      expect(ids((await acquire(t, { dueBy: T0 + 200 })).jobs)).toEqual([]);
      // dueBy before now means now.
      expect(ids((await acquire(t, { now: T0 + 101 * SEC, dueBy: T0 })).jobs)).toEqual(['later']);
    });

    it('claims in (priority, runAt) order, up to the limit', async () => {
      await add(t, [
        { id: 'p1-old', priority: 1, runAt: T0 - 3 * MIN },
        { id: 'p0-new', priority: 0, runAt: T0 - MIN },
        { id: 'p0-old', priority: 0, runAt: T0 - 2 * MIN },
        { id: 'neg', priority: -5, runAt: T0 },
        { id: 'p0-future', priority: 0, runAt: T0 + MIN },
        { id: 'p1-new', priority: 1, runAt: T0 - 1 },
      ]);
      expect(ids((await acquire(t, { limit: 2 })).jobs)).toEqual(['neg', 'p0-old']);
      expect(ids((await acquire(t, { limit: 10 })).jobs)).toEqual(['p0-new', 'p1-old', 'p1-new']);
    });

    it('skips paused jobs, running jobs, final jobs and paused queues', async () => {
      await add(t, [
        { id: 'paused', paused: true },
        { id: 'held', queue: 'stopped' },
        { id: 'free', queue: 'open' },
        { id: 'done' },
      ]);
      await t.store.cancelJob(t.ns, 'done', T0);
      await t.store.setQueuePaused(t.ns, 'stopped', true, T0);
      expect(ids((await acquire(t)).jobs)).toEqual(['free']);
      expect(ids((await acquire(t)).jobs)).toEqual([]);
      await t.store.setQueuePaused(t.ns, 'stopped', false, T0);
      expect(ids((await acquire(t)).jobs)).toEqual(['held']);
    });

    it('filters by namespace, queues and handlers', async () => {
      await add(t, [
        { id: 'q1-h1', queue: 'q1', handler: 'h1' },
        { id: 'q2-h1', queue: 'q2', handler: 'h1' },
        { id: 'q1-h2', queue: 'q1', handler: 'h2' },
      ]);
      await t.store.addJobs([newJob({ ns: t.otherNs }, { id: 'other' })], T0);
      expect(ids((await acquire(t, { handlers: [] })).jobs)).toEqual([]);
      expect(ids((await acquire(t, { queues: [] })).jobs)).toEqual([]);
      expect(ids((await acquire(t, { handlers: ['h2'] })).jobs)).toEqual(['q1-h2']);
      expect(ids((await acquire(t, { queues: ['q2'], handlers: ['h1', 'h2'] })).jobs)).toEqual(['q2-h1']);
      expect(ids((await acquire(t, { namespace: t.otherNs })).jobs)).toEqual(['other']);
      expect(ids((await acquire(t)).jobs)).toEqual(['q1-h1']);
    });

    it('claims across namespaces when namespace is null', async () => {
      await addOne(t, { id: 'mine', runAt: T0 - 1 });
      await t.store.addJobs([newJob({ ns: t.otherNs }, { id: 'theirs', runAt: T0 - 2 })], T0);
      const { jobs } = await acquire(t, { namespace: null, handlers: ['h'], queues: ['default'] });
      expect(jobs.map((j) => [j.namespace, j.id])).toEqual([
        [t.otherNs, 'theirs'],
        [t.ns, 'mine'],
      ]);
    });

    it('cancels jobs past their deadline as MISFIRED instead, outside the limit', async () => {
      await add(t, [
        { id: 'late', runAt: T0 - 2 * MIN, deadline: T0 - 1 },
        { id: 'edge', runAt: T0 - MIN, deadline: T0 },
        { id: 'fine', runAt: T0 - 30 * SEC },
      ]);
      const { jobs, misfired } = await acquire(t, { limit: 2 });
      expect(ids(jobs)).toEqual(['edge', 'fine']);
      expect(misfired).toHaveLength(1);
      expect(misfired[0]).toMatchObject({
        id: 'late',
        state: 'cancelled',
        attempt: 0,
        finishedAt: T0,
        error: { code: 'MISFIRED' },
      });
      expect(await t.store.getJob(t.ns, 'late', T0)).toEqual(misfired[0]);
      expect(t.events.filter((e) => 'jobId' in e && e.jobId === 'late').map((e) => e.type)).toEqual([
        'job.added',
        'job.cancelled',
      ]);
    });

    it('never gives the same job to two concurrent acquirers', async () => {
      const total = 120;
      await add(
        t,
        Array.from({ length: total }, (_, i) => ({ id: `c${i}`, priority: i % 3, runAt: T0 - i })),
      );
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, w) => acquire(t, { workerId: `w${w}`, limit: 15 })),
      );
      const claimed = results.flatMap((r, w) => r.jobs.map((j) => ({ id: j.id, w, owner: j.leaseOwner })));
      expect(claimed).toHaveLength(total);
      expect(new Set(claimed.map((c) => c.id)).size).toBe(total);
      for (const c of claimed) expect(c.owner).toBe(`w${c.w}`);
      const running = await t.store.listJobs({ namespace: t.ns, states: ['running'] }, { limit: 1000 }, T0);
      expect(running.items).toHaveLength(total);
    });

    it('increments the attempt on every claim', async () => {
      await addOne(t, { id: 'j' });
      let job: Job = (await acquire(t)).jobs[0]!;
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(job.attempt).toBe(attempt);
        await t.store.finishJobs(
          [
            {
              kind: 'retry',
              id: 'j',
              attempt,
              workerId: 'w1',
              runAt: T0,
              error: { message: 'x', name: 'E', code: null, stack: null, retryable: true },
            },
          ],
          T0,
        );
        job = (await acquire(t)).jobs[0]!;
      }
      expect(job.attempt).toBe(4);
    });
  });

  describe('nextJobDueAt', () => {
    it('is the earliest runAt among claimable jobs, by namespace, queues and handlers', async () => {
      expect(await t.store.nextJobDueAt(t.ns, null)).toBeNull();
      await add(t, [
        { id: 'a', queue: 'q1', runAt: T0 + 3 * MIN },
        { id: 'b', queue: 'q2', runAt: T0 + 2 * MIN, handler: 'h2' },
        { id: 'c', queue: 'q1', runAt: T0 + MIN, paused: true },
        { id: 'd', queue: 'q3', runAt: T0 + 4 * MIN, priority: -1 },
      ]);
      await t.store.addJobs([newJob({ ns: t.otherNs }, { id: 'o', runAt: T0 + 30 * SEC })], T0);
      expect(await t.store.nextJobDueAt(t.ns, null)).toBe(T0 + 2 * MIN);
      expect(await t.store.nextJobDueAt(t.ns, ['q1', 'q3'])).toBe(T0 + 3 * MIN);
      expect(await t.store.nextJobDueAt(t.ns, null, ['h'])).toBe(T0 + 3 * MIN);
      expect(await t.store.nextJobDueAt(t.ns, ['q2'], ['h'])).toBeNull();
      expect(await t.store.nextJobDueAt(t.ns, [])).toBeNull();
      expect(await t.store.nextJobDueAt(t.otherNs, null)).toBe(T0 + 30 * SEC);
      expect(await t.store.nextJobDueAt(null, ['default'])).toBe(T0 + 30 * SEC);
      await t.store.setQueuePaused(t.ns, 'q2', true, T0);
      expect(await t.store.nextJobDueAt(t.ns, null)).toBe(T0 + 3 * MIN);
    });

    it('ignores running and final jobs, and sees retried ones', async () => {
      await addOne(t, { id: 'j', runAt: T0 });
      const { jobs } = await acquire(t);
      expect(await t.store.nextJobDueAt(t.ns, null)).toBeNull();
      await t.store.finishJobs(
        [
          {
            kind: 'retry',
            id: 'j',
            attempt: jobs[0]!.attempt,
            workerId: 'w1',
            runAt: T0 + MIN,
            error: { message: 'x', name: 'E', code: null, stack: null, retryable: true },
          },
        ],
        T0,
      );
      expect(await t.store.nextJobDueAt(t.ns, null)).toBe(T0 + MIN);
      await t.store.cancelJob(t.ns, 'j', T0);
      expect(await t.store.nextJobDueAt(t.ns, null)).toBeNull();
    });
  });
}
