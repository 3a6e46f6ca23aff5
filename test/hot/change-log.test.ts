import { describe, expect, it } from 'vitest';
import type { HotChange } from '../../src/hot/hot-changes.js';
import type { QueueRef } from '../../src/hot/hot-tier.js';
import { failure, freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();
const HOUR = 3_600_000;

function summary(changes: HotChange[]): [string, string, string, number, number][] {
  return changes.map((c) => [c.jobId, c.type, c.state, c.attempt, c.version]);
}

/** What the flusher does: read, (write to the store), ack. */
async function drain(q: QueueRef, now = T0, consumer = 'flusher-1'): Promise<HotChange[]> {
  const batch = await fx.hot.readChanges({ consumer, limit: 100, namespace: q.namespace });
  await fx.hot.ackChanges(batch.receipt, now);
  return batch.changes;
}

describe('change log', () => {
  it('records every transition in order with increasing versions and the whole mutable state', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    const w = { ...q, workerId: 'w', leaseMs: 1000, limit: 1 };
    await fx.hot.claim({ ...w, now: T0 + 1 });
    await fx.hot.reportProgress({ ...q, id: 'a', attempt: 1 }, 'w', { step: 1 }, T0 + 2);
    await fx.hot.finish(
      [{ ...q, kind: 'retry', id: 'a', attempt: 1, workerId: 'w', error: failure('e1'), runAt: T0 + 3 }],
      T0 + 2,
    );
    await fx.hot.claim({ ...w, now: T0 + 3 });
    await fx.hot.finish([{ ...q, kind: 'succeeded', id: 'a', attempt: 2, workerId: 'w', result: { ok: 1 } }], T0 + 4);

    const changes = await drain(q);
    expect(summary(changes)).toEqual([
      ['a', 'job.added', 'queued', 0, 1],
      ['a', 'job.started', 'running', 1, 2],
      ['a', 'job.progress', 'running', 1, 3],
      ['a', 'job.retried', 'scheduled', 1, 4],
      ['a', 'job.started', 'running', 2, 5],
      ['a', 'job.succeeded', 'succeeded', 2, 6],
    ]);
    const [added, started, progress, retried, , succeeded] = changes;
    expect(added!.job).toMatchObject({ id: 'a', payload: { id: 'a', text: 'x'.repeat(60) }, state: 'queued' });
    expect(started).toMatchObject({ at: T0 + 1, leaseOwner: 'w', leaseUntil: T0 + 1001, startedAt: T0 + 1, job: null });
    expect(progress!.progress).toEqual({ step: 1 });
    expect(retried).toMatchObject({ runAt: T0 + 3, error: { message: 'e1' }, leaseOwner: null, retirable: false });
    expect(succeeded).toMatchObject({ result: { ok: 1 }, finishedAt: T0 + 4, retirable: true });
    expect((await fx.hot.queueInfo(q)).logEntries).toBe(0);
    expect(await drain(q)).toEqual([]);
  });

  it('leaves the payload out of job.added when the store already has the job (store-first)', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { runAt: T0 + 5 })], { now: T0, logJobs: false });
    const [added] = await drain(q);
    expect(added).toMatchObject({ type: 'job.added', state: 'scheduled', runAt: T0 + 5, job: null, version: 1 });
  });

  it('continues versions from the base version the store passes on push', async () => {
    const q = freshQueue();
    await fx.hot.push([{ ...makeJob(q, 'a'), baseVersion: 41 }], { now: T0 });
    await fx.hot.cancelJob({ ...q, id: 'a' }, T0);
    expect(summary(await drain(q))).toEqual([
      ['a', 'job.added', 'queued', 0, 42],
      ['a', 'job.cancelled', 'cancelled', 0, 43],
    ]);
  });

  it('logs pause, resume, update, cancel reasons, stalls and deletes', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a'), makeJob(q, 'b', { maxAttempts: 1 }), makeJob(q, 'c')], { now: T0 });
    await fx.hot.pauseJob({ ...q, id: 'a' }, T0);
    await fx.hot.resumeJob({ ...q, id: 'a' }, T0);
    await fx.hot.updateJob({ ...q, id: 'a' }, { payload: { v: 2 } }, T0);
    await fx.hot.cancelJob({ ...q, id: 'a' }, T0);
    await fx.hot.claim({ ...q, workerId: 'gone', limit: 1, leaseMs: 10, now: T0, handlers: null });
    await fx.hot.reapExpiredLeases(T0 + 10, 10, q.namespace);
    await fx.hot.deleteJob({ ...q, id: 'c' }, T0 + 20);
    const changes = (await drain(q)).filter((c) => c.type !== 'job.added');
    expect(changes.map((c) => [c.jobId, c.type, c.state])).toEqual([
      ['a', 'job.paused', 'paused'],
      ['a', 'job.resumed', 'queued'],
      ['a', 'job.updated', 'queued'],
      ['a', 'job.cancelled', 'cancelled'],
      ['b', 'job.started', 'running'],
      ['b', 'job.stalled', 'failed'],
      ['b', 'job.failed', 'failed'],
      ['c', 'job.deleted', 'queued'],
    ]);
    expect(changes[0]!.pausedFrom).toBe('queued');
    expect(changes[2]!.job!.payload).toEqual({ v: 2 });
    expect(changes[3]!.cancelReason).toBe('cancelled');
    expect(changes[5]).toMatchObject({ stalls: 1, error: { code: 'WORKER_CRASHED' }, retirable: true });
    expect(changes[7]!.retirable).toBe(false);
  });

  it('redelivers unacked entries to the same consumer; another takes them over after reclaimIdleMs', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    const first = await fx.hot.readChanges({ consumer: 'f1', limit: 10, namespace: q.namespace });
    expect(summary(first.changes)).toEqual([['a', 'job.added', 'queued', 0, 1]]);
    // Not acked (the store write failed, say): f1 gets it again, along with what came since.
    await fx.hot.cancelJob({ ...q, id: 'a' }, T0);
    const again = await fx.hot.readChanges({ consumer: 'f1', limit: 10, namespace: q.namespace });
    expect(summary(again.changes).map((s) => s[1])).toEqual(['job.added', 'job.cancelled']);
    // Another flusher sees nothing new: both entries are f1's until acked or taken over.
    expect((await fx.hot.readChanges({ consumer: 'f2', limit: 10, namespace: q.namespace })).changes).toEqual([]);
    const takeover = await fx.hot.readChanges({ consumer: 'f2', limit: 10, namespace: q.namespace, reclaimIdleMs: 0 });
    expect(summary(takeover.changes).map((s) => s[1])).toEqual(['job.added', 'job.cancelled']);
    await fx.hot.ackChanges(takeover.receipt, T0);
    expect((await fx.hot.readChanges({ consumer: 'f1', limit: 10, namespace: q.namespace })).changes).toEqual([]);
    expect((await fx.hot.queueInfo(q)).logEntries).toBe(0);
  });

  it('reads every queue of a namespace, and only that namespace', async () => {
    const q1 = freshQueue('one');
    const q2 = { ...q1, queue: 'two:with{odd}chars' };
    const other = freshQueue('one');
    await fx.hot.push([makeJob(q1, 'a'), makeJob(q2, 'b'), makeJob(other, 'c')], { now: T0 });
    expect(await fx.hot.listQueues(q1.namespace)).toEqual([q1, q2]);
    const changes = await drain(q1);
    expect(changes.map((c) => [c.queue, c.jobId]).sort()).toEqual([
      ['one', 'a'],
      ['two:with{odd}chars', 'b'],
    ]);
    expect((await drain(other)).map((c) => c.jobId)).toEqual(['c']);
  });
});

