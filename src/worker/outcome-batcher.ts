import type { Logger } from 'pino';
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
            p.resolve(byId.get(p.outcome.id) ?? { id: p.outcome.id, applied: false, job: null });
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
}
