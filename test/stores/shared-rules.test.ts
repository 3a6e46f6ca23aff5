import { describe, expect, it } from 'vitest';
import { InvalidStateError, JobKeyConflictError, ValidationError } from '../../src/core/errors.js';
import { JOB_STATES } from '../../src/core/job.js';
import { createJob, applyJobPatch } from '../../src/stores/shared/job-records.js';
import { decideKeyConflict } from '../../src/stores/shared/key-conflict.js';
import {
  compareNewestFirst,
  decodeJobCursor,
  decodeScheduleCursor,
  encodeJobCursor,
  encodeScheduleCursor,
  pageLimit,
} from '../../src/stores/shared/paging.js';
import { acquirableAt, applySchedulePatch, createSchedule } from '../../src/stores/shared/schedule-records.js';
import { decideTransition, leaseExpired, mustTransition } from '../../src/stores/shared/transitions.js';
import { T0, newJob, newSchedule } from '../conformance/harness.js';

const t = { ns: 'shared' };

describe('shared store rules', () => {
  it('has a decision for every operation in every state; only cancel reaches running', () => {
    for (const op of ['update', 'pause', 'resume', 'cancel', 'retry'] as const) {
      for (const state of JOB_STATES) expect(['apply', 'unchanged', 'invalid']).toContain(decideTransition(op, state));
    }
    expect(JOB_STATES.filter((s) => decideTransition('cancel', s) === 'apply')).toEqual([
      'scheduled',
      'queued',
      'running',
      'paused',
    ]);
    expect(JOB_STATES.filter((s) => decideTransition('retry', s) === 'apply')).toEqual(['failed', 'cancelled']);
  });

  it('decides on the effective state and names it in the error', () => {
    const due = { id: 'j', state: 'scheduled' as const, runAt: T0 };
    expect(mustTransition('pause', due, T0)).toBe(true);
    const error = (() => {
      try {
        mustTransition('retry', due, T0);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(error).toMatchObject({ state: 'queued', operation: 'retry' });
  });

  it('treats a lease as held strictly before leaseUntil', () => {
    expect(leaseExpired(T0 + 1, T0)).toBe(false);
    expect(leaseExpired(T0, T0)).toBe(true);
    expect(leaseExpired(null, T0)).toBe(true);
  });

  it('writes new jobs scheduled, queued or paused by their runAt, and re-derives it on patch', () => {
    expect(createJob(newJob(t, { runAt: T0 + 1 }), T0).state).toBe('scheduled');
    expect(createJob(newJob(t, { runAt: T0 }), T0).state).toBe('queued');
    const paused = createJob(newJob(t, { runAt: T0, paused: true }), T0);
    expect(paused).toMatchObject({ state: 'paused', pausedFrom: 'queued' });
    expect(applyJobPatch(paused, { runAt: T0 + 5 }, T0)).toMatchObject({ state: 'paused', pausedFrom: 'scheduled' });
  });

  it('decides key conflicts by policy', () => {
    expect(decideKeyConflict('return-existing', 'k', 'h')).toEqual({ action: 'keep-holder', error: null });
    expect(decideKeyConflict('replace', 'k', 'h')).toEqual({ action: 'replace-holder' });
    const reject = decideKeyConflict('reject', 'k', 'h');
    expect(reject.action === 'keep-holder' && reject.error).toBeInstanceOf(JobKeyConflictError);
  });

  it('round-trips cursors, refuses foreign ones, and clamps page sizes', () => {
    const cursor = { createdAt: T0, id: 'job-1' };
    expect(decodeJobCursor(encodeJobCursor(cursor))).toEqual(cursor);
    expect(decodeScheduleCursor(encodeScheduleCursor('s-1'))).toBe('s-1');
    expect(decodeJobCursor(null)).toBeNull();
    expect(() => decodeJobCursor(encodeScheduleCursor('s'))).toThrow(ValidationError);
    expect(() => decodeScheduleCursor(encodeJobCursor(cursor))).toThrow(ValidationError);
    expect(() => decodeJobCursor('!!')).toThrow(ValidationError);
    expect([pageLimit({}), pageLimit({ limit: 0 }), pageLimit({ limit: 5000 }), pageLimit({ limit: 7.9 })]).toEqual([
      100, 1, 1000, 7,
    ]);
    const sorted = [
      { createdAt: 1, id: 'a' },
      { createdAt: 2, id: 'a' },
      { createdAt: 2, id: 'b' },
    ].sort(compareNewestFirst);
    expect(sorted.map((c) => `${c.createdAt}${c.id}`)).toEqual(['2b', '2a', '1a']);
  });

  it('patches schedules, saying which events the patch stands for, and frees the lease', () => {
    const s = { ...createSchedule(newSchedule(t), T0), leaseOwner: 'x', leaseUntil: T0 + 10 };
    expect(applySchedulePatch(s, { paused: true }, T0).events).toEqual(['schedule.paused']);
    expect(applySchedulePatch(s, { paused: false, overlap: 'skip' }, T0).events).toEqual(['schedule.updated']);
    const { schedule } = applySchedulePatch(s, { job: { priority: 3, queue: undefined } }, T0);
    expect(schedule).toMatchObject({ leaseOwner: null, leaseUntil: null, job: { ...s.job, priority: 3 } });
    expect(acquirableAt(s)).toBe(T0 + 10);
    expect(acquirableAt({ ...s, leaseOwner: null })).toBe(s.nextFireAt);
  });
});
