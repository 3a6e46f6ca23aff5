import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { Job } from '../../src/core/job.js';
import { decodeChange } from '../../src/hot/redis/change-codec.js';
import { decodeRecord, encodeRecord, MalformedRecordError } from '../../src/hot/redis/record-codec.js';
import { makeJob, T0 } from './support.js';

const where = { namespace: 'ns', queue: 'q' };

function roundTrip(job: Job, code: 's' | 'q' | 'r' | 'p' | 'd' | 'f' | 'c', lease: number | null = null): Job {
  const { mutable, tail } = encodeRecord(job, code, 7);
  return decodeRecord({ ...where, id: job.id }, `${mutable}\n${tail}`, lease);
}

describe('record codec', () => {
  it('round-trips a job with every field set', () => {
    const { baseVersion: _, ...job } = makeJob(where, 'a', {
      state: 'running',
      priority: -42,
      attempt: 2,
      maxAttempts: 5,
      backoff: { type: 'fixed', delayMs: 250, maxDelayMs: 250, jitter: 0.25 },
      timeoutMs: 30_000,
      key: 'order:1|with|pipes\\and "quotes"',
      scheduleId: 'nightly@x',
      fireTime: T0 - 1,
      deadline: T0 + 5,
      target: { url: 'https://hooks.example.test/x', headers: { authorization: 'Bearer "q"' } },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      progress: { pct: 10 },
      result: [1, 'two'],
      error: { message: 'line one\nline two |', name: 'Error', code: 'E', stack: 'at x', retryable: true },
      stalls: 1,
      leaseOwner: 'worker:1:ab',
      leaseUntil: T0 + 1000,
      startedAt: T0,
      finishedAt: T0 + 9,
      payload: { nested: { list: [1, null, 'x\ny'] }, big: 9_007_199_254_740_991 },
    });
    expect(roundTrip({ ...job, leaseOwner: null }, 'r', T0 + 1000)).toEqual({ ...job, leaseOwner: null });
  });

  it('leaves defaults out of the record and restores them', () => {
    const { baseVersion: _, ...job } = makeJob(where, 'b');
    const { mutable, tail } = encodeRecord(job, 'q', 1);
    expect(mutable.split('\n')[0]).toBe(`q|0|1|${T0}|${T0}|||3|||||||test.handler`);
    expect(tail.split('\n')[0]).toBe(`{"c":${T0}}`);
    expect(roundTrip(job, 'q')).toEqual(job);
    expect(roundTrip({ ...job, state: 'paused', pausedFrom: 'scheduled' }, 'p').pausedFrom).toBe('scheduled');
  });

  it('refuses what Lua could not keep exactly or what would break the state line', () => {
    const { baseVersion: _, ...job } = makeJob(where, 'c');
    expect(() => encodeRecord({ ...job, priority: 1e15 }, 'q', 1)).toThrow(ValidationError);
    expect(() => encodeRecord({ ...job, handler: 'a|b' }, 'q', 1)).toThrow(ValidationError);
  });

  it('reports malformed records and change records', () => {
    const ref = { ...where, id: 'x' };
    expect(() => decodeRecord(ref, 'q|0|1', null)).toThrow(MalformedRecordError);
    expect(() => decodeRecord(ref, 'z|0|1|1|1||||||||||h\n\n\n\n{"c":1}\nnull', null)).toThrow(MalformedRecordError);
    expect(() => decodeChange(ref, 'started|x', 1000)).toThrow(MalformedRecordError);
    expect(() => decodeChange(ref, 'exploded||q|0|1|1|1|||3|||||||h\n\n\n', 1000)).toThrow(MalformedRecordError);
    expect(decodeChange(ref, 'started|99|r|1|2|5|1|||3|w||||||h\n\n\n', 1000)).toMatchObject({
      type: 'job.started',
      state: 'running',
      attempt: 1,
      version: 2,
      at: 5,
      leaseOwner: 'w',
      leaseUntil: 99,
      job: null,
    });
  });
});
