import { describe, expect, it } from 'vitest';
import type { QueueRef } from '../../src/hot/hot-tier.js';
import { failure, freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();

/** Collects wake-up hints; `next()` resolves with the next one (awaits the message, no sleeping). */
async function listen(queues: QueueRef[]) {
  const pending: [QueueRef, number][] = [];
  let notify: (() => void) | null = null;
  const stop = await fx.hot.subscribe(queues, (queue, at) => {
    pending.push([queue, at]);
    notify?.();
  });
  return {
    stop,
    async next(): Promise<[QueueRef, number]> {
      while (pending.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      return pending.shift()!;
    },
  };
}

describe('wake-up hints', () => {
  it('hints when jobs become claimable: pushed, delayed, retried, resumed, re-queued', async () => {
    const q = freshQueue();
    const other = freshQueue();
    const hints = await listen([q]);
    await fx.hot.push([makeJob(other, 'elsewhere')], { now: T0 }); // another queue: no hint here
    await fx.hot.push([makeJob(q, 'now')], { now: T0 });
    expect(await hints.next()).toEqual([q, 0]);
    await fx.hot.push([makeJob(q, 'later', { runAt: T0 + 500 }), makeJob(q, 'sooner', { runAt: T0 + 200 })], {
      now: T0,
    });
    expect(await hints.next()).toEqual([q, T0 + 200]);

    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 100, now: T0 });
    await fx.hot.finish(
      [{ ...q, kind: 'retry', id: jobs[0]!.id, attempt: 1, workerId: 'w', error: failure('x'), runAt: T0 + 50 }],
      T0,
    );
    expect(await hints.next()).toEqual([q, T0 + 50]);

    await fx.hot.pauseJob({ ...q, id: 'later' }, T0);
    await fx.hot.resumeJob({ ...q, id: 'later' }, T0);
    expect(await hints.next()).toEqual([q, T0 + 500]);

    await fx.hot.setQueuePaused(q, true);
    await fx.hot.setQueuePaused(q, false);
    expect(await hints.next()).toEqual([q, 0]);
    await hints.stop();
  });

  it('hints when a finish frees room under a concurrency limit', async () => {
    const q = freshQueue();
    await fx.hot.setConcurrency(q, 1);
    await fx.hot.push([makeJob(q, 'a'), makeJob(q, 'b')], { now: T0 });
    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 });
    expect(jobs).toHaveLength(1);
    const hints = await listen([q]);
    await fx.hot.finish([{ ...q, kind: 'succeeded', id: jobs[0]!.id, attempt: 1, workerId: 'w', result: null }], T0);
    expect(await hints.next()).toEqual([q, 0]);
    await hints.stop();
  });
});
