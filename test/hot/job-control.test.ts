import { describe, expect, it } from 'vitest';
import { InvalidStateError, JobNotFoundError, ValidationError } from '../../src/core/errors.js';
import type { JobPatch } from '../../src/core/job.js';
import { failure, freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();

describe('one job, any time', () => {
  it('reads a job as stored, reporting a due scheduled job as queued', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { runAt: T0 + 100, key: 'order:1', scheduleId: 's1', fireTime: T0 })], {
      now: T0,
    });
    expect(await fx.hot.getJob({ ...q, id: 'a' }, T0)).toMatchObject({
      state: 'scheduled',
      key: 'order:1',
      scheduleId: 's1',
      fireTime: T0,
    });
    expect((await fx.hot.getJob({ ...q, id: 'a' }, T0 + 100))!.state).toBe('queued');
    expect(await fx.hot.getJob({ ...q, id: 'missing' }, T0)).toBeNull();
    const jobs = await fx.hot.getJobs(
      [
        { ...q, id: 'missing' },
        { ...q, id: 'a' },
        { ...freshQueue(), id: 'a' },
      ],
      T0,
    );
    expect(jobs.map((j) => j?.id ?? null)).toEqual([null, 'a', null]);
  });

  it('pauses and resumes a waiting job; a paused job is not claimed', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    expect(await fx.hot.pauseJob({ ...q, id: 'a' }, T0)).toMatchObject({ state: 'paused', pausedFrom: 'queued' });
    expect((await fx.hot.pauseJob({ ...q, id: 'a' }, T0 + 1)).updatedAt).toBe(T0); // unchanged
    expect((await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 })).jobs).toEqual([]);
    expect(await fx.hot.resumeJob({ ...q, id: 'a' }, T0 + 2)).toMatchObject({ state: 'queued', pausedFrom: null });
    expect((await fx.hot.resumeJob({ ...q, id: 'a' }, T0 + 3)).updatedAt).toBe(T0 + 2); // unchanged
    expect((await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 + 3 })).jobs).toHaveLength(1);
    await expect(fx.hot.pauseJob({ ...q, id: 'a' }, T0 + 4)).rejects.toBeInstanceOf(InvalidStateError);
  });

  it('resumes a job whose runAt is ahead as scheduled', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { state: 'paused', runAt: T0 + 1000 })], { now: T0 });
    expect(await fx.hot.resumeJob({ ...q, id: 'a' }, T0)).toMatchObject({ state: 'scheduled' });
    expect((await fx.hot.queueInfo(q)).delayed).toBe(1);
  });

  it('updates a waiting job: reschedule, priority, payload, options', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { timeoutMs: 500 }), makeJob(q, 'b', { runAt: T0 - 1 })], { now: T0 });
    const updated = await fx.hot.updateJob(
      { ...q, id: 'a' },
      {
        payload: { changed: true },
        priority: -1,
        maxAttempts: 7,
        timeoutMs: null,
        backoff: { type: 'fixed', delayMs: 5, maxDelayMs: 5, jitter: 0.5 },
      },
      T0 + 1,
    );
    expect(updated).toMatchObject({
      payload: { changed: true },
      priority: -1,
      maxAttempts: 7,
      timeoutMs: null,
      backoff: { type: 'fixed', delayMs: 5, maxDelayMs: 5, jitter: 0.5 },
      updatedAt: T0 + 1,
    });
    // The new priority orders the ready zset: `a` now comes before the older `b`.
    const first = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 1000, now: T0 + 1 });
    expect(first.jobs.map((j) => j.id)).toEqual(['a']);
    const moved = await fx.hot.updateJob({ ...q, id: 'b' }, { runAt: T0 + 5000 }, T0 + 2);
    expect(moved).toMatchObject({ state: 'scheduled', runAt: T0 + 5000 });
    expect(await fx.hot.queueInfo(q)).toMatchObject({ ready: 0, delayed: 1 });
    await expect(fx.hot.updateJob({ ...q, id: 'a' }, { priority: 1 }, T0 + 3)).rejects.toBeInstanceOf(
      InvalidStateError,
    );
    const withQueue: JobPatch = { queue: 'elsewhere' };
    await expect(fx.hot.updateJob({ ...q, id: 'b' }, withQueue, T0 + 3)).rejects.toBeInstanceOf(ValidationError);
    await expect(fx.hot.updateJob({ ...q, id: 'zzz' }, { priority: 1 }, T0)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('cancels live jobs; cancelling again is unchanged; a finished job refuses', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a', { runAt: T0 + 10 }), makeJob(q, 'b')], { now: T0 });
    expect(await fx.hot.cancelJob({ ...q, id: 'a' }, T0)).toMatchObject({ state: 'cancelled', finishedAt: T0 });
    expect((await fx.hot.cancelJob({ ...q, id: 'a' }, T0 + 5)).updatedAt).toBe(T0);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ delayed: 0, total: 2 });
    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 1000, now: T0 });
    await fx.hot.finish(
      [{ ...q, kind: 'failed', id: 'b', attempt: jobs[0]!.attempt, workerId: 'w', error: failure('x') }],
      T0,
    );
    const refused = fx.hot.cancelJob({ ...q, id: 'b' }, T0);
    await expect(refused).rejects.toBeInstanceOf(InvalidStateError);
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_STATE', details: { state: 'failed' } });
    await expect(fx.hot.cancelJob({ ...q, id: 'c' }, T0)).rejects.toBeInstanceOf(JobNotFoundError);
  });

  it('deletes a job in any state, a running one losing its lease', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a'), makeJob(q, 'b', { runAt: T0 + 50 })], { now: T0 });
    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 1000, now: T0 });
    expect(await fx.hot.deleteJob({ ...q, id: 'a' }, T0)).toBe(true);
    expect(await fx.hot.deleteJob({ ...q, id: 'b' }, T0)).toBe(true);
    expect(await fx.hot.deleteJob({ ...q, id: 'b' }, T0)).toBe(false);
    expect(await fx.hot.extendLeases('w', [{ ...q, id: 'a', attempt: jobs[0]!.attempt }], 1000, T0)).toEqual(['a']);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ total: 0, delayed: 0, ready: 0, running: 0 });
  });
});
