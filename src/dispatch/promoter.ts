import type { Job } from '../core/job.js';
import type { HotTier, PushJob } from '../hot/hot-tier.js';
import type { TierRow, TieredSql } from '../stores/tiered/tiered-sql.js';

export interface PromoterOptions {
  /** Rows marked and pushed per statement. [1000] */
  batchSize?: number;
}

/**
 * Hands jobs whose runAt enters the horizon from the store to the hot tier (brief §5). Two steps: mark
 * the rows hot in one statement (SKIP LOCKED: promoters in many processes take disjoint rows), then
 * push them to Redis with the store's version as their base. A promotion interrupted between the two
 * leaves hot rows Redis lacks: the reconciler re-pushes them, and pushing is idempotent by id.
 *
 * It also keeps `nextColdAt`, the earliest runAt of a cold waiting job it knows of, so a claim can
 * promote on demand (`promoteIfDue`) for the cost of a comparison while nothing cold is due.
 */
export class Promoter {
  private readonly batchSize: number;
  /** The earliest runAt of a cold waiting job, as far as this process knows; -Infinity: unknown. */
  private nextColdAt = -Infinity;
  private scanning: Promise<number> | null = null;

  constructor(
    private readonly hot: HotTier,
    private readonly sql: TieredSql,
    options: PromoterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
  }

  get horizonMs(): number {
    return this.hot.horizonMs;
  }

  /** This process wrote (or learnt of) a cold waiting job due at `runAt`. */
  noteCold(runAt: number): void {
    if (runAt < this.nextColdAt) this.nextColdAt = runAt;
  }

  /** Promotes what is due when something cold may be (cheap otherwise). */
  async promoteIfDue(now: number): Promise<void> {
    if (now + this.hot.horizonMs >= this.nextColdAt) await this.promoteDue(now);
  }

  /**
   * Promotes every cold waiting job due by now + horizon, then learns when the next one is due.
   * Concurrent calls share one scan.
   */
  promoteDue(now: number): Promise<number> {
    this.scanning ??= this.scan(now).finally(() => (this.scanning = null));
    return this.scanning;
  }

  private async scan(now: number): Promise<number> {
    const dueBy = now + this.hot.horizonMs;
    this.nextColdAt = Infinity; // cold writes from now on lower it again
    let promoted = 0;
    try {
      for (;;) {
        const rows = await this.sql.promoteDue(dueBy, this.batchSize);
        await this.push(rows, now);
        promoted += rows.length;
        if (rows.length < this.batchSize) break;
      }
      const next = await this.sql.coldNextDue(null, null, null);
      if (next !== null) this.noteCold(next);
    } catch (error) {
      this.nextColdAt = -Infinity; // not known: check again at the next claim
      throw error;
    }
    return promoted;
  }

  /** Promotes these jobs (just written or changed) if they are cold, waiting and due within the horizon. */
  async promoteJobs(jobs: readonly Job[], now: number): Promise<void> {
    const dueBy = now + this.hot.horizonMs;
    const candidates: Job[] = [];
    for (const job of jobs) {
      if (job.state !== 'scheduled' && job.state !== 'queued') continue;
      if (job.runAt <= dueBy) candidates.push(job);
      else this.noteCold(job.runAt);
    }
    if (candidates.length === 0) return;
    const rows = await this.sql.promoteIds(dueBy, candidates);
    await this.push(rows, now);
  }

  /** Step 2: the marked rows into Redis. A final copy still awaiting its ack is retired first. */
  async push(rows: readonly TierRow[], now: number): Promise<void> {
    if (rows.length === 0) return;
    const jobs: PushJob[] = rows.map((r) => ({ ...r.job, baseVersion: r.version }));
    const results = await this.hot.push(jobs, { now, logJobs: false });
    const stale = results
      .map((result, i) => ({ result, job: jobs[i]! }))
      .filter(({ result }) => !result.created && result.job !== null && isFinalState(result.job));
    if (stale.length === 0) return;
    await this.hot.retire(
      stale.map(({ job }) => ({
        namespace: job.namespace,
        queue: job.queue,
        id: job.id,
        version: job.baseVersion ?? 0,
      })),
      now,
    );
    await this.hot.push(
      stale.map(({ job }) => job),
      { now, logJobs: false },
    );
  }
}

function isFinalState(job: Job): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
}
