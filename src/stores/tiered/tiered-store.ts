import pg from 'pg';
import { newOwnerId } from '../../core/ids.js';
import { InvalidStateError, JobNotFoundError } from '../../core/errors.js';
import type { JobEvent, TickworkEvent } from '../../core/events.js';
import {
  isFinal,
  type Job,
  type JobFilter,
  type JobOutcome,
  type JobPatch,
  type NewJob,
  type Page,
  type PageRequest,
  type QueueStats,
} from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
import { hotEvent } from '../../dispatch/change-events.js';
import { Flusher } from '../../dispatch/flusher.js';
import { DispatchLoop, type LoopLogger } from '../../dispatch/loop.js';
import { Promoter } from '../../dispatch/promoter.js';
import { Reconciler } from '../../dispatch/reconciler.js';
import { NO_DISPATCH_METRICS, type DispatchMetrics } from '../../observability/metrics/dispatch-metrics.js';
import type { HotTier, JobRef, QueueRef } from '../../hot/hot-tier.js';
import { RedisHotTier } from '../../hot/redis/redis-hot-tier.js';
import { HotTierUnavailableError } from '../../hot/hot-tier-unavailable-error.js';
import { JobIsHotError } from '../postgres/job-commands.js';
import { ControlRelay } from './control-relay.js';
import { PostgresStore } from '../postgres/postgres-store.js';
import { wakesFor, type StoreWake } from '../postgres/wakeups.js';
import { createJob } from '../shared/job-records.js';
import { EventListeners } from '../shared/event-listeners.js';
import type {
  AcquireJobsRequest,
  AcquireJobsResult,
  AcquireSchedulesRequest,
  AddJobResult,
  FencedOutcome,
  FinishResult,
  LeaseRef,
  ReleaseResult,
  ScheduleRelease,
  Store,
} from '../store.js';
import { resolveTieredOptions, type ResolvedTieredOptions, type TieredStoreOptions } from './options.js';
import { QueueDirectory } from './queue-directory.js';
import { TieredSql } from './tiered-sql.js';

type ControlOp = 'update' | 'pause' | 'resume' | 'cancel' | 'retry';

/** A job this process claimed: where it lives, and the job as claimed (for progress events). */
interface Claimed {
  ref: JobRef;
  job: Job | null;
}

const OUTCOME_EVENT = {
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  retry: 'job.retried',
  aborted: 'job.cancelled',
} as const satisfies Record<JobOutcome['kind'], string>;

/**
 * The distributed mode's Store (brief §5): PostgreSQL is the system of record, Redis (the hot tier)
 * owns the live state of jobs due within the horizon. Ownership is per job and explicit (the row's
 * `hot` column): claims, heartbeats and outcomes of hot jobs are Redis steps (one script per queue
 * per batch); a person's change to a waiting hot job first hands it back to PostgreSQL (demotion),
 * where the PostgreSQL store's own rules apply, then promotes it again if it is still due soon.
 * The flusher writes Redis's change log into PostgreSQL; reads that span jobs (lists, history,
 * counts) flush first, a single job is read from its owner.
 */
export class TieredStore implements Store {
  readonly kind = 'postgres+redis';
  readonly pg: PostgresStore;
  readonly hot: HotTier;
  readonly sql: TieredSql;
  readonly promoter: Promoter;
  readonly flusher: Flusher;
  readonly options: ResolvedTieredOptions;
  private readonly listeners = new EventListeners();
  /** Wake-up hints relayed from other processes' hot-first adds. */
  private readonly wakeListeners = new Set<(wake: StoreWake) => void>();
  private readonly queues: QueueDirectory;
  private readonly claimed = new Map<string, Claimed>();
  /** The latest claim of each id, for worker calls that name a job by id alone. */
  private readonly claimedIds = new Map<string, Claimed>();
  readonly reconciler: Reconciler;
  private readonly unsubscribePg: () => void;
  private loops: DispatchLoop[] = [];
  private metrics: DispatchMetrics = NO_DISPATCH_METRICS;
  /** When the flusher last finished a pass: PostgreSQL may lag Redis by up to now minus this. */
  private lastFlushAt = Date.now();
  private relay: ControlRelay | null = null;
  private closed = false;

