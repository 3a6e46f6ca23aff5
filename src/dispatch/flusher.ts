import type { JobEvent } from '../core/events.js';
import type { Job } from '../core/job.js';
import type { ChangeReceipt, HotChange } from '../hot/hot-changes.js';
import type { HotTier } from '../hot/hot-tier.js';
import { eventColumns } from '../stores/postgres/job-arrays.js';
import type { JobWrite, TieredSql, TierRow } from '../stores/tiered/tiered-sql.js';
import { applyChange, historyEvent } from './change-events.js';

export interface FlusherOptions {
  /** This flusher's stable consumer name: its unacked entries come back to it after a failure. */
  consumer: string;
  /** Log entries read per queue per batch (the "N" of "N changes or T ms"). [500] */
  batchSize?: number;
  /** Take over entries another flusher left unacked this long (it crashed). [30 s] */
  reclaimIdleMs?: number;
  /** Told of jobs handed back to the store cold and waiting (retired beyond the horizon). */
  onCold?: (job: Job) => void;
  /**
   * How long changes of a job the store lacks, read without its `job.added`, are left unacked waiting
   * for that entry (pending with another flusher, maybe one that died). [2 × reclaimIdleMs]
   */
  holdMs?: number;
}

/** What one applied batch did. */
export interface FlushResult {
  changes: number;
  jobs: number;
}

/**
 * Drains the hot tier's change log into the store (brief §5): reads a batch of change records, writes
 * in ONE transaction the newest state of each job whose row the hot tier owns (or lacks: hot-first
 * jobs) together with the history rows of the changes newer than the row's version, then acks — which
 * retires the jobs the batch finished. Redelivered or reordered changes are harmless (versions), and a
 * crash between commit and ack only redelivers. Rows the store owns (cold) ignore leftover changes.
 *
 * Several flushers share the log, so a job's `job.added` (the only change with its payload, hot-first)
 * may be pending with one flusher while another reads the job's later changes. Those cannot be applied
 * (no row, no body) and must not retire the job from Redis: their entries stay unacked (redelivered to
 * this flusher) and the job stays, until the `job.added` is written or `holdMs` has passed.
 *
 * `flush()` is serialised: the loop and the reads that flush first (listJobs, history) never apply the
 * same batch twice at once.
 */
