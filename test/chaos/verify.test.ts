import { describe, expect, it } from 'vitest';
import { occurrenceIds, verifyChaos, type ChaosEvidence, type CheckedJob } from './verify.js';

// The chaos verdict must be able to fail: each kind of wrong outcome, planted in otherwise good evidence.
const ok = (id: string, attempt = 1): CheckedJob => ({
  id,
  state: 'succeeded',
  attempt,
  stalls: attempt - 1,
  result: { attempt },
});

function evidence(overrides: Partial<ChaosEvidence> = {}): ChaosEvidence {
  const occurrence = 's@2030-01-01T00:00:00.000Z';
  return {
    acked: ['a', 'b'],
    expectedOccurrences: [occurrence],
    occurrencesInWindow: [occurrence],
    jobs: new Map([
      ['a', ok('a')],
      ['b', ok('b', 2)],
      [occurrence, ok(occurrence)],
    ]),
    runs: [
      { jobId: 'a', attempt: 1, pid: 1 },
      { jobId: 'b', attempt: 1, pid: 1 },
      { jobId: 'b', attempt: 2, pid: 2 },
      { jobId: occurrence, attempt: 1, pid: 2 },
    ],
    staleRejected: [{ jobId: 'b', attempt: 1 }],
    ...overrides,
  };
}

describe('the chaos verdict', () => {
  it('passes a correct run: a re-run explained by a stall, its stale completion rejected', () => {
    const verdict = verifyChaos(evidence());
    expect(verdict.violations).toEqual([]);
    expect(verdict.counts).toMatchObject({ ranOnce: 2, ranMoreThanOnce: 1, staleRejected: 1, occurrences: 1 });
  });

  it('finds a lost acknowledged job, one not succeeded, and one that never ran', () => {
    const e = evidence();
    e.jobs.delete('a');
    e.jobs.set('b', { ...ok('b', 2), state: 'failed' });
    expect(verifyChaos(e).violations).toEqual(['acknowledged job lost: a', 'not succeeded: b is failed']);
    expect(verifyChaos(evidence({ runs: [] })).violations).toContain('succeeded without running: a');
  });

  it('finds an attempt that ran twice, a stale completion applied, and a re-run without a stall', () => {
    const twice = evidence({ runs: [...evidence().runs, { jobId: 'a', attempt: 1, pid: 3 }] });
    expect(verifyChaos(twice).violations).toEqual(['attempt ran twice: a ran attempts 1,1']);
    const e = evidence();
    e.jobs.set('b', { ...ok('b', 2), result: { attempt: 1 } });
    expect(verifyChaos(e).violations[0]).toMatch(/^stale completion applied: b/);
    const unexplained = evidence();
    unexplained.jobs.set('b', { ...ok('b', 2), stalls: 0 });
    expect(verifyChaos(unexplained).violations).toEqual(['re-run without a stall: b: attempt 2 after 0 stalls']);
  });

  it('finds missing and unexpected occurrences', () => {
    const verdict = verifyChaos(evidence({ occurrencesInWindow: ['s@2030-01-01T00:00:01.000Z'] }));
    expect(verdict.violations).toEqual([
      'occurrence missing: s@2030-01-01T00:00:00.000Z',
      'unexpected occurrence: s@2030-01-01T00:00:01.000Z',
    ]);
  });

  it('finds fencing that rejected the live attempt, or a stale outcome that never ran', () => {
    expect(verifyChaos(evidence({ staleRejected: [{ jobId: 'b', attempt: 2 }] })).violations).toEqual([
      'fencing rejected the live attempt: b attempt 2 of 2',
    ]);
    expect(verifyChaos(evidence({ staleRejected: [{ jobId: 'a', attempt: 0 }] })).violations).toEqual([
      'stale outcome without a run: a attempt 0',
    ]);
  });

  it('names one occurrence per schedule and whole second of the window', () => {
    const from = Date.UTC(2030, 0, 1, 0, 0, 0, 500);
    expect(occurrenceIds(['x', 'y'], from, from + 1500)).toEqual([
      'x@2030-01-01T00:00:01.000Z',
      'y@2030-01-01T00:00:01.000Z',
    ]);
  });
});
