import { describe, expect, it } from 'vitest';
import { JobKeyConflictError } from '../../../src/core/errors.js';
import { type Ctx, MIN, T0, acquire, add, addOne, claim, eventTypes, ids, newJob, outcome } from '../harness.js';

export function addJobsTests(t: Ctx): void {
  describe('addJobs', () => {
    it('writes a batch in order and returns the stored jobs', async () => {
      const input = [
        newJob(t, { id: 'a', runAt: T0 + MIN, payload: { deep: { list: [1, 'two', null, true] }, text: 'ü ✓' } }),
        newJob(t, { id: 'b', runAt: T0 - MIN, priority: 5, queue: 'q2', handler: 'h2', timeoutMs: 5000 }),
        newJob(t, { id: 'c', paused: true, runAt: T0 + MIN, key: 'k-c', deadline: T0 + 2 * MIN }),
      ];
      const results = await t.store.addJobs(input, T0);
      expect(results.map((r) => [r.job.id, r.created, r.error])).toEqual([
        ['a', true, undefined],
        ['b', true, undefined],
        ['c', true, undefined],
      ]);
      const [a, b, c] = results.map((r) => r.job);
      expect(a).toMatchObject({ state: 'scheduled', attempt: 0, stalls: 0, createdAt: T0, updatedAt: T0 });
      expect(a).toMatchObject({ progress: null, result: null, error: null, leaseOwner: null, leaseUntil: null });
      expect(a).toMatchObject({ startedAt: null, finishedAt: null, pausedFrom: null, key: null });
      expect(a!.payload).toEqual({ deep: { list: [1, 'two', null, true] }, text: 'ü ✓' });
      expect(b).toMatchObject({ state: 'queued', priority: 5, queue: 'q2', handler: 'h2', timeoutMs: 5000 });
      expect(c).toMatchObject({ state: 'paused', pausedFrom: 'scheduled', key: 'k-c', deadline: T0 + 2 * MIN });
      for (const [i, job] of [a, b, c].entries()) {
        expect(await t.store.getJob(t.ns, job!.id, T0)).toEqual(job);
        expect(job).toMatchObject({ namespace: t.ns, backoff: input[i]!.backoff, maxAttempts: 3 });
      }
      expect(eventTypes(t)).toEqual(['job.added', 'job.added', 'job.added']);
    });

    it('keeps an HTTP target with its job, through a claim and a finish', async () => {
      const target = { url: 'https://hooks.example.test/a?b=1', headers: { authorization: 'Bearer x' } };
      const plain = await addOne(t, { id: 'plain' });
      expect(plain.target).toBeNull();
      const added = await addOne(t, { id: 'hook', handler: 'http', target });
      expect(added.target).toEqual(target);
      expect((await t.store.getJob(t.ns, 'hook', T0))!.target).toEqual(target);
      const { jobs } = await acquire(t, { handlers: ['http'] });
      expect(jobs.map((j) => [j.id, j.target])).toEqual([['hook', target]]);
      await t.store.finishJobs([outcome(jobs[0]!, 'succeeded')], T0 + 1);
      expect(await t.store.getJob(t.ns, 'hook', T0 + 2)).toMatchObject({ state: 'succeeded', target });
    });

    it('is idempotent by id: an existing id is returned, not written again', async () => {
      const first = await addOne(t, { id: 'same', payload: { v: 1 } });
      const again = await t.store.addJobs([newJob(t, { id: 'same', payload: { v: 2 }, queue: 'other' })], T0 + 1);
      expect(again[0]).toMatchObject({ created: false });
      expect(again[0]!.error).toBeUndefined();
      expect(again[0]!.job).toEqual(first);
      expect(await t.store.getJob(t.ns, 'same', T0)).toEqual(first);
      expect(eventTypes(t)).toEqual(['job.added']);
    });

    it('sees earlier entries of the same batch (duplicate ids, duplicate keys)', async () => {
      const results = await t.store.addJobs(
        [
          newJob(t, { id: 'x', payload: 1 }),
          newJob(t, { id: 'x', payload: 2 }),
          newJob(t, { id: 'k1', key: 'k' }),
          newJob(t, { id: 'k2', key: 'k', onKeyConflict: 'reject' }),
        ],
        T0,
      );
      expect(results.map((r) => r.created)).toEqual([true, false, true, false]);
      expect(results[1]!.job.payload).toBe(1);
      expect(results[3]!.job.id).toBe('k1');
      expect(results[3]!.error).toBeInstanceOf(JobKeyConflictError);
    });

    it('keeps ids and keys per namespace', async () => {
      await addOne(t, { id: 'job-1', key: 'k1' });
      const other = await t.store.addJobs(
        [newJob({ ns: t.otherNs }, { id: 'job-1', key: 'k1', onKeyConflict: 'reject' })],
        T0,
      );
      expect(other[0]).toMatchObject({ created: true, job: { namespace: t.otherNs, id: 'job-1' } });
      expect(other[0]!.error).toBeUndefined();
      expect((await t.store.getJob(t.ns, 'job-1', T0))?.namespace).toBe(t.ns);
    });

    describe('a key held by a live job', () => {
      it('return-existing: writes nothing and returns the holder', async () => {
        const holder = await addOne(t, { id: 'holder', key: 'order:1', runAt: T0 + MIN });
        const [r] = await t.store.addJobs(
          [newJob(t, { id: 'new', key: 'order:1', onKeyConflict: 'return-existing' })],
          T0,
        );
        expect(r).toMatchObject({ created: false, job: holder });
        expect(r!.error).toBeUndefined();
        expect(await t.store.getJob(t.ns, 'new', T0)).toBeNull();
        expect(eventTypes(t)).toEqual(['job.added']);
      });

      it('reject: that entry fails with JobKeyConflictError, the others are written', async () => {
        const holder = await addOne(t, { id: 'holder', key: 'order:1' });
        const results = await t.store.addJobs(
          [
            newJob(t, { id: 'before' }),
            newJob(t, { id: 'refused', key: 'order:1', onKeyConflict: 'reject' }),
            newJob(t, { id: 'after', key: 'order:2', onKeyConflict: 'reject' }),
          ],
          T0,
        );
        expect(results.map((r) => r.created)).toEqual([true, false, true]);
        const error = results[1]!.error as JobKeyConflictError;
        expect(error).toBeInstanceOf(JobKeyConflictError);
        expect(error).toMatchObject({ code: 'JOB_KEY_CONFLICT', key: 'order:1', existingJobId: 'holder' });
        expect(results[1]!.job).toEqual(holder);
        expect(await t.store.getJob(t.ns, 'refused', T0)).toBeNull();
        expect(await t.store.getJob(t.ns, 'after', T0)).not.toBeNull();
      });

      it('replace: cancels the holder and writes the new job', async () => {
        await addOne(t, { id: 'holder', key: 'order:1', runAt: T0 + MIN });
        const [r] = await t.store.addJobs([newJob(t, { id: 'new', key: 'order:1', onKeyConflict: 'replace' })], T0);
        expect(r).toMatchObject({ created: true, job: { id: 'new', key: 'order:1', state: 'queued' } });
        expect(await t.store.getJob(t.ns, 'holder', T0)).toMatchObject({ state: 'cancelled', finishedAt: T0 });
        const live = await t.store.listJobs(
          { namespace: t.ns, key: 'order:1', states: ['scheduled', 'queued', 'running', 'paused'] },
          {},
          T0,
        );
        expect(ids(live.items)).toEqual(['new']);
        expect(eventTypes(t)).toEqual(['job.added', 'job.cancelled', 'job.added']);
      });

      it('replace: a running holder is cancelled and loses its lease', async () => {
        await addOne(t, { id: 'holder', key: 'order:1' });
        const running = await claim(t, 'holder');
        const [r] = await t.store.addJobs([newJob(t, { id: 'new', key: 'order:1', onKeyConflict: 'replace' })], T0 + 1);
        expect(r!.created).toBe(true);
        expect(await t.store.getJob(t.ns, 'holder', T0 + 1)).toMatchObject({ state: 'cancelled', leaseOwner: null });
        const lease = { id: 'holder', attempt: running.attempt, namespace: t.ns };
        expect(await t.store.extendJobLeases('w1', [lease], 30_000, T0 + 2)).toEqual(['holder']);
        const [finish] = await t.store.finishJobs([outcome(running, 'succeeded')], T0 + 3);
        expect(finish).toMatchObject({ applied: false, job: { state: 'cancelled' } });
      });

      it('a paused holder also holds its key', async () => {
        await addOne(t, { id: 'holder', key: 'k', paused: true });
        const [r] = await t.store.addJobs([newJob(t, { id: 'new', key: 'k', onKeyConflict: 'reject' })], T0);
        expect(r!.error).toBeInstanceOf(JobKeyConflictError);
      });
    });

    it('frees a key once its holder is final', async () => {
      await addOne(t, { id: 'done', key: 'k' });
      const running = await claim(t, 'done');
      await t.store.finishJobs([outcome(running, 'succeeded')], T0);
      await addOne(t, { id: 'cancelled', key: 'k2' });
      await t.store.cancelJob(t.ns, 'cancelled', T0);
      const results = await t.store.addJobs(
        [
          newJob(t, { id: 'n1', key: 'k', onKeyConflict: 'reject' }),
          newJob(t, { id: 'n2', key: 'k2', onKeyConflict: 'reject' }),
        ],
        T0,
      );
      expect(results.map((r) => [r.created, r.error])).toEqual([
        [true, undefined],
        [true, undefined],
      ]);
    });

    it('stores copies: mutating the input or a returned job changes nothing stored', async () => {
      const input = newJob(t, { id: 'copy', payload: { list: [1] } });
      const [r] = await t.store.addJobs([input], T0);
      (input.payload as { list: number[] }).list.push(2);
      (r!.job.payload as { list: number[] }).list.push(3);
      r!.job.state = 'failed';
      expect(await t.store.getJob(t.ns, 'copy', T0)).toMatchObject({ state: 'queued', payload: { list: [1] } });
    });

    it('stores null, scalar and large payloads', async () => {
      const big = { text: 'x'.repeat(100_000) };
      const jobs = await add(t, [
        { payload: null },
        { payload: 0 },
        { payload: 'text' },
        { payload: [] },
        { payload: big },
      ]);
      const stored = await Promise.all(jobs.map((j) => t.store.getJob(t.ns, j.id, T0)));
      expect(stored.map((j) => j!.payload)).toEqual([null, 0, 'text', [], big]);
    });

    it('writes a paused job that resumes to the state its runAt implies', async () => {
      const due = await addOne(t, { id: 'due', paused: true, runAt: T0 });
      expect(due).toMatchObject({ state: 'paused', pausedFrom: 'queued' });
      expect((await acquire(t)).jobs).toEqual([]);
      expect(await t.store.resumeJob(t.ns, 'due', T0)).toMatchObject({ state: 'queued', pausedFrom: null });
    });
  });
}
