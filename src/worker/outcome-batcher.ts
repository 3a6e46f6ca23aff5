import type { Logger } from 'pino';
import type { Job } from '../core/job.js';
import type { FencedOutcome, FinishResult, Store } from '../stores/store.js';
import { Backoff } from '../core/retry-backoff.js';

interface Pending {
  outcome: FencedOutcome;
  resolve: (result: FinishResult) => void;
}

/**
 * Group commit for outcomes: every outcome reported in the same turn of the event loop goes to the store
 * in one `finishJobs` call (one transaction). Under load this turns N commits into one; when idle it
 * adds no delay, because the flush runs on the next `setImmediate`, not a timer. An outcome is never
 * dropped: if the store fails, the batch is retried with back-off (meanwhile the lease may expire and
 * the job run again — at least once, and the fencing token rejects the stale write).
 *
 * A call may have been applied although its reply was lost with the connection: either the call failed
 * and our retry is fenced out by our own first write, or the client resent the command after
 * reconnecting and we only see the resend's "stale". So an outcome reported stale counts as applied
 * when the job holds exactly what it would have written (this attempt, this state, this result or
 * error) — only the holder of an attempt can write that.
 */
export class OutcomeBatcher {
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private readonly backoff = new Backoff(50, 5_000);

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly maxBatch = 1000,
  ) {}

  add(outcome: FencedOutcome): Promise<FinishResult> {
    return new Promise((resolve) => {
      this.pending.push({ outcome, resolve });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.flushing = this.flushing.then(() => this.flush());
      });
    });
  }

  /** Resolves once everything added so far is written. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.scheduled) {
      await new Promise((resolve) => setImmediate(resolve));
      await this.flushing;
    }
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      for (;;) {
        try {
          const results = await this.store.finishJobs(
            batch.map((p) => p.outcome),
            Date.now(),
          );
          this.backoff.reset();
          const byId = new Map(results.map((r) => [r.id, r]));
          for (const p of batch) {
            const result = byId.get(p.outcome.id) ?? { id: p.outcome.id, applied: false, job: null };
            p.resolve(result.applied ? result : await this.appliedBefore(p.outcome, result));
          }
          break;
        } catch (error) {
          const delay = this.backoff.next();
          this.logger.error({ err: error, batch: batch.length, retryInMs: delay }, 'recording outcomes failed');
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    }
  }

  /** Whether this stale-looking outcome is our own earlier write, its reply lost (see the class). */
  private async appliedBefore(outcome: FencedOutcome, result: FinishResult): Promise<FinishResult> {
    let job = result.job;
    if (job === null && outcome.namespace !== undefined) {
      job = await this.store.getJob(outcome.namespace, outcome.id, Date.now()).catch(() => null);
    }
    return job !== null && holdsOutcome(job, outcome) ? { ...result, applied: true, job } : result;
  }
}

/** The job is as this outcome left it: same attempt, the outcome's state and its result or error. */
export function holdsOutcome(job: Job, outcome: FencedOutcome): boolean {
  if (job.attempt !== outcome.attempt) return false;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  switch (outcome.kind) {
    case 'succeeded':
      return job.state === 'succeeded' && same(job.result, outcome.result);
    case 'failed':
      return job.state === 'failed' && same(job.error, outcome.error);
    case 'retry':
      return (
        (job.state === 'scheduled' || job.state === 'queued') &&
        job.runAt === outcome.runAt &&
        same(job.error, outcome.error)
      );
    case 'aborted':
      return job.state === 'cancelled' && same(job.error, outcome.error);
  }
}
