import type { NewJob } from '../core/job.js';
import type { AddJobResult, Store } from '../stores/store.js';

interface Pending {
  job: NewJob;
  resolve: (result: AddJobResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for submissions: every `enqueue` made in the same turn of the event loop is written by
 * one `addJobs` call (one transaction), and each caller is answered only after that commit — so an
 * acknowledged job is durable, and 1,000 concurrent enqueues cost one commit instead of 1,000. When
 * idle it adds no timer delay: the batch closes on the next `setImmediate`.
 */
export class EnqueueBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly maxBatch = 5000,
  ) {}

  add(job: NewJob): Promise<AddJobResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.store.addJobs(
          batch.map((p) => p.job),
          Date.now(),
        );
        batch.forEach((p, i) => {
          const result = results[i]!;
          if (result.error) p.reject(result.error);
          else p.resolve(result);
        });
      } catch (error) {
        // The batch is one transaction: nothing of it was written, and every caller hears so.
        for (const p of batch) p.reject(error);
      }
    }
  }
}