  private constructor(
    pgStore: PostgresStore,
    hot: HotTier,
    private readonly pool: pg.Pool,
    private readonly owned: { pool: boolean; hot: boolean },
    options: ResolvedTieredOptions,
  ) {
    this.pg = pgStore;
    this.hot = hot;
    this.options = options;
    this.sql = new TieredSql(pool, options.schema);
    this.reconciler = new Reconciler(hot, this.sql, {
      graceMs: options.repairGraceMs,
      emit: (events) => this.emit(events),
    });
    this.promoter = new Promoter(hot, this.sql, { repair: (refs, now) => this.reconciler.repair(refs, now) });
    this.flusher = new Flusher(hot, this.sql, {
      consumer: newOwnerId('flusher'),
      batchSize: options.flushBatch,
      onCold: (job) => this.promoter.noteCold(job.runAt),
    });
    this.queues = new QueueDirectory(hot);
    this.unsubscribePg = pgStore.onEvents((events) => this.listeners.emit(events));
  }

  /** Opens PostgreSQL and Redis (migrations are the caller's step, as for the PostgreSQL store). */
  static async open(options: TieredStoreOptions): Promise<TieredStore> {
    const resolved = resolveTieredOptions(options);
    const ownsPool = typeof options.postgres === 'string';
    const pool =
      typeof options.postgres === 'string'
        ? new pg.Pool({ connectionString: options.postgres, max: resolved.poolSize, application_name: 'tickwork' })
        : options.postgres;
    if (ownsPool) pool.on('error', () => {}); // a dropped idle connection; the next call opens another
    const pgStore = new PostgresStore({ pool, schema: resolved.schema });
    let hot: RedisHotTier;
    try {
      hot = await RedisHotTier.open({
        redis: options.redis,
        prefix: resolved.prefix,
        horizon: resolved.horizonMs,
        ...(options.logger ? { logger: options.logger } : {}),
      });
    } catch (error) {
      await pgStore.close();
      if (ownsPool) await pool.end();
      throw error;
    }
    const store = new TieredStore(pgStore, hot, pool, { pool: ownsPool, hot: true }, resolved);
    try {
      store.relay = await ControlRelay.open(
        options.redis,
        resolved.prefix,
        (events) => store.emit(events),
        (wakes) => store.deliverWakes(wakes),
      );
    } catch (error) {
      await store.close();
      throw new HotTierUnavailableError(error);
    }
    return store;
  }

  migrate(): Promise<void> {
    return this.pg.migrate();
  }

  /**
   * The dispatch role: the flusher (every flushInterval), the promoter (every promoteInterval) and the
   * reconciler (every reconcileInterval) run in the background until `stopDispatch()` or `close()`.
   * Each backs off while Redis or PostgreSQL is away and resumes when it returns.
   */
  startDispatch(logger: LoopLogger | null = null): void {
    if (this.loops.length > 0 || this.closed) return;
    const o = this.options;
    this.loops = [
      new DispatchLoop('flusher', o.flushIntervalMs, () => this.flushPass(), logger),
      new DispatchLoop('promoter', o.promoteIntervalMs, () => this.promotePass(), logger),
      new DispatchLoop('reconciler', o.reconcileIntervalMs, () => this.reconciler.tick(Date.now()), logger),
    ];
    for (const loop of this.loops) loop.start();
  }

  /** Where the dispatch loops report their lag and batch sizes (Prometheus in `tickwork serve`). */
  setDispatchMetrics(metrics: DispatchMetrics): void {
    this.metrics = metrics;
  }

  /** A flusher pass, measured: lag is how stale PostgreSQL may have been when it began. */
  private async flushPass(): Promise<void> {
    const started = Date.now();
    this.metrics.flusherLag(started - this.lastFlushAt);
    const result = await this.flusher.flush();
    this.lastFlushAt = Date.now();
    this.metrics.flusherBatch(result.changes);
  }

  /** A promoter pass, measured: lag is how long the due jobs it moved waited for the pass to end. */
  private async promotePass(): Promise<void> {
    const started = Date.now();
    const promoted = await this.promoter.promoteDue(started);
    this.metrics.promoterBatch(promoted);
    this.metrics.promoterLag(promoted > 0 ? Date.now() - started : 0);
  }

