import { describe, expect, it } from 'vitest';
import { JobNotFoundError, StaleLeaseError } from '../../src/core/errors.js';
import type { QueueRef } from '../../src/hot/hot-tier.js';
import { failure, freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();

async function claimOne(q: QueueRef, id: string, workerId = 'w1', options: { maxAttempts?: number } = {}) {
  await fx.hot.push([makeJob(q, id, options)], { now: T0 });
  const { jobs } = await fx.hot.claim({ ...q, workerId, limit: 1, leaseMs: 10_000, now: T0 });
  expect(jobs.map((j) => j.id)).toEqual([id]);
  return jobs[0]!;
}

describe('leases', () => {
  it('a heartbeat extends held leases and reports the ones no longer held', async () => {
    const q = freshQueue();
    const job = await claimOne(q, 'a');
    const lost = await fx.hot.extendLeases(
      'w1',
      [
        { ...q, id: 'a', attempt: job.attempt },
        { ...q, id: 'a', attempt: job.attempt + 1 }, // a stale token for the same job
        { ...q, id: 'ghost', attempt: 1 },
      ],
      20_000,
      T0 + 5000,
    );
    expect(lost).toEqual(['a', 'ghost']);
    expect((await fx.hot.getJob({ ...q, id: 'a' }, T0 + 5000))!.leaseUntil).toBe(T0 + 25_000);
    expect(await fx.hot.extendLeases('someone-else', [{ ...q, id: 'a', attempt: 1 }], 1000, T0)).toEqual(['a']);
  });

  it('fences outcomes by worker and attempt: stale ones are rejected and reported, not thrown', async () => {
    const q = freshQueue();
    const job = await claimOne(q, 'a');
    const [wrongWorker, wrongAttempt, missing] = await fx.hot.finish(
      [
        { ...q, kind: 'succeeded', id: 'a', attempt: job.attempt, workerId: 'intruder', result: 1 },
        { ...q, kind: 'succeeded', id: 'a', attempt: job.attempt - 1, workerId: 'w1', result: 1 },
        { ...q, kind: 'failed', id: 'nope', attempt: 1, workerId: 'w1', error: failure('x') },
      ],
      T0 + 1,
    );
    expect(wrongWorker).toMatchObject({ id: 'a', applied: false, state: 'running' });
    expect(wrongWorker!.error).toBeInstanceOf(StaleLeaseError);
    expect(wrongAttempt!.error).toBeInstanceOf(StaleLeaseError);
    expect(missing).toMatchObject({ id: 'nope', applied: false, state: null });
    expect(missing!.error).toBeInstanceOf(JobNotFoundError);
    const [ok] = await fx.hot.finish(
      [{ ...q, kind: 'succeeded', id: 'a', attempt: job.attempt, workerId: 'w1', result: { n: 1 } }],
      T0 + 2,
    );
    expect(ok).toMatchObject({ id: 'a', applied: true, state: 'succeeded' });
    // The script hands back the job as it wrote it (no read-back needed).
    expect(ok!.job).toEqual(await fx.hot.getJob({ ...q, id: 'a' }, T0 + 2));
    expect(await fx.hot.getJob({ ...q, id: 'a' }, T0 + 2)).toMatchObject({
      state: 'succeeded',
      result: { n: 1 },
      finishedAt: T0 + 2,
      leaseOwner: null,
      leaseUntil: null,
    });
  });

  it('records failed, retry and aborted outcomes', async () => {
    const q = freshQueue();
    for (const id of ['f', 'r', 'x']) await fx.hot.push([makeJob(q, id)], { now: T0 });
    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 3, leaseMs: 1000, now: T0 });
    expect(jobs).toHaveLength(3);
    const results = await fx.hot.finish(
      [
        { ...q, kind: 'failed', id: 'f', attempt: 1, workerId: 'w', error: failure('boom') },
        { ...q, kind: 'retry', id: 'r', attempt: 1, workerId: 'w', error: failure('again'), runAt: T0 + 500 },
        { ...q, kind: 'aborted', id: 'x', attempt: 1, workerId: 'w', error: failure('timeout') },
      ],
      T0 + 10,
    );
    expect(results.map((r) => r.state)).toEqual(['failed', 'scheduled', 'cancelled']);
    expect(await fx.hot.getJob({ ...q, id: 'r' }, T0 + 10)).toMatchObject({
      state: 'scheduled',
      runAt: T0 + 500,
      attempt: 1,
      error: { message: 'again' },
    });
    // The retried job comes back when due, as attempt 2.
    const again = await fx.hot.claim({ ...q, workerId: 'w', limit: 3, leaseMs: 1000, now: T0 + 500 });
    expect(again.jobs.map((j) => [j.id, j.attempt])).toEqual([['r', 2]]);
  });

  it('records progress of a held attempt only', async () => {
    const q = freshQueue();
    const job = await claimOne(q, 'a');
    expect(await fx.hot.reportProgress({ ...q, id: 'a', attempt: job.attempt }, 'w1', { pct: 50 }, T0 + 1)).toBe(true);
    expect(await fx.hot.reportProgress({ ...q, id: 'a', attempt: job.attempt }, 'w2', { pct: 60 }, T0 + 2)).toBe(false);
    expect((await fx.hot.getJob({ ...q, id: 'a' }, T0 + 3))!.progress).toEqual({ pct: 50 });
  });

  it('cancelling a running job voids its lease: the heartbeat reports it lost, the completion is rejected', async () => {
    const q = freshQueue();
    const job = await claimOne(q, 'a');
    const cancelled = await fx.hot.cancelJob({ ...q, id: 'a' }, T0 + 100);
    expect(cancelled).toMatchObject({ state: 'cancelled', leaseOwner: null, leaseUntil: null, finishedAt: T0 + 100 });
    const lease = { ...q, id: 'a', attempt: job.attempt };
    expect(await fx.hot.extendLeases('w1', [lease], 10_000, T0 + 200)).toEqual(['a']);
    const [late] = await fx.hot.finish(
      [{ ...q, kind: 'succeeded', id: 'a', attempt: job.attempt, workerId: 'w1', result: 'too late' }],
      T0 + 300,
    );
    expect(late).toMatchObject({ applied: false, state: 'cancelled' });
    expect(late!.error).toBeInstanceOf(StaleLeaseError);
    expect((await fx.hot.getJob({ ...q, id: 'a' }, T0 + 300))!.result).toBeNull();
    expect((await fx.hot.queueInfo(q)).running).toBe(0);
  });

  it('finds expired leases and reaps them: re-queued with a stall, or failed when out of attempts', async () => {
    const q = freshQueue();
    const a = await claimOne(q, 'a', 'crashed', { maxAttempts: 3 });
    const b = await claimOne(q, 'b', 'crashed', { maxAttempts: 1 });
    expect(await fx.hot.findExpiredLeases(T0 + 9_999, 10, q.namespace)).toEqual([]);
    const expired = await fx.hot.findExpiredLeases(T0 + 10_000, 10, q.namespace);
    expect(expired.map((e) => [e.id, e.attempt, e.leaseOwner, e.leaseUntil])).toEqual([
      ['a', a.attempt, 'crashed', T0 + 10_000],
      ['b', b.attempt, 'crashed', T0 + 10_000],
    ]);
    const reaped = await fx.hot.reapExpiredLeases(T0 + 10_000, 10, q.namespace);
    const byId = new Map(reaped.map((j) => [j.id, j]));
    expect(byId.get('a')).toMatchObject({ state: 'queued', stalls: 1, attempt: 1, leaseOwner: null });
    expect(byId.get('b')).toMatchObject({ state: 'failed', stalls: 1, error: { code: 'WORKER_CRASHED' } });
    // The crashed worker's lease is gone; a new worker gets attempt 2 of `a`.
    expect(await fx.hot.extendLeases('crashed', [{ ...q, id: 'a', attempt: 1 }], 1000, T0 + 10_001)).toEqual(['a']);
    const next = await fx.hot.claim({ ...q, workerId: 'w2', limit: 5, leaseMs: 1000, now: T0 + 10_001 });
    expect(next.jobs.map((j) => [j.id, j.attempt])).toEqual([['a', 2]]);
    expect(await fx.hot.findExpiredLeases(T0 + 10_001, 10, q.namespace)).toEqual([]);
  });
});
