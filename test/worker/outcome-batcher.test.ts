/**
 * An outcome whose store call failed after the store applied it (the reply lost with the connection):
 * the batcher's retry is fenced out by that first write, and must count as applied, not as a stale
 * outcome (which the chaos test reads as "fencing rejected the live attempt").
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import type { NewJob } from '../../src/core/job.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import type { FencedOutcome, FinishResult } from '../../src/stores/store.js';
import { OutcomeBatcher } from '../../src/worker/outcome-batcher.js';

const T0 = Date.UTC(2031, 0, 1);

function newJob(id: string): NewJob {
  return {
    id,
    namespace: 'default',
    queue: 'default',
    handler: 'h',
    payload: null,
    priority: 0,
    runAt: T0,
    maxAttempts: 3,
    backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
  };
}

/** The real store, whose first finishJobs applies and then fails as a lost reply would. */
class LostReplyStore extends MemoryStore {
  lose = 1;
  /** Instead of failing, the client resends the command after reconnecting: the caller sees its reply. */
  resend = false;
  override async finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    const results = await super.finishJobs(outcomes, now);
    if (this.lose-- > 0) {
      if (this.resend) return super.finishJobs(outcomes, now);
      throw new StoreUnavailableError('memory', new Error('connection lost after the write'));
    }
    return results;
  }
}

describe('OutcomeBatcher after a lost reply', () => {
  it('counts its own earlier write as applied, and a real stale outcome still as stale', async () => {
    const store = new LostReplyStore();
    await store.addJobs([newJob('a'), newJob('b')], T0);
    const { jobs } = await store.acquireJobs({
      workerId: 'w',
      namespace: 'default',
      queues: null,
      handlers: null,
      limit: 2,
      leaseMs: 60_000,
      now: T0,
    });
    expect(jobs).toHaveLength(2);
    const batcher = new OutcomeBatcher(store, pino({ level: 'silent' }));
    const ok = (id: string, attempt: number, by = 'w'): FencedOutcome => ({
      kind: 'succeeded',
      id,
      attempt,
      workerId: 'w',
      result: { by, attempt },
      namespace: 'default',
    });
    const [a, b] = await Promise.all([batcher.add(ok('a', 1)), batcher.add(ok('b', 1))]);
    expect(a).toMatchObject({ applied: true, job: { state: 'succeeded', attempt: 1 } });
    expect(b).toMatchObject({ applied: true, job: { state: 'succeeded', attempt: 1 } });
    // An outcome that differs from what the job holds (another result) is someone else's: stale.
    store.lose = 1;
    const other = await batcher.add(ok('a', 1, 'someone else'));
    expect(other.applied).toBe(false);
    // The command resent after a reconnect: its first run applied, the caller sees the resend's "stale".
    await store.addJobs([newJob('c')], T0);
    const [c] = (
      await store.acquireJobs({
        workerId: 'w',
        namespace: 'default',
        queues: null,
        handlers: null,
        limit: 1,
        leaseMs: 60_000,
        now: T0,
      })
    ).jobs;
    expect(c?.id).toBe('c');
    store.lose = 1;
    store.resend = true;
    expect(await batcher.add(ok('c', 1))).toMatchObject({ applied: true, job: { state: 'succeeded' } });
  });
});
