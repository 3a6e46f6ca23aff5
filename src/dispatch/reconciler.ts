import type { JobEvent } from '../core/events.js';
import type { Job } from '../core/job.js';
import type { HotTier, JobRef, PushJob } from '../hot/hot-tier.js';
import type { TieredSql } from '../stores/tiered/tiered-sql.js';
import { hotEvent } from './change-events.js';

export interface ReconcilerOptions {
  /** Rows of the store checked against Redis per tick. [500] */
  pageSize?: number;
  /** Expired leases reaped per queue per tick. [1000] */
  reapLimit?: number;
  /** A hot row is repaired only when not changed for this long (a promotion or flush in flight). [10 s] */
  graceMs?: number;
  /** Events of the reaper's steps (stalls, failures), for the store's listeners. */
  emit?: (events: JobEvent[]) => void;
}

export interface ReconcileReport {
  reaped: number;
  /** Hot jobs Redis lacked, pushed again from the store. */
  repushed: number;
  /** Hot jobs Redis lacked that are no longer waiting: handed back to the store as they are. */
  handedBack: number;
}

/**
 * Compensation (brief §5): repairs what crashes leave behind.
 * - Expired leases (a crashed or stuck worker): re-queued with the stall counted, failed after the
 *   last attempt (the hot tier's reaper; one script per queue).
 * - Jobs the store thinks are hot but Redis lacks (Redis restarted without its data, or a promotion
 *   interrupted between marking and pushing): pushed again from the store's copy. The check runs with
 *   the row locked, so a flush that would hand the job back cannot interleave: either the flusher
 *   wrote first (the row is final or cold: nothing to do) or Redis still holds the job.
 * - Queue pauses the store records, re-applied to Redis (lost with its data otherwise).
 * The store's rows are walked a page per tick, so a large hot set costs each tick a bounded amount.
 * Malformed records met on the way are quarantined by the hot tier (with its event), never fatal.
 */
export class Reconciler {
  private readonly pageSize: number;
  private readonly reapLimit: number;
  private readonly graceMs: number;
  private cursor = { namespace: '', id: '' };

  constructor(
    private readonly hot: HotTier,
    private readonly sql: TieredSql,
    private readonly options: ReconcilerOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.reapLimit = options.reapLimit ?? 1000;
    this.graceMs = options.graceMs ?? 10_000;
  }

  async tick(now: number): Promise<ReconcileReport> {
    const reaped = await this.reap(now);
    for (const { namespace, queue } of await this.sql.pausedQueues()) {
      await this.hot.setQueuePaused({ namespace, queue }, true);
    }
    const { repushed, handedBack } = await this.repairPage(now);
    return { reaped, repushed, handedBack };
  }

  async reap(now: number): Promise<number> {
    const jobs = await this.hot.reapExpiredLeases(now, this.reapLimit);
    const events: JobEvent[] = [];
    for (const job of jobs) {
      events.push(hotEvent('job.stalled', job, now));
      if (job.state === 'failed') events.push(hotEvent('job.failed', job, now));
    }
    if (events.length > 0) this.options.emit?.(events);
    return jobs.length;
  }

  /** One page of hot rows checked against Redis; wraps around at the end. */
  async repairPage(now: number): Promise<{ repushed: number; handedBack: number }> {
    const rows = await this.sql.hotLivePage(this.cursor, this.pageSize);
    if (rows.length < this.pageSize) this.cursor = { namespace: '', id: '' };
    else this.cursor = { namespace: rows.at(-1)!.job.namespace, id: rows.at(-1)!.job.id };
    const settled = rows.filter((r) => r.job.updatedAt <= now - this.graceMs);
    if (settled.length === 0) return { repushed: 0, handedBack: 0 };
    const refs = settled.map((r) => refOf(r.job));
    const present = await this.hot.getJobs(refs, now);
    const missing = refs.filter((_, i) => present[i] === null);
    if (missing.length === 0) return { repushed: 0, handedBack: 0 };
    return this.repair(missing, now);
  }

  /** Re-checks each missing job under its row lock, then re-pushes or hands it back. */
  async repair(refs: readonly JobRef[], now: number): Promise<{ repushed: number; handedBack: number }> {
    return this.sql.transaction(async (tx) => {
      const rows = await this.sql.lockRows(tx, refs);
      const hotRows = rows.filter((r) => r.hot && r.job.state !== 'succeeded' && r.job.state !== 'failed');
      const again = await this.hot.getJobs(
        hotRows.map((r) => refOf(r.job)),
        now,
      );
      const lost = hotRows.filter((_, i) => again[i] === null);
      const waiting = lost.filter((r) => r.job.state === 'scheduled' || r.job.state === 'queued');
      // A running copy died with Redis: the attempt is lost like a crashed worker's; run it again.
      const interrupted = lost.filter((r) => r.job.state === 'running');
      const rest = lost.filter((r) => !waiting.includes(r) && !interrupted.includes(r));
      const push: PushJob[] = [
        ...waiting.map((r) => ({ ...r.job, baseVersion: r.version })),
        ...interrupted.map((r) => ({ ...requeued(r.job, now), baseVersion: r.version })),
      ];
      const results = push.length > 0 ? await this.hot.push(push, { now, logJobs: false }) : [];
      const refused = push.filter((_, i) => results[i]?.refused !== undefined);
      await this.sql.markCold(
        tx,
        [...rest, ...refused.map((job) => ({ job }))].map((r) => refOf(r.job)),
      );
      return { repushed: push.length - refused.length, handedBack: rest.length + refused.length };
    });
  }
}

function refOf(job: Job): JobRef {
  return { namespace: job.namespace, queue: job.queue, id: job.id };
}

function requeued(job: Job, now: number): Job {
  return {
    ...job,
    state: job.runAt > now ? 'scheduled' : 'queued',
    leaseOwner: null,
    leaseUntil: null,
    stalls: job.stalls + 1,
    updatedAt: now,
  };
}
