import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import type { JobFilter } from '../../../src/core/job.js';
import { type Ctx, MIN, T0, add, addOne, claim, expectError, ids, newJob, outcome } from '../harness.js';

export function listJobsTests(t: Ctx): void {
  describe('getJob and listJobs', () => {
    it('getJob returns null for an absent id and for an id of another namespace', async () => {
      await addOne(t, { id: 'mine' });
      expect(await t.store.getJob(t.ns, 'absent', T0)).toBeNull();
      expect(await t.store.getJob(t.otherNs, 'mine', T0)).toBeNull();
    });

    it('reports a scheduled job whose runAt has passed as queued, in reads and in filters', async () => {
      await addOne(t, { id: 'later', runAt: T0 + MIN });
      const at = async (now: number, states: JobFilter['states']) =>
        ids((await t.store.listJobs({ namespace: t.ns, states }, {}, now)).items);
      expect((await t.store.getJob(t.ns, 'later', T0))!.state).toBe('scheduled');
      expect((await t.store.getJob(t.ns, 'later', T0 + MIN))!.state).toBe('queued');
      expect(await at(T0, ['scheduled'])).toEqual(['later']);
      expect(await at(T0, ['queued'])).toEqual([]);
      expect(await at(T0 + MIN, ['scheduled'])).toEqual([]);
      expect(await at(T0 + MIN, ['queued'])).toEqual(['later']);
      expect((await t.store.listJobs({ namespace: t.ns }, {}, T0 + MIN)).items[0]!.state).toBe('queued');
      const stats = await t.store.queueStats(t.ns, T0 + MIN);
      expect(stats[0]!.counts).toMatchObject({ scheduled: 0, queued: 1 });
    });

    it('lists newest first by (createdAt, id), only of the namespace', async () => {
      await add(t, [{ id: 'b' }, { id: 'a' }], T0);
      await add(t, [{ id: 'c' }], T0 + 1);
      await add(t, [{ id: 'z' }], T0 - 1);
      await t.store.addJobs([newJob({ ns: t.otherNs }, { id: 'other' })], T0 + 2);
      const page = await t.store.listJobs({ namespace: t.ns }, {}, T0);
      expect(ids(page.items)).toEqual(['c', 'b', 'a', 'z']);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by state, queue, handler, key, schedule, runAt range and payload text', async () => {
      await add(t, [
        { id: 'j1', queue: 'q1', handler: 'h1', key: 'k1', runAt: T0 - MIN, payload: { order: 'A-17' } },
        { id: 'j2', queue: 'q2', handler: 'h1', runAt: T0, scheduleId: 's1', fireTime: T0 },
        { id: 'j3', queue: 'q2', handler: 'h2', runAt: T0 + MIN, payload: { order: 'B-99' } },
        { id: 'j4', queue: 'q1', handler: 'h2', runAt: T0 + 2 * MIN, paused: true },
      ]);
      await t.store.cancelJob(t.ns, 'j1', T0);
      const list = async (filter: Omit<JobFilter, 'namespace'>) =>
        ids((await t.store.listJobs({ namespace: t.ns, ...filter }, {}, T0)).items).sort();
      expect(await list({ states: ['cancelled', 'paused'] })).toEqual(['j1', 'j4']);
      expect(await list({ states: ['queued'] })).toEqual(['j2']);
      expect(await list({ queues: ['q2'] })).toEqual(['j2', 'j3']);
      expect(await list({ handlers: ['h2'] })).toEqual(['j3', 'j4']);
      expect(await list({ key: 'k1' })).toEqual(['j1']);
      expect(await list({ scheduleId: 's1' })).toEqual(['j2']);
      expect(await list({ runAtFrom: T0, runAtTo: T0 + 2 * MIN })).toEqual(['j2', 'j3']);
      expect(await list({ runAtFrom: T0 + MIN })).toEqual(['j3', 'j4']);
      expect(await list({ runAtTo: T0 })).toEqual(['j1']);
      expect(await list({ payloadContains: '"order":"B-' })).toEqual(['j3']);
      expect(await list({ payloadContains: 'A-17' })).toEqual(['j1']);
      expect(await list({ queues: ['q1'], handlers: ['h2'], states: ['paused'] })).toEqual(['j4']);
      expect(await list({ queues: [] })).toEqual([]);
    });

    it('pages with a cursor, stable while newer jobs are added', async () => {
      for (let i = 0; i < 7; i++) await add(t, [{ id: `p${i}` }], T0 + i);
      const first = await t.store.listJobs({ namespace: t.ns }, { limit: 3 }, T0);
      expect(ids(first.items)).toEqual(['p6', 'p5', 'p4']);
      expect(first.nextCursor).toEqual(expect.any(String));
      await add(t, [{ id: 'newer' }], T0 + 100);
      const second = await t.store.listJobs({ namespace: t.ns }, { limit: 3, cursor: first.nextCursor }, T0);
      expect(ids(second.items)).toEqual(['p3', 'p2', 'p1']);
      const third = await t.store.listJobs({ namespace: t.ns }, { limit: 3, cursor: second.nextCursor }, T0);
      expect(ids(third.items)).toEqual(['p0']);
      expect(third.nextCursor).toBeNull();
    });

    it('pages through jobs sharing a createdAt, with filters', async () => {
      await add(
        t,
        Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, queue: i % 2 ? 'odd' : 'even' })),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await t.store.listJobs({ namespace: t.ns, queues: ['even'] }, { limit: 1, cursor }, T0);
        seen.push(...ids(page.items));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(['s4', 's2', 's0']);
    });

    it('defaults to 100 items a page', async () => {
      await add(
        t,
        Array.from({ length: 101 }, (_, i) => ({ id: `d${String(i).padStart(3, '0')}` })),
      );
      const page = await t.store.listJobs({ namespace: t.ns }, {}, T0);
      expect(page.items).toHaveLength(100);
      expect(page.nextCursor).not.toBeNull();
    });

    it('refuses a cursor it did not make', async () => {
      await expectError(
        t.store.listJobs({ namespace: t.ns }, { cursor: 'not-a-cursor' }, T0),
        ValidationError,
        'INVALID_ARGUMENT',
      );
    });

    it('returns succeeded results and failures as written', async () => {
      await add(t, [{ id: 'ok' }]);
      const job = await claim(t, 'ok');
      await t.store.finishJobs([outcome(job, 'succeeded', { result: { rows: [1, 2], note: null } })], T0 + 5);
      const stored = await t.store.getJob(t.ns, 'ok', T0 + 5);
      expect(stored).toMatchObject({ state: 'succeeded', result: { rows: [1, 2], note: null }, finishedAt: T0 + 5 });
    });
  });
}