export class Flusher {
  private readonly batchSize: number;
  private readonly reclaimIdleMs: number;
  private readonly holdMs: number;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hot: HotTier,
    private readonly sql: TieredSql,
    private readonly options: FlusherOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.reclaimIdleMs = options.reclaimIdleMs ?? 30_000;
    this.holdMs = options.holdMs ?? 2 * this.reclaimIdleMs;
  }

  /** Drains until the log is empty (at most `maxBatches` batches); serialised with other flushes. */
  flush(namespace?: string, maxBatches = 100): Promise<FlushResult> {
    const next = this.running.then(
      () => this.drain(namespace, maxBatches),
      () => this.drain(namespace, maxBatches),
    );
    this.running = next.catch(() => undefined);
    return next;
  }

  private async drain(namespace: string | undefined, maxBatches: number): Promise<FlushResult> {
    const total: FlushResult = { changes: 0, jobs: 0 };
    for (let i = 0; i < maxBatches; i++) {
      const done = await this.flushBatch(namespace);
      total.changes += done.changes;
      total.jobs += done.jobs;
      if (done.changes === 0 || !done.progress) break;
    }
    return total;
  }

  private async flushBatch(namespace: string | undefined): Promise<FlushResult & { progress: boolean }> {
    const batch = await this.hot.readChanges({
      consumer: this.options.consumer,
      limit: this.batchSize,
      reclaimIdleMs: this.reclaimIdleMs,
      ...(namespace === undefined ? {} : { namespace }),
    });
    if (batch.receipt.entries.length === 0) return { changes: 0, jobs: 0, progress: false };
    const { count, unbased } = await this.apply(batch.changes);
    const now = Date.now();
    const receipt = this.withoutHeld(batch.receipt, batch.changes, unbased, now);
    if (receipt.entries.length > 0) await this.hot.ackChanges(receipt, now);
    return { changes: batch.changes.length, jobs: count, progress: receipt.entries.length > 0 };
  }

  /**
   * The receipt minus what waits for a `job.added` (see the class comment): the young entries holding
   * changes of `unbased` jobs stay unacked, and those jobs are not retired.
   */
  private withoutHeld(
    receipt: ChangeReceipt,
    changes: readonly HotChange[],
    unbased: ReadonlySet<string>,
    now: number,
  ): ChangeReceipt {
    if (unbased.size === 0) return receipt;
    const heldEntries = new Set<string>();
    const heldJobs = new Set<string>();
    for (const change of changes) {
      const key = `${change.namespace}\u0000${change.jobId}`;
      if (!unbased.has(key) || change.entry === undefined) continue;
      if (entryTime(change.entry) < now - this.holdMs) continue; // waited long enough: let it go
      heldEntries.add(`${change.namespace}\u0000${change.queue}\u0000${change.entry}`);
      heldJobs.add(key);
    }
    if (heldEntries.size === 0) return receipt;
    const entries = receipt.entries
      .map((e) => ({
        ...e,
        ids: e.ids.filter((id) => !heldEntries.has(`${e.namespace}\u0000${e.queue}\u0000${id}`)),
        retire: e.retire.filter((r) => !heldJobs.has(`${e.namespace}\u0000${r.id}`)),
      }))
      .filter((e) => e.ids.length > 0);
    return { entries };
  }

  /**
   * Writes the batch in one transaction; returns how many jobs it wrote or deleted, and the jobs it
   * could not apply: no row and no `job.added` body among their changes.
   */
  private async apply(changes: readonly HotChange[]): Promise<{ count: number; unbased: Set<string> }> {
    const unbased = new Set<string>();
    if (changes.length === 0) return { count: 0, unbased };
    const byJob = new Map<string, HotChange[]>();
    for (const change of changes) {
      const key = `${change.namespace}\u0000${change.jobId}`;
      const list = byJob.get(key);
      if (list) list.push(change);
      else byJob.set(key, [change]);
    }
    const refs = [...byJob.values()].map((list) => ({ namespace: list[0]!.namespace, id: list[0]!.jobId }));
    const cold: Job[] = [];
    const count = await this.sql.transaction(async (tx) => {
      const rows = new Map(
        (await this.sql.lockRows(tx, refs)).map((r): [string, TierRow] => [`${r.job.namespace}\u0000${r.job.id}`, r]),
      );
      const writes: JobWrite[] = [];
      const deletes: { namespace: string; id: string }[] = [];
      const events: JobEvent[] = [];
      for (const [key, list] of byJob) {
        const row = rows.get(key);
        if (row && !row.hot) continue; // the store owns it: these are leftovers of an earlier stint
        const fresh = list.filter((c) => c.version > (row?.version ?? 0));
        if (fresh.length === 0) continue;
        let job: Job | null = row?.job ?? null;
        let deleted = false;
        const eventCount = events.length;
        for (const change of fresh) {
          if (change.type === 'job.deleted') {
            deleted = true;
            continue;
          }
          const base = job ?? change.job;
          if (!base) continue; // no row and no body (yet): see below
          const next = applyChange(base, change);
          const event = historyEvent(change, job, next);
          if (event) events.push(event);
          job = next;
          deleted = false;
        }
        // Changes without a row or a body: its job.added is with another flusher (or the job was
        // deleted from the store meanwhile).
        if (job === null && !deleted) unbased.add(key);
        const last = fresh[fresh.length - 1]!;
        if (deleted) {
          // Gone: its row and history go, and none of this batch's history rows for it are written.
          if (row) deletes.push({ namespace: last.namespace, id: last.jobId });
          events.length = eventCount;
        } else if (job) {
          writes.push({ job, version: last.version, hot: !last.retirable });
          if (last.retirable && (job.state === 'scheduled' || job.state === 'paused')) cold.push(job);
        }
      }
      await this.sql.upsert(tx, writes);
      await this.sql.deleteRows(tx, deletes);
      if (events.length > 0) await tx.run('insert-events', eventColumns(events));
      return writes.length + deletes.length;
    });
    for (const job of cold) this.options.onCold?.(job);
    return { count, unbased };
  }
}

/** A stream entry id's time: `<ms>-<seq>`. */
function entryTime(entry: string): number {
  return Number(entry.slice(0, entry.indexOf('-')));
}
