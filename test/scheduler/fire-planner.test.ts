import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../../src/core/backoff.js';
import type { Job } from '../../src/core/job.js';
import type { Schedule } from '../../src/core/schedule.js';
import { planFires, MAX_FIRES_PER_STEP } from '../../src/scheduler/fire-planner.js';
import type { Trigger, TriggerState } from '../../src/triggers/trigger.js';

// A fixed-period trigger: the planner's decisions do not depend on the trigger kind, only on the
// sequence of fire times, so the simplest real sequence keeps these tests about the planner.
function every(ms: number, limit?: number): Trigger {
  return {
    spec: { kind: 'interval', v: 1, everyMs: ms, anchor: 0 },
    next(after: number, state: TriggerState) {
      if (limit !== undefined && state.count >= limit) return null;
      const at = (Math.floor(after / ms) + 1) * ms;
      return { at, runAt: at, state: { v: 1, count: state.count + 1, last: at } };
    },
  };
}

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    id: 's1',
    namespace: 'ns',
    trigger: { kind: 'interval', v: 1, everyMs: 1000, anchor: 0 },
    triggerState: { v: 1, count: 1, last: 10_000 },
    job: {
      handler: 'h',
      payload: { a: 1 },
      queue: 'q',
      priority: 0,
      maxAttempts: 3,
      backoff: DEFAULT_BACKOFF,
      timeoutMs: null,
    },
    paused: false,
    nextFireAt: 10_000,
    lastFireAt: null,
    fireCount: 0,
    misfireCount: 0,
    misfireGraceMs: null,
    coalesce: 'latest',
    maxCatchUp: 100,
    overlap: 'allow',
    leaseOwner: 'x',
    leaseUntil: 99_999_999,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

const liveJob = (id: string, state: Job['state']) => ({ id, state }) as Job;