describe('retire', () => {
  it('ackChanges hands back the jobs its batch finished, keeping live ones and those with newer changes', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'done'), makeJob(q, 'live'), makeJob(q, 'busy'), makeJob(q, 'far')], { now: T0 });
    await fx.hot.cancelJob({ ...q, id: 'done' }, T0);
    await fx.hot.cancelJob({ ...q, id: 'busy' }, T0);
    await fx.hot.updateJob({ ...q, id: 'far' }, { runAt: T0 + 30 * 24 * HOUR }, T0);
    const batch = await fx.hot.readChanges({ consumer: 'f', limit: 100, namespace: q.namespace });
    expect(batch.receipt.entries.flatMap((e) => e.retire)).toEqual([
      { id: 'done', version: 2 },
      { id: 'busy', version: 2 },
      { id: 'far', version: 2 },
    ]);
    // A change after the read is not in the store yet: `far` must stay for the next batch.
    await fx.hot.updateJob({ ...q, id: 'far' }, { runAt: T0 + 60 * 24 * HOUR }, T0 + 1);
    await fx.hot.ackChanges(batch.receipt, T0 + 1);
    const left = await fx.hot.getJobs(
      ['done', 'live', 'busy', 'far'].map((id) => ({ ...q, id })),
      T0 + 1,
    );
    expect(left.map((j) => j?.id ?? null)).toEqual([null, 'live', null, 'far']);
    expect(await drain(q, T0 + 2)).toHaveLength(1);
    expect(await fx.hot.getJob({ ...q, id: 'far' }, T0 + 2)).toBeNull();
    expect(await fx.hot.queueInfo(q)).toMatchObject({ total: 1, delayed: 0, ready: 1, logEntries: 0 });
  });

  it('retire removes a finished job once its version is flushed and reports the ones it keeps', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'done'), makeJob(q, 'live'), makeJob(q, 'busy')], { now: T0 });
    await fx.hot.cancelJob({ ...q, id: 'done' }, T0);
    await fx.hot.cancelJob({ ...q, id: 'busy' }, T0);
    const results = await fx.hot.retire(
      [
        { ...q, id: 'done', version: 2 },
        { ...q, id: 'busy', version: 1 },
        { ...q, id: 'live', version: 1 },
        { ...q, id: 'ghost', version: 1 },
      ],
      T0,
    );
    expect(results).toEqual([
      { id: 'done', retired: true },
      { id: 'busy', retired: false, kept: 'newer' },
      { id: 'live', retired: false, kept: 'live' },
      { id: 'ghost', retired: false, kept: 'absent' },
    ]);
    expect(await fx.hot.getJob({ ...q, id: 'done' }, T0)).toBeNull();
    expect((await fx.hot.getJob({ ...q, id: 'busy' }, T0))!.state).toBe('cancelled');
  });

  it('hands back a job rescheduled beyond the horizon once flushed', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    await fx.hot.updateJob({ ...q, id: 'a' }, { runAt: T0 + 30 * 24 * HOUR }, T0);
    const updated = (await drain(q)).find((c) => c.type === 'job.updated')!;
    expect(updated).toMatchObject({ state: 'scheduled', retirable: true });
    expect(updated.job!.runAt).toBe(T0 + 30 * 24 * HOUR);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ total: 0, delayed: 0, ready: 0 });
  });
});
