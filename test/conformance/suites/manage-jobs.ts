import { describe, expect, it } from 'vitest';
import { InvalidStateError, JobKeyConflictError, JobNotFoundError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/job.js';
import { type Ctx, MIN, T0, acquire, addOne, eventTypes, expectError, outcome } from '../harness.js';
import { SETUPS, type Setup, jobIn, seenAs } from './job-states.js';

type Op = 'update' | 'pause' | 'resume' | 'cancel' | 'retry';
type Expect = 'apply' | 'unchanged' | 'invalid';

/** The state machine of src/stores/shared/transitions.ts, as the contract states it. */
const TABLE: Record<Op, Partial<Record<Setup, Expect>>> = {
  update: { scheduled: 'apply', queued: 'apply', 'due-scheduled': 'apply', paused: 'apply' },
  pause: { scheduled: 'apply', queued: 'apply', 'due-scheduled': 'apply', paused: 'unchanged' },
  resume: {
    scheduled: 'unchanged',
    queued: 'unchanged',
    'due-scheduled': 'unchanged',
    running: 'unchanged',
    paused: 'apply',
  },
  cancel: {
    scheduled: 'apply',
    queued: 'apply',
    'due-scheduled': 'apply',
    running: 'apply',
    paused: 'apply',
    cancelled: 'unchanged',
  },
  retry: { failed: 'apply', cancelled: 'apply' },
};

const EVENT: Record<Op, string> = {
  update: 'job.updated',
  pause: 'job.paused',
  resume: 'job.resumed',
  cancel: 'job.cancelled',
  retry: 'job.retried',
};

function run(t: Ctx, op: Op, id: string, now: number): Promise<Job> {
  switch (op) {
    case 'update':
      return t.store.updateJob(t.ns, id, { priority: 7 }, now);
    case 'pause':
      return t.store.pauseJob(t.ns, id, now);
    case 'resume':
      return t.store.resumeJob(t.ns, id, now);
    case 'cancel':
      return t.store.cancelJob(t.ns, id, now);
    case 'retry':
      return t.store.retryJob(t.ns, id, now);
  }
}

export function manageJobsTests(t: Ctx): void {
  describe('update, pause, resume, cancel, retry in every state', () => {
    for (const op of Object.keys(TABLE) as Op[]) {
      for (const setup of SETUPS) {
        const expected = TABLE[op][setup] ?? 'invalid';
        it(`${op} a ${setup} job: ${expected}`, async () => {
          const before = await jobIn(t, setup, 'j');
          const now = T0 + 1;
          if (expected === 'invalid') {
            const error = await expectError(run(t, op, 'j', now), InvalidStateError, 'INVALID_STATE');
            expect(error).toMatchObject({ id: 'j', state: seenAs(setup), operation: op });
            expect(await t.store.getJob(t.ns, 'j', T0)).toEqual(before);
            expect(eventTypes(t)).toEqual([]);
            return;
          }
          const after = await run(t, op, 'j', now);
          expect(await t.store.getJob(t.ns, 'j', now)).toEqual(after);
          if (expected === 'unchanged') {
            expect(after).toEqual({ ...before, state: after.state });
            expect(after.state).toBe(seenAs(setup));
            expect(eventTypes(t)).toEqual([]);
            return;
          }
          expect(eventTypes(t)).toEqual([EVENT[op]]);
          expect(after.updatedAt).toBe(now);
          const state = {
            update: seenAs(setup),
            pause: 'paused',
            resume: 'scheduled',
            cancel: 'cancelled',
            retry: 'queued',
          }[op];
          expect(after.state).toBe(state);
          if (op === 'update') expect(after.priority).toBe(7);
          expect(t.events.at(-1)).toMatchObject({ jobId: 'j', state, at: now, namespace: t.ns });
        });
      }
    }
  });

  describe('job management details', () => {
    it('updateJob changes fields and re-derives the state from a new runAt', async () => {
      await addOne(t, { id: 'j', runAt: T0 - MIN });
      const patch = { payload: { v: 2 }, queue: 'q2', maxAttempts: 9, timeoutMs: 100 };
      const later = await t.store.updateJob(t.ns, 'j', { ...patch, runAt: T0 + MIN }, T0);
      expect(later).toMatchObject({ ...patch, state: 'scheduled', runAt: T0 + MIN });
      expect(t.events.at(-1)).toMatchObject({ type: 'job.updated', queue: 'q2', runAt: T0 + MIN });
      expect(t.events.at(-1)!.type === 'job.updated' && (t.events.at(-1) as { data: unknown }).data).toEqual({
        fields: ['payload', 'queue', 'runAt', 'maxAttempts', 'timeoutMs'],
      });
      expect((await acquire(t)).jobs).toEqual([]);
      expect(await t.store.updateJob(t.ns, 'j', { runAt: T0 }, T0)).toMatchObject({ state: 'queued' });
      expect((await acquire(t, { queues: ['q2'] })).jobs.map((j) => j.id)).toEqual(['j']);
    });

    it('a paused job keeps its new runAt and resumes to the state it implies', async () => {
      await jobIn(t, 'paused', 'j');
      expect(await t.store.updateJob(t.ns, 'j', { runAt: T0 - 1 }, T0)).toMatchObject({
        state: 'paused',
        pausedFrom: 'queued',
      });
      expect(await t.store.resumeJob(t.ns, 'j', T0)).toMatchObject({
        state: 'queued',
        pausedFrom: null,
        runAt: T0 - 1,
      });
    });

    it('a job paused while scheduled resumes queued once its runAt has passed', async () => {
      await jobIn(t, 'scheduled', 'j');
      expect(await t.store.pauseJob(t.ns, 'j', T0)).toMatchObject({ state: 'paused', pausedFrom: 'scheduled' });
      expect((await acquire(t, { now: T0 + 2 * MIN })).jobs).toEqual([]);
      expect(await t.store.resumeJob(t.ns, 'j', T0 + 2 * MIN)).toMatchObject({ state: 'queued' });
    });

    it('cancelling a running job voids its lease', async () => {
      const job = await jobIn(t, 'running', 'j');
      expect(await t.store.cancelJob(t.ns, 'j', T0)).toMatchObject({
        state: 'cancelled',
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(await t.store.extendJobLeases('w1', [{ id: 'j', attempt: job.attempt }], 1000, T0)).toEqual(['j']);
      const [r] = await t.store.finishJobs([outcome(job, 'succeeded')], T0);
      expect(r).toMatchObject({ applied: false, job: { state: 'cancelled' } });
    });

    it('retryJob gives a failed job a fresh attempt budget, claimable now', async () => {
      const failed = await jobIn(t, 'failed', 'j');
      expect(failed).toMatchObject({ attempt: 1, error: { message: 'boom' } });
      const retried = await t.store.retryJob(t.ns, 'j', T0 + 5);
      expect(retried).toMatchObject({
        state: 'queued',
        attempt: 0,
        runAt: T0 + 5,
        error: null,
        result: null,
        finishedAt: null,
      });
      const { jobs } = await acquire(t, { now: T0 + 5 });
      expect(jobs).toMatchObject([{ id: 'j', attempt: 1 }]);
      await t.store.cancelJob(t.ns, 'j', T0 + 6);
    });

    it('retryJob refuses a keyed job whose key a live job took meanwhile', async () => {
      await jobIn(t, 'cancelled', 'old', { key: 'k' });
      await addOne(t, { id: 'new', key: 'k' });
      const error = await expectError(t.store.retryJob(t.ns, 'old', T0), JobKeyConflictError, 'JOB_KEY_CONFLICT');
      expect(error).toMatchObject({ key: 'k', existingJobId: 'new' });
      expect((await t.store.getJob(t.ns, 'old', T0))!.state).toBe('cancelled');
    });

    for (const setup of SETUPS) {
      it(`deleteJob removes a ${setup} job and its history`, async () => {
        const job = await jobIn(t, setup, 'j');
        expect(await t.store.deleteJob(t.ns, 'j', T0)).toBe(true);
        expect(await t.store.getJob(t.ns, 'j', T0)).toBeNull();
        expect(await t.store.listJobEvents(t.ns, 'j')).toEqual([]);
        expect(t.events).toMatchObject([{ type: 'job.deleted', jobId: 'j', namespace: t.ns }]);
        if (setup === 'running') {
          expect(await t.store.extendJobLeases('w1', [{ id: 'j', attempt: job.attempt }], 1000, T0)).toEqual(['j']);
        }
        expect(await t.store.deleteJob(t.ns, 'j', T0)).toBe(false);
      });
    }

    it('reports an absent job as JobNotFoundError, in its namespace only', async () => {
      await addOne(t, { id: 'j' });
      for (const ns of [t.ns, t.otherNs]) {
        const id = ns === t.ns ? 'absent' : 'j';
        const calls = [
          () => t.store.updateJob(ns, id, { priority: 1 }, T0),
          () => t.store.pauseJob(ns, id, T0),
          () => t.store.resumeJob(ns, id, T0),
          () => t.store.cancelJob(ns, id, T0),
          () => t.store.retryJob(ns, id, T0),
        ];
        for (const call of calls) {
          const error = await expectError(call(), JobNotFoundError, 'JOB_NOT_FOUND');
          expect(error.jobId).toBe(id);
        }
        expect(await t.store.deleteJob(ns, id, T0)).toBe(false);
        expect(await t.store.listJobEvents(ns, id)).toEqual([]);
      }
      expect((await t.store.getJob(t.ns, 'j', T0))!.state).toBe('queued');
    });
  });
}