  async stopDispatch(): Promise<void> {
    const loops = this.loops;
    this.loops = [];
    await Promise.all(loops.map((l) => l.stop()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.stopDispatch();
    await this.relay?.close();
    this.unsubscribePg();
    await this.flusher.flush().catch(() => undefined);
    await this.pg.close();
    if (this.owned.hot) await this.hot.close();
    if (this.owned.pool) await this.pool.end();
  }

  onEvents(listener: (events: TickworkEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * Wake-up hints from every process on the schema: PostgreSQL LISTEN/NOTIFY (store-first submissions,
   * schedules, resumed and retried jobs) and the Redis relay (hot-first submissions, which PostgreSQL
   * does not see). Only hints: sleepers still wake at their cap.
   */
  onWake(listener: (wake: StoreWake) => void): () => void {
    const offPg = this.pg.onWake(listener);
    this.wakeListeners.add(listener);
    return () => {
      offPg();
      this.wakeListeners.delete(listener);
    };
  }

  private deliverWakes(wakes: StoreWake[]): void {
    for (const listener of this.wakeListeners) {
      for (const wake of wakes) {
        try {
          listener(wake);
        } catch {
          // A listener only learns; its failure must not stop the others.
        }
      }
    }
  }

  /** Events of a Redis step this process made, after the step. */
  private emit(events: TickworkEvent[]): void {
    this.listeners.emit(events);
  }

  // ── Jobs: the producer's side ─────────────────────────────────────────────────────────────────────

  async addJobs(jobs: NewJob[], now: number): Promise<AddJobResult[]> {
    if (jobs.length === 0) return [];
    if (this.options.durability === 'hot-first') return this.addHotFirst(jobs, now);
    return this.addStoreFirst(jobs, now);
  }

  private async addStoreFirst(jobs: NewJob[], now: number): Promise<AddJobResult[]> {
    const replacing = await this.prepareKeyHolders(jobs, now);
    const results = await this.pg.addJobs(jobs, now);
    // A running holder the store just cancelled (replace) still runs in Redis: void its lease there.
    for (const ref of replacing) {
      const row = await this.sql.getRow(ref.namespace, ref.id);
      if (row?.job.state !== 'cancelled') continue;
      await this.hot.cancelJob(ref, now).catch(() => undefined);
      await this.sql.transaction((tx) => this.sql.markCold(tx, [ref]));
    }
    await this.promoter.promoteJobs(
      results.filter((r) => r.created).map((r) => r.job),
      now,
    );
    this.queues.learn(jobs);
    return results;
  }

  /**
   * Keyed jobs meet their key's live holder in the store, so the holders' states must be there: flush,
   * and hand waiting hot holders back (the store's key rules then apply as they are). Returns the
   * running hot holders a `replace` may cancel.
   */
  private async prepareKeyHolders(jobs: NewJob[], now: number): Promise<JobRef[]> {
    const keyed = jobs.filter((j) => j.key !== null);
    if (keyed.length === 0) return [];
    await this.flusher.flush();
    const running: JobRef[] = [];
    for (const namespace of new Set(keyed.map((j) => j.namespace))) {
      const keys = keyed.filter((j) => j.namespace === namespace).map((j) => j.key!);
      for (const holder of await this.sql.hotKeyHolders(namespace, keys)) {
        const ref = refOf(holder.job);
        if (holder.job.state === 'running') running.push(ref);
        else await this.controlHot(ref, now, 'update').catch(() => null);
      }
    }
    return running;
  }

  /** Unkeyed, unpaused jobs due within the horizon go to Redis only; the others store-first. */
  private async addHotFirst(jobs: NewJob[], now: number): Promise<AddJobResult[]> {
    const dueBy = now + this.hot.horizonMs;
    const hotOnes: { job: NewJob; position: number }[] = [];
    const coldOnes: { job: NewJob; position: number }[] = [];
    jobs.forEach((job, position) =>
      (job.key === null && !job.paused && job.runAt <= dueBy ? hotOnes : coldOnes).push({ job, position }),
    );
    const results = new Array<AddJobResult>(jobs.length);
    if (coldOnes.length > 0) {
      const stored = await this.addStoreFirst(
        coldOnes.map((c) => c.job),
        now,
      );
      stored.forEach((r, i) => (results[coldOnes[i]!.position] = r));
    }
    const existing = await this.existingElsewhere(
      hotOnes.map((h) => h.job),
      now,
    );
    const seen = new Map<string, Job>();
    const toPush: { job: NewJob; position: number }[] = [];
    for (const entry of hotOnes) {
      const key = claimKey(entry.job.namespace, entry.job.id);
      const held = existing.get(key) ?? seen.get(key);
      if (held) results[entry.position] = { job: held, created: false };
      else {
        seen.set(key, createJob(entry.job, now));
        toPush.push(entry);
      }
    }
    hotOnes.splice(0, hotOnes.length, ...toPush);
    if (hotOnes.length > 0) {
      const pushed = await this.hot.push(
        hotOnes.map(({ job }) => createJob(job, now)),
        { now, logJobs: true },
      );
      const events: JobEvent[] = [];
      pushed.forEach((r, i) => {
        const job = r.job ?? createJob(hotOnes[i]!.job, now);
        results[hotOnes[i]!.position] = { job, created: r.created };
        if (r.created) events.push(hotEvent('job.added', job, now));
      });
      this.queues.learn(hotOnes.map((h) => h.job));
      this.emit(events);
      this.relay?.publishWakes(wakesFor(events)); // PostgreSQL has not seen these: tell other processes
    }
    return results;
  }

  /**
   * Ids are unique per namespace, but Redis dedupes per queue: a hot-first job whose id another queue
   * of its namespace holds is that job (one read of the other known queues; none with one queue).
   */
  private async existingElsewhere(jobs: NewJob[], now: number): Promise<Map<string, Job>> {
    const found = new Map<string, Job>();
    const refs: JobRef[] = [];
    for (const namespace of new Set(jobs.map((j) => j.namespace))) {
      const queues = await this.queues.list(namespace);
      for (const job of jobs) {
        if (job.namespace !== namespace) continue;
        for (const q of queues) if (q.queue !== job.queue) refs.push({ ...q, id: job.id });
      }
    }
    if (refs.length === 0) return found;
    const jobsThere = await this.hot.getJobs(refs, now);
    jobsThere.forEach((job) => {
      if (job) found.set(claimKey(job.namespace, job.id), job);
    });
    return found;
  }

  async getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    const row = await this.sql.getRow(namespace, id);
    if (row) {
      if (!row.hot) return view(row.job, now);
      const live = await this.hot.getJob({ namespace, queue: row.job.queue, id }, now);
      return live ?? view(row.job, now);
    }
    return (await this.findHot(namespace, id, now))?.job ?? null;
  }

  /** A job Redis holds that PostgreSQL does not have yet (hot-first, not flushed). */
  private async findHot(namespace: string, id: string, now: number): Promise<{ job: Job; ref: JobRef } | null> {
    for (const fresh of [false, true]) {
      const queues = await this.queues.list(namespace, fresh);
      const refs = queues.map((q) => ({ ...q, id }));
      const found = await this.hot.getJobs(refs, now);
      const i = found.findIndex((j) => j !== null);
      if (i >= 0) return { job: found[i]!, ref: refs[i]! };
    }
    return null;
  }

  async listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    await this.flusher.flush(filter.namespace);
    const result = await this.pg.listJobs(filter, page, now);
    return { ...result, items: await this.overlay(result.items, now) };
  }

  /** Live jobs as Redis has them now (leases move without changes to flush). */
  private async overlay(jobs: Job[], now: number): Promise<Job[]> {
    const live = jobs.map((j, i) => ({ j, i })).filter(({ j }) => !isFinal(j.state));
    if (live.length === 0) return jobs;
    const found = await this.hot.getJobs(
      live.map(({ j }) => ({ namespace: j.namespace, queue: j.queue, id: j.id })),
      now,
    );
    const out = [...jobs];
    live.forEach(({ i }, k) => {
      if (found[k]) out[i] = found[k];
    });
    return out;
  }

  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job> {
    return this.control(namespace, id, now, 'update', () => this.pg.updateJob(namespace, id, patch, now));
  }

  pauseJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.control(namespace, id, now, 'pause', () => this.pg.pauseJob(namespace, id, now));
  }

  resumeJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.control(namespace, id, now, 'resume', () => this.pg.resumeJob(namespace, id, now));
  }

  cancelJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.control(namespace, id, now, 'cancel', () => this.pg.cancelJob(namespace, id, now));
  }

  async retryJob(namespace: string, id: string, now: number): Promise<Job> {
    await this.flusher.flush(namespace); // a final job Redis still holds is written and handed back
    return this.control(namespace, id, now, 'retry', () => this.pg.retryJob(namespace, id, now));
  }

  /**
   * A person's change to one job. The store's copy decides who owns it: a cold job changes in
   * PostgreSQL; a waiting hot job is first handed back (demoted) and then changes there; a running hot
   * job can only be cancelled, in Redis. A promotion racing with us makes PostgreSQL refuse
   * (JobIsHotError): we look again.
   */
  private async control(namespace: string, id: string, now: number, op: ControlOp, inStore: () => Promise<Job>) {
    for (let round = 0; ; round++) {
      const row = await this.sql.getRow(namespace, id);
      if (!row) {
        const found = await this.findHot(namespace, id, now);
        if (!found) throw new JobNotFoundError(id);
        const handled = await this.controlHot(found.ref, now, op);
        if (handled) return handled;
        continue;
      }
      if (row.hot) {
        const handled = await this.controlHot({ namespace, queue: row.job.queue, id }, now, op);
        if (handled) return handled;
      }
      try {
        const job = await inStore();
        await this.promoter.promoteJobs([job], now);
        return job;
      } catch (error) {
        if (!(error instanceof JobIsHotError) || round >= 5) throw error;
      }
    }
  }

  /** A hot job: demote it (waiting), or cancel it in Redis (running). Null: now the store's; go on there. */
  private async controlHot(ref: JobRef, now: number, op: ControlOp): Promise<Job | null> {
    // Its changes so far go to the store first: their history must precede the store's own step.
    await this.flusher.flush(ref.namespace);
    try {
      const demoted = await this.hot.demoteJob(ref, now);
      if (demoted) {
        await this.sql.transaction((tx) =>
          this.sql.upsert(tx, [{ job: demoted.job, version: demoted.version, hot: false }]),
        );
      } else {
        // Redis lacks it (lost, or retired just now): what the store has is the truth.
        await this.flusher.flush(ref.namespace);
        await this.sql.transaction((tx) => this.sql.markCold(tx, [ref]));
      }
      return null;
    } catch (error) {
      if (!(error instanceof InvalidStateError)) throw error;
    }
    // Running or final in Redis.
    if (op === 'cancel') {
      const before = await this.hot.getJob(ref, now);
      const job = await this.hot.cancelJob(ref, now);
      if (before && before.state !== 'cancelled') {
        const events = [hotEvent('job.cancelled', job, now, 'cancelled')];
        this.emit(events);
        if (before.state === 'running') this.relay?.publish(events); // its worker may be elsewhere
      }
      return job;
    }
    const job = await this.hot.getJob(ref, now);
    if (job?.state === 'running') {
      if (op === 'resume') return job; // a live, unpaused job is returned unchanged
      throw new InvalidStateError(ref.id, 'running', op);
    }
    await this.flusher.flush(ref.namespace); // final: written and handed back, then the store decides
    return null;
  }

  async deleteJob(namespace: string, id: string, now: number): Promise<boolean> {
    const row = await this.sql.getRow(namespace, id);
    const ref = row ? { namespace, queue: row.job.queue, id } : (await this.findHot(namespace, id, now))?.ref;
    const before = ref && (await this.hot.getJob(ref, now));
    // The store first: once its row is gone no promotion can bring the job back to Redis.
    const inStore = row ? await this.pg.deleteJob(namespace, id, now) : false;
    const inHot = ref ? await this.hot.deleteJob(ref, now) : false;
    if (!inStore && inHot && before) this.emit([hotEvent('job.deleted', before, now)]);
    if (inHot && before?.state === 'running') this.relay?.publish([hotEvent('job.deleted', before, now)]);
    return inStore || inHot;
  }

  async listJobEvents(namespace: string, id: string): Promise<JobEvent[]> {
    await this.flusher.flush(namespace);
    return this.pg.listJobEvents(namespace, id);
  }

  // ── Jobs: the worker's side ───────────────────────────────────────────────────────────────────────

  async acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    const { now, limit } = request;
    await this.promoter.promoteIfDue(Math.max(now, request.dueBy ?? now));
    const jobs: Job[] = [];
    const misfired: Job[] = [];
    if (limit <= 0 || (request.queues !== null && request.queues.length === 0)) return { jobs, misfired };
    const queues = await this.queues.select(request.namespace, request.queues);
    for (const queue of queues) {
      if (jobs.length >= limit) break;
      const claim = await this.hot.claim({
        ...queue,
        workerId: request.workerId,
        limit: limit - jobs.length,
        leaseMs: request.leaseMs,
        now,
        handlers: request.handlers,
        ...(request.dueBy === undefined ? {} : { dueBy: request.dueBy }),
      });
      jobs.push(...claim.jobs);
      misfired.push(...claim.misfired);
    }
    // One claim per queue: put the batch in the contract's (priority, runAt) order across queues.
    if (queues.length > 1) jobs.sort((a, b) => a.priority - b.priority || a.runAt - b.runAt);
    const events: JobEvent[] = [];
    for (const job of misfired) events.push(hotEvent('job.cancelled', job, now, 'misfired'));
    for (const job of jobs) {
      const claimed = { ref: refOf(job), job };
      this.claimed.set(claimKey(job.namespace, job.id), claimed);
      this.claimedIds.set(job.id, claimed);
      events.push(hotEvent('job.started', job, now));
    }
    this.emit(events);
    return { jobs, misfired };
  }

  /** Where claimed jobs live: this process's claims, else the store's rows (the oldest when ambiguous). */
  private async locate(refs: readonly { id: string; namespace?: string }[]): Promise<(Claimed | null)[]> {
    const found = refs.map((r) =>
      r.namespace !== undefined ? (this.claimed.get(claimKey(r.namespace, r.id)) ?? null) : this.claimedById(r.id),
    );
    const missing = refs.filter((_, i) => found[i] === null).map((r) => r.id);
    if (missing.length === 0) return found;
    const rows = await this.sql.locate(missing);
    return Promise.all(
      refs.map(async (r, i) => {
        if (found[i]) return found[i];
        const row = rows.find((x) => x.id === r.id && (r.namespace === undefined || x.namespace === r.namespace));
        if (row) return { ref: { namespace: row.namespace, queue: row.queue, id: row.id }, job: null };
        // Hot-first and not flushed yet: only Redis knows it.
        const hot = r.namespace === undefined ? null : await this.findHot(r.namespace, r.id, Date.now());
        return hot ? { ref: hot.ref, job: hot.job } : null;
      }),
    );
  }

  private claimedById(id: string): Claimed | null {
    return this.claimedIds.get(id) ?? null;
  }

  private forget(ref: JobRef): void {
    const key = claimKey(ref.namespace, ref.id);
    const claimed = this.claimed.get(key);
    this.claimed.delete(key);
    if (claimed && this.claimedIds.get(ref.id) === claimed) this.claimedIds.delete(ref.id);
  }

  async extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    if (leases.length === 0) return [];
    const where = await this.locate(leases);
    const known = leases.flatMap((l, i) => (where[i] ? [{ ...where[i].ref, attempt: l.attempt }] : []));
    const lost = new Set(leases.filter((_, i) => !where[i]).map((l) => l.id));
    for (const id of await this.hot.extendLeases(workerId, known, leaseMs, now)) lost.add(id);
    return [...lost];
  }

  async reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    const [where] = await this.locate([lease]);
    if (!where) return false;
    const ok = await this.hot.reportProgress(
      { ...where.ref, attempt: lease.attempt },
      lease.workerId,
      progress as Json,
      now,
    );
    if (ok) {
      const job = where.job ?? (await this.hot.getJob(where.ref, now));
      if (job) this.emit([hotEvent('job.progress', { ...job, progress: progress as Json, updatedAt: now }, now)]);
    }
    return ok;
  }

  async finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    if (outcomes.length === 0) return [];
    const where = await this.locate(outcomes);
    const known = outcomes.flatMap((o, i) => (where[i] ? [{ o, ref: where[i].ref }] : []));
    const finished = await this.hot.finish(
      known.map(({ o, ref }) => ({ ...o, namespace: ref.namespace, queue: ref.queue })),
      now,
    );
    // The script returns each applied job as it wrote it: only rejected (stale) outcomes, rare, read
    // the job back to report its state.
    const rejected = known.flatMap(({ ref }, i) => (finished[i]!.applied ? [] : [{ ref, i }]));
    const current = new Map<number, Job | null>();
    if (rejected.length > 0) {
      const found = await this.hot.getJobs(
        rejected.map((r) => r.ref),
        now,
      );
      rejected.forEach((r, k) => current.set(r.i, found[k] ?? null));
    }
    const results = new Map<FencedOutcome, FinishResult>();
    const events: JobEvent[] = [];
    known.forEach(({ o, ref }, i) => {
      const applied = finished[i]!.applied;
      const job = applied ? finished[i]!.job : (current.get(i) ?? null);
      results.set(o, { id: o.id, applied, job });
      if (applied) {
        this.forget(ref);
        if (job) events.push(hotEvent(OUTCOME_EVENT[o.kind], job, now, o.kind === 'aborted' ? 'aborted' : null));
      }
    });
    this.emit(events);
    const out: FinishResult[] = [];
    for (const o of outcomes) {
      out.push(results.get(o) ?? { id: o.id, applied: false, job: await this.getJobAnyNamespace(o) });
    }
    return out;
  }

  private async getJobAnyNamespace(o: FencedOutcome): Promise<Job | null> {
    return o.namespace === undefined ? null : this.getJob(o.namespace, o.id, Date.now());
  }

  async reapAbandonedJobs(now: number, limit: number): Promise<Job[]> {
    const reaped = await this.hot.reapExpiredLeases(now, limit);
    const events: JobEvent[] = [];
    for (const job of reaped) {
      this.forget(refOf(job));
      events.push(hotEvent('job.stalled', job, now));
      if (job.state === 'failed') events.push(hotEvent('job.failed', job, now));
    }
    this.emit(events);
    return reaped;
  }

  async nextJobDueAt(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null = null,
  ): Promise<number | null> {
    const refs = await this.queues.select(namespace, queues);
    const hotAt = refs.length === 0 ? null : await this.hot.nextDueAt(refs, Date.now());
    if (hotAt === null) return this.sql.coldNextDue(namespace, queues, handlers);
    // Redis says "something is ready" without its runAt or handler: ask the flushed store exactly.
    await this.flusher.flush(namespace ?? undefined);
    return this.pg.nextJobDueAt(namespace, queues, handlers);
  }

  // ── Queues ────────────────────────────────────────────────────────────────────────────────────────

  async setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void> {
    await this.pg.setQueuePaused(namespace, queue, paused, now);
    await this.hot.setQueuePaused({ namespace, queue }, paused);
    this.queues.learn([{ namespace, queue }]);
  }

  async queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    await this.flusher.flush(namespace);
    return this.pg.queueStats(namespace, now);
  }

  // ── Schedules: in the store (leases there); occurrences are promoted like any job ─────────────────

  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    return this.pg.upsertSchedule(schedule, now);
  }

  getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    return this.pg.getSchedule(namespace, id);
  }

  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.pg.listSchedules(filter, page);
  }

  updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule> {
    return this.pg.updateSchedule(namespace, id, patch, now);
  }

  deleteSchedule(namespace: string, id: string, now: number): Promise<boolean> {
    return this.pg.deleteSchedule(namespace, id, now);
  }

  acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]> {
    return this.pg.acquireSchedules(request);
  }

  async releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]> {
    // cancel-previous: hot occurrences are handed back (or cancelled in Redis) before the store cancels.
    for (const release of releases) {
      for (const id of release.cancelJobIds) {
        const row = await this.sql.getRow(release.namespace, id);
        if (!row?.hot) continue;
        const ref = { namespace: release.namespace, queue: row.job.queue, id };
        await this.controlHot(ref, now, 'cancel').catch(() => null);
      }
    }
    const results = await this.pg.releaseSchedules(schedulerId, releases, now);
    const created = results.flatMap((r) => r.occurrences.filter((o) => o.created).map((o) => o.job));
    await this.promoter.promoteJobs(created, now);
    return results;
  }

  async liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>> {
    await this.flusher.flush(namespace);
    const found = await this.pg.liveOccurrences(namespace, scheduleIds, now);
    for (const [id, jobs] of found) found.set(id, await this.overlay(jobs, now));
    return found;
  }

  nextScheduleDueAt(): Promise<number | null> {
    return this.pg.nextScheduleDueAt();
  }
}

function claimKey(namespace: string, id: string): string {
  return `${namespace}\u0000${id}`;
}

function refOf(job: Job): JobRef {
  return { namespace: job.namespace, queue: job.queue, id: job.id };
}

function view(job: Job, now: number): Job {
  return job.state === 'scheduled' && job.runAt <= now ? { ...job, state: 'queued' } : job;
}

export type { QueueRef };
