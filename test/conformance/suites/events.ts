import { describe, expect, it } from 'vitest';
import { isJobEvent, type JobEvent, type TickworkEvent } from '../../../src/core/events.js';
import type { Job } from '../../../src/core/job.js';
import { type Ctx, MIN, T0, addOne, claim, eventTypes, newJob, outcome } from '../harness.js';

export function eventsTests(t: Ctx): void {
  describe('history and onEvents', () => {
    it('records every transition in the history, oldest first, and delivers the same events', async () => {
      await addOne(t, { id: 'j', runAt: T0 });
      const first = await claim(t, 'j', { now: T0 + 1 });
      await t.store.finishJobs([outcome(first, 'retry', { runAt: T0 + MIN })], T0 + 2);
      const second = await claim(t, 'j', { now: T0 + MIN });
      await t.store.finishJobs([outcome(second, 'succeeded', { result: { total: 3 } })], T0 + MIN + 1);
      const history = await t.store.listJobEvents(t.ns, 'j');
      const row = (e: JobEvent) => [e.type, e.state, e.attempt, e.at, e.runAt];
      expect(history.map(row)).toEqual([
        ['job.added', 'queued', 0, T0, T0],
        ['job.started', 'running', 1, T0 + 1, T0],
        ['job.retried', 'scheduled', 1, T0 + 2, T0 + MIN],
        ['job.started', 'running', 2, T0 + MIN, T0 + MIN],
        ['job.succeeded', 'succeeded', 2, T0 + MIN + 1, T0 + MIN],
      ]);
      expect(
        history.every((e) => e.namespace === t.ns && e.jobId === 'j' && e.queue === 'default' && e.handler === 'h'),
      ).toBe(true);
      expect(history[2]!.data).toMatchObject({ message: 'boom' });
      expect(history[4]!.data).toEqual({ total: 3 });
      expect(t.events).toEqual(history);
    });

    it('keeps each job its own history', async () => {
      await t.store.addJobs([newJob(t, { id: 'a' }), newJob(t, { id: 'b' })], T0);
      await t.store.cancelJob(t.ns, 'b', T0);
      expect((await t.store.listJobEvents(t.ns, 'a')).map((e) => e.type)).toEqual(['job.added']);
      expect((await t.store.listJobEvents(t.ns, 'b')).map((e) => e.type)).toEqual(['job.added', 'job.cancelled']);
    });

    it('delivers each step once, after commit, in commit order', async () => {
      const batches: TickworkEvent[][] = [];
      const reads: Promise<Job | null>[] = [];
      const stop = t.store.onEvents((events) => {
        const mine = events.filter((e) => e.namespace === t.ns);
        if (mine.length === 0) return;
        batches.push(mine);
        for (const e of mine) if (isJobEvent(e)) reads.push(t.store.getJob(t.ns, e.jobId, T0));
      });
      try {
        await t.store.addJobs([newJob(t, { id: 'a' }), newJob(t, { id: 'b' })], T0);
        await t.store.pauseJob(t.ns, 'a', T0);
        await t.store.cancelJob(t.ns, 'b', T0);
      } finally {
        stop();
      }
      expect(batches.map((b) => b.map((e) => e.type))).toEqual([
        ['job.added', 'job.added'],
        ['job.paused'],
        ['job.cancelled'],
      ]);
      // A listener that reads sees the step committed (or a later one), never the state before it.
      const seen = (await Promise.all(reads)).map((j) => j?.state);
      expect(['queued', 'paused']).toContain(seen[0]);
      expect(['queued', 'cancelled']).toContain(seen[1]);
      expect(seen.slice(2)).toEqual(['paused', 'cancelled']);
    });

    it('delivers nothing for a step that failed', async () => {
      await addOne(t, { id: 'j' });
      await t.store.cancelJob(t.ns, 'j', T0);
      t.events.length = 0;
      await expect(t.store.pauseJob(t.ns, 'j', T0)).rejects.toThrow();
      await expect(t.store.updateJob(t.ns, 'absent', {}, T0)).rejects.toThrow();
      expect(t.events).toEqual([]);
    });

    it('stops delivering to a removed listener, and a throwing listener changes nothing', async () => {
      let calls = 0;
      const stop = t.store.onEvents(() => void calls++);
      const stopThrowing = t.store.onEvents(() => {
        throw new Error('listener bug');
      });
      try {
        await addOne(t, { id: 'a' });
        expect(calls).toBe(1);
        stop();
        await addOne(t, { id: 'b' });
        expect(calls).toBe(1);
      } finally {
        stop();
        stopThrowing();
      }
      expect(await t.store.getJob(t.ns, 'b', T0)).not.toBeNull();
      expect(eventTypes(t)).toEqual(['job.added', 'job.added']);
    });

    it('delivers progress to listeners without keeping it in the history', async () => {
      await addOne(t, { id: 'j' });
      const job = await claim(t, 'j');
      const lease = { id: 'j', attempt: job.attempt, workerId: 'w1' };
      expect(await t.store.reportProgress(lease, { done: 40 }, T0 + 1)).toBe(true);
      expect(await t.store.getJob(t.ns, 'j', T0 + 1)).toMatchObject({ progress: { done: 40 } });
      expect(t.events.at(-1)).toMatchObject({ type: 'job.progress', data: { done: 40 }, state: 'running', attempt: 1 });
      expect((await t.store.listJobEvents(t.ns, 'j')).map((e) => e.type)).toEqual(['job.added', 'job.started']);
      expect(await t.store.reportProgress({ ...lease, attempt: 2 }, { done: 50 }, T0 + 2)).toBe(false);
      expect(await t.store.reportProgress({ ...lease, workerId: 'w2' }, { done: 50 }, T0 + 2)).toBe(false);
      expect(await t.store.getJob(t.ns, 'j', T0 + 2)).toMatchObject({ progress: { done: 40 } });
    });
  });
}
