import { describe, expect, it } from 'vitest';
import { type Ctx, MIN, T0, acquire, add, claim, newJob } from '../harness.js';

export function queueTests(t: Ctx): void {
  describe('queues', () => {
    it('a paused queue accepts jobs but none are claimed from it', async () => {
      await t.store.setQueuePaused(t.ns, 'q', true, T0);
      await add(t, [{ id: 'j', queue: 'q' }]);
      expect((await acquire(t)).jobs).toEqual([]);
      expect(await t.store.nextJobDueAt(t.ns, ['q'])).toBeNull();
      await t.store.setQueuePaused(t.otherNs, 'q', false, T0);
      expect((await acquire(t)).jobs).toEqual([]);
      await t.store.setQueuePaused(t.ns, 'q', false, T0);
      expect((await acquire(t)).jobs.map((j) => j.id)).toEqual(['j']);
    });

    it('queueStats counts each queue by effective state, with its pause switch', async () => {
      await t.store.setQueuePaused(t.ns, 'empty', true, T0);
      await add(t, [
        { id: 'a', queue: 'q1', runAt: T0 + MIN },
        { id: 'b', queue: 'q1', runAt: T0 + 1 },
        { id: 'c', queue: 'q1' },
        { id: 'd', queue: 'q2', paused: true },
        { id: 'e', queue: 'q2' },
        { id: 'f', queue: 'q2' },
      ]);
      await claim(t, 'c');
      await t.store.cancelJob(t.ns, 'e', T0);
      const job = await claim(t, 'f');
      await t.store.finishJobs(
        [{ kind: 'succeeded', id: 'f', attempt: job.attempt, workerId: 'w1', result: null }],
        T0,
      );
      await t.store.addJobs([newJob({ ns: t.otherNs }, { queue: 'q1' })], T0);
      const stats = await t.store.queueStats(t.ns, T0 + 1);
      const zero = { scheduled: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, paused: 0 };
      expect(stats).toHaveLength(3);
      const byQueue = Object.fromEntries(stats.map((s) => [s.queue, s]));
      expect(byQueue.empty).toEqual({ namespace: t.ns, queue: 'empty', paused: true, counts: zero });
      expect(byQueue.q1).toEqual({
        namespace: t.ns,
        queue: 'q1',
        paused: false,
        counts: { ...zero, scheduled: 1, queued: 1, running: 1 },
      });
      expect(byQueue.q2).toEqual({
        namespace: t.ns,
        queue: 'q2',
        paused: false,
        counts: { ...zero, paused: 1, cancelled: 1, succeeded: 1 },
      });
      expect(await t.store.queueStats(t.otherNs, T0)).toHaveLength(1);
    });
  });
}