describe('planFires', () => {
  it('fires a due schedule once, with an occurrence id derived from the fire time', () => {
    const r = planFires({ schedule: schedule(), trigger: every(1000), now: 10_000, aheadMs: 0, live: [] });
    expect(r.occurrences.map((o) => o.id)).toEqual(['s1@1970-01-01T00:00:10.000Z']);
    expect(r.occurrences[0]).toMatchObject({
      runAt: 10_000,
      fireTime: 10_000,
      scheduleId: 's1',
      handler: 'h',
      queue: 'q',
    });
    expect(r.nextFireAt).toBe(11_000);
    expect(r.triggerState.count).toBe(2);
    expect(r.fired).toBe(1);
    expect(r.misfires).toEqual([]);
  });

  it('writes fires within the ahead window as future jobs, never coalescing them', () => {
    const r = planFires({ schedule: schedule(), trigger: every(100), now: 9_950, aheadMs: 200, live: [] });
    expect(r.occurrences.map((o) => o.runAt)).toEqual([10_000, 10_100]);
    expect(r.nextFireAt).toBe(10_200);
  });

  it('coalesces overdue fires to the latest by default, recording the rest as misfires', () => {
    const r = planFires({ schedule: schedule(), trigger: every(1000), now: 14_500, aheadMs: 0, live: [] });
    expect(r.occurrences.map((o) => o.fireTime)).toEqual([14_000]);
    expect(r.misfires).toEqual([10_000, 11_000, 12_000, 13_000].map((fireTime) => ({ fireTime, reason: 'coalesced' })));
    expect(r.nextFireAt).toBe(15_000);
    expect(r.lastFireAt).toBe(14_000);
  });

  it('coalesces to the earliest, or runs all up to the catch-up cap', () => {
    const earliest = planFires({
      schedule: schedule({ coalesce: 'earliest' }),
      trigger: every(1000),
      now: 12_000,
      aheadMs: 0,
      live: [],
    });
    expect(earliest.occurrences.map((o) => o.fireTime)).toEqual([10_000]);
    const all = planFires({
      schedule: schedule({ coalesce: 'all', maxCatchUp: 2 }),
      trigger: every(1000),
      now: 13_000,
      aheadMs: 0,
      live: [],
    });
    expect(all.occurrences.map((o) => o.fireTime)).toEqual([12_000, 13_000]);
    expect(all.misfires.map((m) => m.reason)).toEqual(['catch-up-cap', 'catch-up-cap']);
  });

  it('drops fires later than the grace time and sets a deadline on the ones it runs', () => {
    const r = planFires({
      schedule: schedule({ misfireGraceMs: 1500, coalesce: 'all' }),
      trigger: every(1000),
      now: 13_000,
      aheadMs: 0,
      live: [],
    });
    expect(r.misfires).toEqual([
      { fireTime: 10_000, reason: 'late' },
      { fireTime: 11_000, reason: 'late' },
    ]);
    expect(r.occurrences.map((o) => [o.fireTime, o.deadline])).toEqual([
      [12_000, 13_500],
      [13_000, 14_500],
    ]);
  });

  it('jumps over a huge backlog instead of enumerating it', () => {
    const r = planFires({
      schedule: schedule({ nextFireAt: 0 }),
      trigger: every(1),
      now: 10_000_000,
      aheadMs: 0,
      live: [],
    });
    expect(r.occurrences).toHaveLength(1);
    expect(r.occurrences[0]!.fireTime).toBe(10_000_000);
    expect(r.nextFireAt).toBe(10_000_001);
    expect(r.misfires.length).toBeLessThanOrEqual(101);
    expect(MAX_FIRES_PER_STEP).toBeGreaterThan(0);
  });

  it('stops when the trigger is exhausted', () => {
    const r = planFires({ schedule: schedule(), trigger: every(1000, 1), now: 20_000, aheadMs: 0, live: [] });
    expect(r.occurrences).toHaveLength(1);
    expect(r.nextFireAt).toBeNull();
  });

  describe('overlap', () => {
    it('skip drops the fire while an occurrence is live', () => {
      const r = planFires({
        schedule: schedule({ overlap: 'skip' }),
        trigger: every(1000),
        now: 10_000,
        aheadMs: 0,
        live: [liveJob('prev', 'running')],
      });
      expect(r.occurrences).toEqual([]);
      expect(r.misfires).toEqual([{ fireTime: 10_000, reason: 'overlap' }]);
      expect(r.nextFireAt).toBe(11_000);
    });

    it('queue-one lets one occurrence wait behind a running one, not two', () => {
      const s = schedule({ overlap: 'queue-one', coalesce: 'all' });
      const r = planFires({
        schedule: s,
        trigger: every(1000),
        now: 11_000,
        aheadMs: 0,
        live: [liveJob('prev', 'running')],
      });
      expect(r.occurrences.map((o) => o.fireTime)).toEqual([10_000]);
      expect(r.misfires).toEqual([{ fireTime: 11_000, reason: 'overlap' }]);
      const blocked = planFires({
        schedule: s,
        trigger: every(1000),
        now: 10_000,
        aheadMs: 0,
        live: [liveJob('a', 'running'), liveJob('b', 'queued')],
      });
      expect(blocked.occurrences).toEqual([]);
    });

    it('cancel-previous cancels the live occurrences and fires', () => {
      const r = planFires({
        schedule: schedule({ overlap: 'cancel-previous' }),
        trigger: every(1000),
        now: 10_000,
        aheadMs: 0,
        live: [liveJob('a', 'running'), liveJob('b', 'queued')],
      });
      expect(r.cancelJobIds.sort()).toEqual(['a', 'b']);
      expect(r.occurrences).toHaveLength(1);
    });

    it('allow ignores live occurrences', () => {
      const r = planFires({
        schedule: schedule(),
        trigger: every(1000),
        now: 10_000,
        aheadMs: 0,
        live: [liveJob('a', 'running')],
      });
      expect(r.occurrences).toHaveLength(1);
    });
  });

  it('keeps jitter within its bound and leaves the nominal fire time alone', () => {
    const s = schedule({ trigger: { kind: 'interval', v: 1, everyMs: 1000, anchor: 0, jitterMs: 50 } });
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      const r = planFires({ schedule: s, trigger: every(1000), now: 10_000, aheadMs: 0, live: [], random });
      const o = r.occurrences[0]!;
      expect(o.fireTime).toBe(10_000);
      expect(o.runAt - 10_000).toBeGreaterThanOrEqual(0);
      expect(o.runAt - 10_000).toBeLessThanOrEqual(50);
      expect(o.id).toBe('s1@1970-01-01T00:00:10.000Z');
    }
  });
});
