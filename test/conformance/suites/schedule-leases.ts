import { describe, expect, it } from 'vitest';
import type { ScheduleRelease } from '../../../src/stores/store.js';
import { type Ctx, MIN, SEC, T0, addOne, claim, ids, newSchedule } from '../harness.js';
import { occurrenceOf } from './schedules.js';

const lease = (
  schedulerId: string,
  extra: { limit?: number; leaseMs?: number; dueBefore?: number; now?: number } = {},
) => ({
  schedulerId,
  limit: 100,
  leaseMs: 30 * SEC,
  dueBefore: T0,
  now: T0,
  ...extra,
});

function release(t: Ctx, id: string, extra: Partial<ScheduleRelease> = {}): ScheduleRelease {
  return {
    namespace: t.ns,
    id,
    triggerState: { v: 1, count: 1, last: T0 },
    nextFireAt: T0 + MIN,
    lastFireAt: T0,
    occurrences: [occurrenceOf(t, id, T0)],
    cancelJobIds: [],
    fired: 1,
    misfires: [],
    ...extra,
  };
}

export function scheduleLeaseTests(t: Ctx): void {
  describe('acquireSchedules', () => {
    it('leases unpaused due schedules, earliest first, up to the limit', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 'late', nextFireAt: T0 - MIN }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'now', nextFireAt: T0 }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'ahead', nextFireAt: T0 + 10 * SEC }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'future', nextFireAt: T0 + MIN }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'paused', nextFireAt: T0 - MIN, paused: true }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'exhausted', nextFireAt: null }), T0);
      const first = await t.store.acquireSchedules(lease('a', { limit: 2, dueBefore: T0 + 10 * SEC }));
      expect(first.map((s) => s.id)).toEqual(['late', 'now']);
      expect(first[0]).toMatchObject({ leaseOwner: 'a', leaseUntil: T0 + 30 * SEC });
      expect(await t.store.getSchedule(t.ns, 'late')).toEqual(first[0]);
      const second = await t.store.acquireSchedules(lease('b', { dueBefore: T0 + 10 * SEC }));
      expect(second.map((s) => s.id)).toEqual(['ahead']);
      expect(await t.store.acquireSchedules(lease('c', { dueBefore: T0 + 10 * SEC }))).toEqual([]);
    });

    it('never lets two schedulers hold the same schedule; an expired lease can be taken', async () => {
      for (let i = 0; i < 30; i++)
        await t.store.upsertSchedule(newSchedule(t, { id: `s${i}`, nextFireAt: T0 - i }), T0);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.store.acquireSchedules(lease(`sch${i}`, { limit: 5 }))),
      );
      const taken = results.flatMap((r, i) => r.map((s) => [s.id, s.leaseOwner, `sch${i}`]));
      expect(taken).toHaveLength(30);
      expect(new Set(taken.map(([id]) => id)).size).toBe(30);
      for (const [, owner, expected] of taken) expect(owner).toBe(expected);
      expect(await t.store.acquireSchedules(lease('x', { now: T0 + 30 * SEC - 1 }))).toEqual([]);
      const expired = await t.store.acquireSchedules(lease('x', { now: T0 + 30 * SEC }));
      expect(expired).toHaveLength(30);
      expect(expired.every((s) => s.leaseOwner === 'x' && s.leaseUntil === T0 + 60 * SEC)).toBe(true);
    });
  });

  describe('releaseSchedules', () => {
    it('writes occurrences, advances the trigger, counts, records events and frees the lease', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's' }), T0);
      await t.store.acquireSchedules(lease('a'));
      t.events.length = 0;
      const r = release(t, 's', {
        occurrences: [occurrenceOf(t, 's', T0), occurrenceOf(t, 's', T0 + MIN, T0 + MIN + 5)],
        triggerState: { v: 1, count: 2, last: T0 + MIN },
        nextFireAt: T0 + 2 * MIN,
        lastFireAt: T0 + MIN,
        fired: 2,
        misfires: [{ fireTime: T0 - MIN, reason: 'late' }],
      });
      const [result] = await t.store.releaseSchedules('a', [r], T0 + 1);
      expect(result).toMatchObject({ id: 's', applied: true });
      expect(result!.occurrences.map((o) => [o.job.id, o.created, o.job.state])).toEqual([
        [r.occurrences[0]!.id, true, 'queued'],
        [r.occurrences[1]!.id, true, 'scheduled'],
      ]);
      expect(result!.occurrences[1]!.job).toMatchObject({ scheduleId: 's', fireTime: T0 + MIN, runAt: T0 + MIN + 5 });
      const stored = await t.store.getSchedule(t.ns, 's');
      expect(stored).toMatchObject({ triggerState: r.triggerState, nextFireAt: T0 + 2 * MIN, lastFireAt: T0 + MIN });
      expect(stored).toMatchObject({
        fireCount: 2,
        misfireCount: 1,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: T0 + 1,
      });
      const scheduleEvents = t.events.filter((e) => e.type.startsWith('schedule.'));
      expect(scheduleEvents).toEqual([
        {
          type: 'schedule.fired',
          namespace: t.ns,
          scheduleId: 's',
          at: T0 + 1,
          fireTime: T0,
          jobId: r.occurrences[0]!.id,
          reason: null,
        },
        {
          type: 'schedule.fired',
          namespace: t.ns,
          scheduleId: 's',
          at: T0 + 1,
          fireTime: T0 + MIN,
          jobId: r.occurrences[1]!.id,
          reason: null,
        },
        {
          type: 'schedule.misfired',
          namespace: t.ns,
          scheduleId: 's',
          at: T0 + 1,
          fireTime: T0 - MIN,
          jobId: null,
          reason: 'late',
        },
      ]);
      expect(t.events.filter((e) => e.type === 'job.added')).toHaveLength(2);
      expect(await t.store.acquireSchedules(lease('b', { dueBefore: T0 + 2 * MIN, now: T0 + 2 }))).toHaveLength(1);
    });

    it('writes an occurrence once: a repeated fire returns the existing job', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's' }), T0);
      await t.store.acquireSchedules(lease('a'));
      await t.store.releaseSchedules('a', [release(t, 's')], T0);
      await t.store.acquireSchedules(lease('a', { dueBefore: T0 + MIN, now: T0 + 1 }));
      t.events.length = 0;
      const [again] = await t.store.releaseSchedules('a', [release(t, 's', { nextFireAt: T0 + 2 * MIN })], T0 + 2);
      expect(again!.applied).toBe(true);
      expect(again!.occurrences.map((o) => o.created)).toEqual([false]);
      expect(t.events.filter((e) => e.type === 'job.added' || e.type === 'schedule.fired')).toEqual([]);
    });

    it('cancels the jobs named in cancelJobIds, a running one through its lease', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's', overlap: 'cancel-previous' }), T0);
      await addOne(t, { id: 'prev-running', scheduleId: 's' });
      await addOne(t, { id: 'prev-waiting', scheduleId: 's', runAt: T0 + MIN });
      await addOne(t, { id: 'prev-done', scheduleId: 's' });
      await t.store.cancelJob(t.ns, 'prev-done', T0);
      const running = await claim(t, 'prev-running');
      await t.store.acquireSchedules(lease('a'));
      const [r] = await t.store.releaseSchedules(
        'a',
        [release(t, 's', { cancelJobIds: ['prev-running', 'prev-waiting', 'prev-done', 'absent'] })],
        T0 + 1,
      );
      expect(r!.applied).toBe(true);
      for (const id of ['prev-running', 'prev-waiting', 'prev-done'])
        expect((await t.store.getJob(t.ns, id, T0 + 1))!.state).toBe('cancelled');
      expect(
        await t.store.extendJobLeases('w1', [{ id: 'prev-running', attempt: running.attempt }], SEC, T0 + 2),
      ).toEqual(['prev-running']);
      const live = await t.store.liveOccurrences(t.ns, ['s'], T0 + 1);
      expect(ids(live.get('s')!)).toEqual([r!.occurrences[0]!.job.id]);
    });

    it('skips an entry whose lease was lost, writing nothing', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 'lost', nextFireAt: T0 - 1 }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'kept' }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'deleted' }), T0);
      await t.store.acquireSchedules(lease('a', { leaseMs: SEC }));
      await t.store
        .acquireSchedules(lease('a', { leaseMs: 5 * SEC, now: T0 + SEC - 1, dueBefore: T0 }))
        .then((s) => expect(s).toEqual([]));
      await t.store.deleteSchedule(t.ns, 'deleted', T0);
      // `lost` expires and scheduler b takes it; `kept` expired too but nobody took it: still a's to release.
      const taken = await t.store.acquireSchedules(lease('b', { limit: 1, now: T0 + SEC }));
      expect(taken.map((s) => s.id)).toEqual(['lost']);
      const results = await t.store.releaseSchedules(
        'a',
        [release(t, 'lost'), release(t, 'kept'), release(t, 'deleted')],
        T0 + 2 * SEC,
      );
      expect(results.map((r) => [r.id, r.applied, r.occurrences.length])).toEqual([
        ['lost', false, 0],
        ['kept', true, 1],
        ['deleted', false, 0],
      ]);
      expect(await t.store.getJob(t.ns, occurrenceOf(t, 'lost', T0).id, T0)).toBeNull();
      expect(await t.store.getSchedule(t.ns, 'lost')).toMatchObject({
        leaseOwner: 'b',
        fireCount: 0,
        nextFireAt: T0 - 1,
      });
      expect(await t.store.releaseSchedules('b', [release(t, 'lost')], T0 + 2 * SEC)).toMatchObject([
        { applied: true },
      ]);
    });
  });

  describe('liveOccurrences and nextScheduleDueAt', () => {
    it('lists the live occurrences of each schedule', async () => {
      await addOne(t, { id: 'o1', scheduleId: 's1', runAt: T0 + MIN });
      await addOne(t, { id: 'o2', scheduleId: 's1' }, T0 + 1);
      await addOne(t, { id: 'o3', scheduleId: 's1', paused: true }, T0 + 2);
      await addOne(t, { id: 'o4', scheduleId: 's1' });
      await addOne(t, { id: 'o5', scheduleId: 's2', queue: 'q5' });
      await t.store.cancelJob(t.ns, 'o4', T0);
      await claim(t, 'o5');
      await t.store.upsertSchedule(newSchedule({ ns: t.otherNs }, { id: 's1', paused: true }), T0);
      const live = await t.store.liveOccurrences(t.ns, ['s1', 's2', 's3'], T0 + 3);
      expect([...live.keys()].sort()).toEqual(['s1', 's2', 's3']);
      expect(live.get('s1')!.map((j) => [j.id, j.state])).toEqual([
        ['o1', 'scheduled'],
        ['o2', 'queued'],
        ['o3', 'paused'],
      ]);
      expect(ids(live.get('s2')!)).toEqual(['o5']);
      expect(live.get('s3')).toEqual([]);
      expect((await t.store.liveOccurrences(t.otherNs, ['s1'], T0)).get('s1')).toEqual([]);
    });

    it('nextScheduleDueAt is the earliest nextFireAt among unpaused schedules, a leased one from its expiry', async () => {
      expect(await t.store.nextScheduleDueAt()).toBeNull();
      await t.store.upsertSchedule(newSchedule(t, { id: 'p', nextFireAt: T0 - MIN, paused: true }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 'n', nextFireAt: null }), T0);
      expect(await t.store.nextScheduleDueAt()).toBeNull();
      await t.store.upsertSchedule(newSchedule(t, { id: 'b', nextFireAt: T0 + 2 * MIN }), T0);
      await t.store.upsertSchedule(newSchedule({ ns: t.otherNs }, { id: 'a', nextFireAt: T0 + MIN }), T0);
      expect(await t.store.nextScheduleDueAt()).toBe(T0 + MIN);
      await t.store.acquireSchedules(lease('x', { dueBefore: T0 + MIN, leaseMs: 5 * MIN }));
      expect(await t.store.nextScheduleDueAt()).toBe(T0 + 2 * MIN);
      await t.store.acquireSchedules(lease('x', { dueBefore: T0 + 2 * MIN, leaseMs: 30 * SEC }));
      expect(await t.store.nextScheduleDueAt()).toBe(T0 + 2 * MIN);
      await t.store.updateSchedule(t.ns, 'p', { paused: false }, T0);
      expect(await t.store.nextScheduleDueAt()).toBe(T0 - MIN);
    });
  });
}
