import { StoreUnavailableError } from '../core/errors.js';
import type { Job } from '../core/job.js';
import type { HotTier, JobRef, PushJob } from '../hot/hot-tier.js';
import type { TierRow, TieredSql } from '../stores/tiered/tiered-sql.js';

export interface PromoterOptions {
  /** Rows marked and pushed per statement. [1000] */
  batchSize?: number;
  /**
   * Pushes again the hot rows of these jobs that Redis lacks, deciding under their row locks (the
   * reconciler's repair). Used for rows this process marked hot while the push failed.
   */
  repair?: (refs: readonly JobRef[], now: number) => Promise<unknown>;
}

/**
 * Hands jobs whose runAt enters the horizon from the store to the hot tier (brief §5). Two steps: mark
 * the rows hot in one statement (SKIP LOCKED: promoters in many processes take disjoint rows), then
 * push them to Redis with the store's version as their base. A promotion interrupted between the two
 * leaves hot rows Redis lacks: the reconciler re-pushes them, and pushing is idempotent by id.
 *
 * A push that fails (Redis away) leaves its rows marked hot: this process remembers them and has them
 * repaired — re-checked under their row locks and pushed if Redis still lacks them — before its next
 * promotion (every claim asks for one), so a Redis outage delays them by no more than the outage. If
 * the process dies first, the reconciler finds them on its walk over hot rows.
 *
 * It also keeps `nextColdAt`, the earliest runAt of a cold waiting job it knows of, so a claim can
 * promote on demand (`promoteIfDue`) for the cost of a comparison while nothing cold is due.
 */
export class Promoter {
  private readonly batchSize: number;
  /** The earliest runAt of a cold waiting job, as far as this process knows; -Infinity: unknown. */
  private nextColdAt = -Infinity;
  private scanning: Promise<number> | null = null;
  /** Jobs this process marked hot whose push failed: repaired before the next promotion. */
  private readonly unpushed = new Map<string, JobRef>();

  constructor(
    private readonly hot: HotTier,
    private readonly sql: TieredSql,
    private readonly options: PromoterOptions = {},
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
    // A repair that fails again (Redis still away) stays pending; it must not fail the claim asking.
    if (this.unpushed.size > 0) await this.repairUnpushed(now).catch(() => undefined);
    if (now + this.hot.horizonMs >= this.nextColdAt) await this.promoteDue(now);
  }

  /** How many marked-but-unpushed jobs this process still has to repair. */
  get pendingRepairs(): number {
    return this.unpushed.size;
  }

  /** Repairs the rows whose push failed (see the class comment); they stay pending if this fails too. */
  async repairUnpushed(now: number): Promise<void> {
    const refs = [...this.unpushed.values()];
    if (refs.length === 0 || !this.options.repair) return;
    await this.options.repair(refs, now);
    for (const ref of refs) {
      const key = refKey(ref);
      if (this.unpushed.get(key) === ref) this.unpushed.delete(key);
    }
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
      await this.repairUnpushed(now);
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

  /**
   * Promotes these jobs (just written or changed) if they are cold, waiting and due within the horizon.
   * The store has committed them already (they are acknowledged): a promotion that fails because Redis
   * or PostgreSQL is away does not fail the caller; the jobs are promoted or repaired later.
   */
  async promoteJobs(jobs: readonly Job[], now: number): Promise<void> {
    try {
      await this.promoteNow(jobs, now);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.nextColdAt = -Infinity; // those left cold: the next claim scans for them
    }
  }

  private async promoteNow(jobs: readonly Job[], now: number): Promise<void> {
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
    try {
      await this.pushRows(rows, now);
    } catch (error) {
      // Marked hot, maybe not in Redis: repaired (under the row locks) before the next promotion.
      for (const { job } of rows) {
        const ref = { namespace: job.namespace, queue: job.queue, id: job.id };
        this.unpushed.set(refKey(ref), ref);
      }
      throw error;
    }
  }

  private async pushRows(rows: readonly TierRow[], now: number): Promise<void> {
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

function refKey(ref: JobRef): string {
  return `${ref.namespace}\u0000${ref.id}`;
}

function isFinalState(job: Job): boolean {
  return job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
}
