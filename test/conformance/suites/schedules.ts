import { describe, expect, it } from 'vitest';
import { ScheduleNotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { ScheduleEvent } from '../../../src/core/events.js';
import { type Ctx, MIN, T0, expectError, newSchedule } from '../harness.js';

export function scheduleTests(t: Ctx): void {
  const scheduleEvents = () => t.events.filter((e): e is ScheduleEvent => e.type.startsWith('schedule.'));

  describe('schedules', () => {
    it('upsert creates a schedule with zero counters', async () => {
      const input = newSchedule(t, { id: 's', misfireGraceMs: 5000, overlap: 'skip', coalesce: 'all', maxCatchUp: 3 });
      const { schedule, created } = await t.store.upsertSchedule(input, T0);
      expect(created).toBe(true);
      expect(schedule).toEqual({
        ...input,
        lastFireAt: null,
        fireCount: 0,
        misfireCount: 0,
        leaseOwner: null,
        leaseUntil: null,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await t.store.getSchedule(t.ns, 's')).toEqual(schedule);
      expect(await t.store.getSchedule(t.otherNs, 's')).toBeNull();
      expect(scheduleEvents()).toMatchObject([{ type: 'schedule.added', scheduleId: 's', namespace: t.ns, at: T0 }]);
    });

    it('upsert of an existing id replaces the definition and keeps counters, lastFireAt and createdAt', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's' }), T0);
      const [leased] = await t.store.acquireSchedules({
        schedulerId: 'a',
        limit: 1,
        leaseMs: MIN,
        dueBefore: T0,
        now: T0,
      });
      expect(leased?.id).toBe('s');
      await t.store.releaseSchedules(
        'a',
        [
          {
            namespace: t.ns,
            id: 's',
            triggerState: { v: 1, count: 1, last: T0 },
            nextFireAt: T0 + MIN,
            lastFireAt: T0,
            occurrences: [],
            cancelJobIds: [],
            fired: 1,
            misfires: [{ fireTime: T0 - MIN, reason: 'late' }],
          },
        ],
        T0,
      );
      const replacement = newSchedule(t, {
        id: 's',
        trigger: { kind: 'interval', v: 1, everyMs: 2 * MIN, anchor: T0 },
        nextFireAt: T0 + 2 * MIN,
      });
      const { schedule, created } = await t.store.upsertSchedule(replacement, T0 + 5);
      expect(created).toBe(false);
      expect(schedule).toMatchObject({
        trigger: replacement.trigger,
        nextFireAt: T0 + 2 * MIN,
        triggerState: replacement.triggerState,
      });
      expect(schedule).toMatchObject({
        fireCount: 1,
        misfireCount: 1,
        lastFireAt: T0,
        createdAt: T0,
        updatedAt: T0 + 5,
      });
      expect(scheduleEvents().at(-1)).toMatchObject({ type: 'schedule.updated', scheduleId: 's' });
    });

    it('upsert and update free a lease, so an in-flight release is skipped', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's1' }), T0);
      await t.store.upsertSchedule(newSchedule(t, { id: 's2' }), T0);
      const leased = await t.store.acquireSchedules({
        schedulerId: 'a',
        limit: 2,
        leaseMs: MIN,
        dueBefore: T0,
        now: T0,
      });
      expect(leased).toHaveLength(2);
      await t.store.upsertSchedule(newSchedule(t, { id: 's1', nextFireAt: T0 + 5 * MIN }), T0 + 1);
      await t.store.updateSchedule(t.ns, 's2', { nextFireAt: T0 + 5 * MIN }, T0 + 1);
      const release = (id: string) => ({
        namespace: t.ns,
        id,
        triggerState: { v: 1 as const, count: 1, last: T0 },
        nextFireAt: T0 + MIN,
        lastFireAt: T0,
        occurrences: [],
        cancelJobIds: [],
        fired: 1,
        misfires: [],
      });
      const results = await t.store.releaseSchedules('a', [release('s1'), release('s2')], T0 + 2);
      expect(results.map((r) => r.applied)).toEqual([false, false]);
      for (const id of ['s1', 's2']) {
        expect(await t.store.getSchedule(t.ns, id)).toMatchObject({
          nextFireAt: T0 + 5 * MIN,
          fireCount: 0,
          leaseOwner: null,
        });
      }
    });

    it('lists by id with filters and cursor paging', async () => {
      for (const id of ['c', 'a', 'e', 'b', 'd']) {
        const paused = id === 'b' || id === 'd';
        const job = { ...newSchedule(t).job, handler: id === 'e' ? 'other' : 'h' };
        await t.store.upsertSchedule(newSchedule(t, { id, paused, job }), T0);
      }
      await t.store.upsertSchedule(newSchedule({ ns: t.otherNs }, { id: 'a0' }), T0);
      const all = await t.store.listSchedules({ namespace: t.ns }, { limit: 2 });
      expect(all.items.map((s) => s.id)).toEqual(['a', 'b']);
      const rest = await t.store.listSchedules({ namespace: t.ns }, { limit: 2, cursor: all.nextCursor });
      expect(rest.items.map((s) => s.id)).toEqual(['c', 'd']);
      const last = await t.store.listSchedules({ namespace: t.ns }, { limit: 2, cursor: rest.nextCursor });
      expect(last.items.map((s) => s.id)).toEqual(['e']);
      expect(last.nextCursor).toBeNull();
      const ids = async (filter: { paused?: boolean; handler?: string }) =>
        (await t.store.listSchedules({ namespace: t.ns, ...filter }, {})).items.map((s) => s.id);
      expect(await ids({ paused: true })).toEqual(['b', 'd']);
      expect(await ids({ paused: false, handler: 'h' })).toEqual(['a', 'c']);
      expect(await ids({ handler: 'other' })).toEqual(['e']);
      await expectError(
        t.store.listSchedules({ namespace: t.ns }, { cursor: '%%%' }),
        ValidationError,
        'INVALID_ARGUMENT',
      );
    });

    it('update applies a patch, merges the job template and says what changed', async () => {
      const input = newSchedule(t, { id: 's' });
      await t.store.upsertSchedule(input, T0);
      const paused = await t.store.updateSchedule(t.ns, 's', { paused: true }, T0 + 1);
      expect(paused).toMatchObject({ paused: true, updatedAt: T0 + 1 });
      const changed = await t.store.updateSchedule(
        t.ns,
        's',
        {
          paused: false,
          job: { priority: 4, payload: { v: 2 } },
          overlap: 'skip',
          misfireGraceMs: 1000,
          maxCatchUp: 2,
          coalesce: 'earliest',
        },
        T0 + 2,
      );
      expect(changed).toMatchObject({
        paused: false,
        overlap: 'skip',
        misfireGraceMs: 1000,
        maxCatchUp: 2,
        coalesce: 'earliest',
      });
      expect(changed.job).toEqual({ ...input.job, priority: 4, payload: { v: 2 } });
      const same = await t.store.updateSchedule(t.ns, 's', { paused: false }, T0 + 3);
      expect(same.paused).toBe(false);
      expect(await t.store.getSchedule(t.ns, 's')).toEqual(same);
      expect(scheduleEvents().map((e) => e.type)).toEqual([
        'schedule.added',
        'schedule.paused',
        'schedule.resumed',
        'schedule.updated',
      ]);
      await expectError(
        t.store.updateSchedule(t.otherNs, 's', { paused: true }, T0),
        ScheduleNotFoundError,
        'SCHEDULE_NOT_FOUND',
      );
    });

    it('delete removes the schedule but not its occurrences', async () => {
      await t.store.upsertSchedule(newSchedule(t, { id: 's' }), T0);
      const [leased] = await t.store.acquireSchedules({
        schedulerId: 'a',
        limit: 1,
        leaseMs: MIN,
        dueBefore: T0,
        now: T0,
      });
      const occurrence = { ...occurrenceOf(t, 's', T0) };
      await t.store.releaseSchedules(
        'a',
        [
          {
            namespace: t.ns,
            id: leased!.id,
            triggerState: { v: 1, count: 1, last: T0 },
            nextFireAt: T0 + MIN,
            lastFireAt: T0,
            occurrences: [occurrence],
            cancelJobIds: [],
            fired: 1,
            misfires: [],
          },
        ],
        T0,
      );
      expect(await t.store.deleteSchedule(t.otherNs, 's', T0)).toBe(false);
      expect(await t.store.deleteSchedule(t.ns, 's', T0)).toBe(true);
      expect(await t.store.getSchedule(t.ns, 's')).toBeNull();
      expect(await t.store.deleteSchedule(t.ns, 's', T0)).toBe(false);
      expect(await t.store.getJob(t.ns, occurrence.id, T0)).toMatchObject({ scheduleId: 's', state: 'queued' });
      expect(scheduleEvents().at(-1)).toMatchObject({ type: 'schedule.deleted', scheduleId: 's' });
    });
  });
}

/** The occurrence a fire of schedule `id` at `fireTime` makes (as the fire planner builds it). */
export function occurrenceOf(t: Pick<Ctx, 'ns'>, scheduleId: string, fireTime: number, runAt = fireTime) {
  const s = newSchedule(t);
  return {
    id: `${scheduleId}@${new Date(fireTime).toISOString()}`,
    namespace: t.ns,
    queue: s.job.queue,
    handler: s.job.handler,
    payload: s.job.payload,
    priority: s.job.priority,
    runAt,
    maxAttempts: s.job.maxAttempts,
    backoff: s.job.backoff,
    timeoutMs: s.job.timeoutMs,
    key: null,
    onKeyConflict: 'return-existing' as const,
    scheduleId,
    fireTime,
    deadline: null,
    paused: false,
  };
}
