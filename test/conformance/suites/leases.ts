import { describe, expect, it } from 'vitest';
import { type Ctx, MIN, SEC, T0, acquire, add, addOne, claim, eventTypes, ids, newJob, outcome } from '../harness.js';

export function leaseTests(t: Ctx): void {
  describe('extendJobLeases', () => {
    it('extends held leases and returns the ids no longer held', async () => {
      await add(t, [{ id: 'held' }, { id: 'cancelled' }, { id: 'deleted' }, { id: 'taken' }, { id: 'requeued' }]);
      const jobs = (await acquire(t, { leaseMs: 10 * SEC })).jobs;
      expect(jobs).toHaveLength(5);
      const leases = jobs.map((j) => ({ id: j.id, attempt: j.attempt }));
      await t.store.cancelJob(t.ns, 'cancelled', T0 + 1);
      await t.store.deleteJob(t.ns, 'deleted', T0 + 1);
      // `taken` and `requeued` expire; the reaper re-queues them, another worker takes `taken`, `requeued` is paused.
      await t.store.extendJobLeases(
        'w1',
        leases.filter((l) => l.id === 'held'),
        60 * SEC,
        T0 + 2,
      );
      expect((await t.store.reapAbandonedJobs(T0 + 10 * SEC, 10)).map((j) => j.id).sort()).toEqual([
        'requeued',
        'taken',
      ]);
      // Paused first: `claim` needs `taken` to be the only due job of its queue (ties in (priority,
      // runAt) are not ordered by the contract).
      await t.store.pauseJob(t.ns, 'requeued', T0 + 10 * SEC);
      await claim(t, 'taken', { workerId: 'w2', now: T0 + 10 * SEC });
      const lost = await t.store.extendJobLeases('w1', leases, 30 * SEC, T0 + 11 * SEC);
      expect(lost.sort()).toEqual(['cancelled', 'deleted', 'requeued', 'taken']);
      expect(await t.store.getJob(t.ns, 'held', T0 + 11 * SEC)).toMatchObject({
        state: 'running',
        leaseUntil: T0 + 41 * SEC,
      });
      expect(await t.store.getJob(t.ns, 'taken', T0 + 11 * SEC)).toMatchObject({ leaseOwner: 'w2', attempt: 2 });
    });

    it('refuses a lease named with the wrong attempt or worker', async () => {
      await addOne(t, { id: 'j' });
      const job = await claim(t, 'j');
      expect(await t.store.extendJobLeases('w1', [{ id: 'j', attempt: job.attempt + 1 }], SEC, T0)).toEqual(['j']);
      expect(await t.store.extendJobLeases('w2', [{ id: 'j', attempt: job.attempt }], SEC, T0)).toEqual(['j']);
      expect(await t.store.extendJobLeases('w1', [{ id: 'absent', attempt: 1 }], SEC, T0)).toEqual(['absent']);
      expect(await t.store.getJob(t.ns, 'j', T0)).toEqual(job);
      expect(
        await t.store.extendJobLeases('w1', [{ id: 'j', attempt: job.attempt, namespace: t.ns }], SEC, T0),
      ).toEqual([]);
    });
  });

  describe('finishJobs', () => {
    it('records success, failure, retry and abort in one batch, in order', async () => {
      await add(t, [{ id: 'ok' }, { id: 'bad' }, { id: 'again' }, { id: 'soon' }, { id: 'stop' }]);
      const byId = Object.fromEntries((await acquire(t)).jobs.map((j) => [j.id, j]));
      const results = await t.store.finishJobs(
        [
          outcome(byId.ok!, 'succeeded', { result: { n: 1 } }),
          outcome(byId.bad!, 'failed'),
          outcome(byId.again!, 'retry', { runAt: T0 + MIN }),
          outcome(byId.soon!, 'retry', { runAt: T0 }),
          outcome(byId.stop!, 'aborted'),
        ],
        T0 + 1,
      );
      expect(results.map((r) => [r.id, r.applied, r.job?.state])).toEqual([
        ['ok', true, 'succeeded'],
        ['bad', true, 'failed'],
        ['again', true, 'scheduled'],
        ['soon', true, 'queued'],
        ['stop', true, 'cancelled'],
      ]);
      const [ok, bad, again, soon, stop] = results.map((r) => r.job!);
      const cleared = { leaseOwner: null, leaseUntil: null, updatedAt: T0 + 1 };
      expect(ok).toMatchObject({ ...cleared, result: { n: 1 }, finishedAt: T0 + 1, attempt: 1 });
      expect(bad).toMatchObject({ ...cleared, finishedAt: T0 + 1, error: { message: 'boom', retryable: false } });
      expect(again).toMatchObject({ ...cleared, runAt: T0 + MIN, finishedAt: null, error: { message: 'boom' } });
      expect(soon).toMatchObject({ runAt: T0 });
      expect(stop).toMatchObject({ ...cleared, finishedAt: T0 + 1, error: { code: 'JOB_CANCELLED' } });
      for (const r of results) expect(await t.store.getJob(t.ns, r.id, T0 + 1)).toEqual(r.job);
      expect(eventTypes(t).slice(-5)).toEqual([
        'job.succeeded',
        'job.failed',
        'job.retried',
        'job.retried',
        'job.cancelled',
      ]);
      expect(ids((await acquire(t, { now: T0 + 1 })).jobs)).toEqual(['soon']);
      expect(ids((await acquire(t, { now: T0 + MIN })).jobs)).toEqual(['again']);
    });

    it('rejects stale outcomes: wrong attempt, wrong worker, lease lost, already finished', async () => {
      await add(t, [{ id: 'j' }, { id: 'gone', queue: 'other' }]);
      const job = await claim(t, 'j');
      const gone = await claim(t, 'gone');
      await t.store.deleteJob(t.ns, 'gone', T0);
      const stale = await t.store.finishJobs(
        [
          outcome(job, 'succeeded', { attempt: job.attempt + 1 }),
          outcome(job, 'succeeded', { workerId: 'w2' }),
          outcome(gone, 'succeeded'),
        ],
        T0 + 1,
      );
      expect(stale.map((r) => [r.id, r.applied])).toEqual([
        ['j', false],
        ['j', false],
        ['gone', false],
      ]);
      expect(stale[0]!.job).toEqual(job);
      expect(stale[2]!.job).toBeNull();
      expect(await t.store.getJob(t.ns, 'j', T0 + 1)).toEqual(job);
      const [first] = await t.store.finishJobs([outcome(job, 'failed')], T0 + 2);
      const [twice] = await t.store.finishJobs([outcome(job, 'succeeded')], T0 + 3);
      expect([first!.applied, twice!.applied]).toEqual([true, false]);
      expect(twice!.job).toMatchObject({ state: 'failed', finishedAt: T0 + 2 });
    });

    it('fences by the running job even when another namespace holds the same id', async () => {
      await addOne(t, { id: 'job-3' });
      await t.store.addJobs([newJob({ ns: t.otherNs }, { id: 'job-3' })], T0);
      const { jobs } = await acquire(t, { namespace: null, queues: ['default'], limit: 2 });
      expect(jobs).toHaveLength(2);
      const mine = jobs.find((j) => j.namespace === t.ns)!;
      const theirs = jobs.find((j) => j.namespace === t.otherNs)!;
      const theirLease = [{ id: 'job-3', attempt: 1, namespace: t.otherNs }];
      expect(await t.store.extendJobLeases('w1', theirLease, MIN, T0 + 1)).toEqual([]);
      expect((await t.store.getJob(t.otherNs, 'job-3', T0 + 1))!.leaseUntil).toBe(T0 + 1 + MIN);
      expect((await t.store.getJob(t.ns, 'job-3', T0 + 1))!.leaseUntil).toBe(mine.leaseUntil);
      const [r] = await t.store.finishJobs([outcome(mine, 'succeeded')], T0 + 1);
      expect(r).toMatchObject({ applied: true, job: { namespace: t.ns, state: 'succeeded' } });
      expect((await t.store.getJob(t.otherNs, 'job-3', T0 + 1))!.state).toBe('running');
      const [r2] = await t.store.finishJobs([{ ...outcome(theirs, 'succeeded'), namespace: undefined }], T0 + 1);
      expect(r2).toMatchObject({ applied: true, job: { namespace: t.otherNs, state: 'succeeded' } });
    });
  });

  describe('reapAbandonedJobs', () => {
    it('re-queues jobs whose lease expired, counting a stall', async () => {
      await add(t, [
        { id: 'old', maxAttempts: 2 },
        { id: 'young', maxAttempts: 2 },
      ]);
      const old = await claim(t, 'old', { leaseMs: 10 * SEC });
      await claim(t, 'young', { leaseMs: 20 * SEC });
      expect(await t.store.reapAbandonedJobs(T0 + 10 * SEC - 1, 10)).toEqual([]);
      const reaped = await t.store.reapAbandonedJobs(T0 + 10 * SEC, 10);
      expect(reaped).toHaveLength(1);
      expect(reaped[0]).toMatchObject({
        id: 'old',
        state: 'queued',
        stalls: 1,
        attempt: 1,
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await t.store.getJob(t.ns, 'old', T0 + 10 * SEC)).toEqual(reaped[0]);
      expect(t.events.at(-1)).toMatchObject({ type: 'job.stalled', jobId: 'old', state: 'queued' });
      const [late] = await t.store.finishJobs([outcome(old, 'succeeded')], T0 + 10 * SEC);
      expect(late!.applied).toBe(false);
      expect((await acquire(t, { now: T0 + 11 * SEC })).jobs).toMatchObject([{ id: 'old', attempt: 2, stalls: 1 }]);
      const failed = await t.store.reapAbandonedJobs(T0 + 50 * SEC, 10);
      expect(failed.map((j) => [j.id, j.state, j.stalls])).toEqual([
        ['young', 'queued', 1],
        ['old', 'failed', 2],
      ]);
      expect(failed[1]).toMatchObject({ finishedAt: T0 + 50 * SEC, error: { code: 'WORKER_CRASHED' } });
      expect(eventTypes(t, 'old').slice(-2)).toEqual(['job.stalled', 'job.failed']);
    });

    it('reaps at most `limit`, oldest lease first', async () => {
      await add(t, [
        { id: 'a', runAt: T0 - 1 },
        { id: 'b', runAt: T0 - 3 },
        { id: 'c', runAt: T0 - 2 },
      ]);
      await claim(t, 'b', { leaseMs: 1 * SEC });
      await claim(t, 'c', { leaseMs: 2 * SEC });
      await claim(t, 'a', { leaseMs: 3 * SEC });
      expect((await t.store.reapAbandonedJobs(T0 + MIN, 2)).map((j) => j.id)).toEqual(['b', 'c']);
      expect((await t.store.reapAbandonedJobs(T0 + MIN, 2)).map((j) => j.id)).toEqual(['a']);
    });
  });
}
