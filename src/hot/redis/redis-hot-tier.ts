import { Redis, type Cluster } from 'ioredis';
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { ChangeBatch, ChangeReceipt, ReadChangesRequest } from '../hot-changes.js';
import type {
  ClaimRequest,
  ClaimResult,
  DemotedJob,
  ExpiredLease,
  HotFinishResult,
  HotJobPatch,
  HotLeaseRef,
  HotOutcome,
  HotQueueInfo,
  HotTier,
  JobRef,
  PushJob,
  PushOptions,
  PushResult,
  QuarantinedRecord,
  QueueRef,
  RetireRef,
  RetireResult,
  WakeListener,
} from '../hot-tier.js';
import { HotTierUnavailableError } from '../hot-tier-unavailable-error.js';
import type { HotContext } from './context.js';
import { resolveHotTierOptions, type RedisHotTierOptions, type ResolvedHotTierOptions } from './options.js';
import { ackChanges, readChanges } from './ops/changes.js';
import { claim, moveDue } from './ops/claim.js';
import { cancelJob, deleteJob, demoteJob, getJobs, pauseJob, resumeJob, updateJob } from './ops/job-control.js';
import { push } from './ops/push.js';
import { nextDueAt, queueInfo, setConcurrency, setQueuePaused } from './ops/queues.js';
import { findExpiredLeases, listQuarantined, reapExpiredLeases, retire } from './ops/reconcile.js';
import { WakeSubscription } from './ops/wakeups.js';
import { extendLeases, finish, reportProgress } from './ops/worker.js';
import { KeyLayout } from './queue-keys.js';
import { QueueRegistry } from './queue-registry.js';
import { ScriptRunner, type QuarantineReport } from './script-runner.js';

/**
 * The hot tier on Redis (standalone or Cluster): the HotTier contract over one Lua script per atomic
 * operation (lua/*.lua). This class only wires: the operations live in ops/, the key layout in
 * queue-keys.ts, the record format in record-codec.ts, the change log format in change-codec.ts.
 */
export class RedisHotTier implements HotTier {
  readonly horizonMs: number;
  private readonly ctx: HotContext;
  private readonly listeners = new Set<(record: QuarantinedRecord) => void>();
  private readonly owned: Redis | null;
  private readonly subscriptions = new Set<WakeSubscription>();
  private readonly commandTimeoutMs: number;

  private constructor(redis: Redis | Cluster, owned: boolean, options: ResolvedHotTierOptions) {
    this.horizonMs = options.horizonMs;
    this.commandTimeoutMs = options.commandTimeoutMs;
    this.owned = owned ? (redis as Redis) : null;
    const layout = new KeyLayout(options.prefix);
    const report = (queue: QueueRef, reports: QuarantineReport[]): void => this.report(queue, reports, options);
    this.ctx = {
      redis,
      layout,
      scripts: new ScriptRunner(redis, report),
      registry: new QueueRegistry(redis, layout),
      horizonMs: options.horizonMs,
      moveLimit: options.moveLimit,
      scanLimit: options.scanLimit,
      fanOut: options.fanOut,
      reportQuarantine: report,
    };
  }

  /**
   * Opens the hot tier. Given a URL it opens its own connection and waits until it is ready (rejecting
   * with HotTierUnavailableError when Redis cannot be reached within the command timeout); afterwards
   * calls fail fast while Redis is away, and the connection reconnects on its own.
   */
  static async open(options: RedisHotTierOptions): Promise<RedisHotTier> {
    const resolved = resolveHotTierOptions(options);
    if (typeof options.redis !== 'string') return new RedisHotTier(options.redis, false, resolved);
    const redis = new Redis(options.redis, {
      // Fail fast instead of queueing while disconnected: callers get a typed, retryable error.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: resolved.commandTimeoutMs,
      // Commands issued in one tick go out in one write: many concurrent small calls cost one syscall.
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
      lazyConnect: true,
    });
    let lastLogged = 0;
    redis.on('error', (error: Error) => {
      // ioredis reports every failed reconnect; one line per 10 s is enough.
      if (resolved.logger && Date.now() - lastLogged > 10_000) {
        lastLogged = Date.now();
        resolved.logger.warn({ err: error }, 'hot tier: Redis connection error');
      }
    });
    try {
      await withTimeout(redis.connect(), resolved.commandTimeoutMs);
    } catch (error) {
      redis.disconnect();
      throw new HotTierUnavailableError(error);
    }
    return new RedisHotTier(redis, true, resolved);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.subscriptions.clear();
    this.ctx.registry.dispose();
    if (!this.owned) return;
    try {
      await this.owned.quit();
    } catch {
      this.owned.disconnect();
    }
  }

  onQuarantine(listener: (record: QuarantinedRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private report(queue: QueueRef, reports: QuarantineReport[], options: ResolvedHotTierOptions): void {
    const at = Date.now();
    for (const { id, reason, raw } of reports) {
      const record: QuarantinedRecord = { namespace: queue.namespace, queue: queue.queue, id, raw, reason, at };
      options.logger?.warn(
        { namespace: queue.namespace, queue: queue.queue, jobId: id, reason },
        'hot tier: quarantined a malformed record',
      );
      for (const listener of this.listeners) {
        try {
          listener(record);
        } catch {
          // A listener only learns; its failure must not fail the operation that found the record.
        }
      }
    }
  }

  push(jobs: readonly PushJob[], options: PushOptions): Promise<PushResult[]> {
    return push(this.ctx, jobs, options);
  }

  moveDue(queue: QueueRef, now: number, limit: number): Promise<number> {
    return moveDue(this.ctx, queue, now, limit);
  }

  claim(request: ClaimRequest): Promise<ClaimResult> {
    return claim(this.ctx, request);
  }

  extendLeases(workerId: string, leases: readonly HotLeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    return extendLeases(this.ctx, workerId, leases, leaseMs, now);
  }

  reportProgress(lease: HotLeaseRef, workerId: string, progress: Json, now: number): Promise<boolean> {
    return reportProgress(this.ctx, lease, workerId, progress, now);
  }

  finish(outcomes: readonly HotOutcome[], now: number): Promise<HotFinishResult[]> {
    return finish(this.ctx, outcomes, now);
  }

  async getJob(ref: JobRef, now: number): Promise<Job | null> {
    const [job] = await getJobs(this.ctx, [ref], now);
    return job ?? null;
  }

  getJobs(refs: readonly JobRef[], now: number): Promise<(Job | null)[]> {
    return getJobs(this.ctx, refs, now);
  }

  pauseJob(ref: JobRef, now: number): Promise<Job> {
    return pauseJob(this.ctx, ref, now);
  }

  resumeJob(ref: JobRef, now: number): Promise<Job> {
    return resumeJob(this.ctx, ref, now);
  }

  updateJob(ref: JobRef, patch: HotJobPatch, now: number): Promise<Job> {
    return updateJob(this.ctx, ref, patch, now);
  }

  cancelJob(ref: JobRef, now: number): Promise<Job> {
    return cancelJob(this.ctx, ref, now);
  }

  deleteJob(ref: JobRef, now: number): Promise<boolean> {
    return deleteJob(this.ctx, ref, now);
  }

  demoteJob(ref: JobRef, now: number): Promise<DemotedJob | null> {
    return demoteJob(this.ctx, ref, now);
  }

  setQueuePaused(queue: QueueRef, paused: boolean): Promise<void> {
    return setQueuePaused(this.ctx, queue, paused);
  }

  setConcurrency(queue: QueueRef, limit: number | null): Promise<void> {
    return setConcurrency(this.ctx, queue, limit);
  }

  queueInfo(queue: QueueRef): Promise<HotQueueInfo> {
    return queueInfo(this.ctx, queue);
  }

  listQueues(namespace?: string): Promise<QueueRef[]> {
    return this.ctx.registry.list(namespace);
  }

  nextDueAt(queues: readonly QueueRef[], now: number): Promise<number | null> {
    return nextDueAt(this.ctx, queues, now);
  }

  async subscribe(queues: readonly QueueRef[], listener: WakeListener): Promise<() => Promise<void>> {
    const subscription = await WakeSubscription.open(this.ctx, queues, listener, this.commandTimeoutMs);
    this.subscriptions.add(subscription);
    return async () => {
      if (this.subscriptions.delete(subscription)) await subscription.close();
    };
  }

  findExpiredLeases(now: number, limit: number, namespace?: string): Promise<ExpiredLease[]> {
    return findExpiredLeases(this.ctx, now, limit, namespace);
  }

  reapExpiredLeases(now: number, limit: number, namespace?: string): Promise<Job[]> {
    return reapExpiredLeases(this.ctx, now, limit, namespace);
  }

  listQuarantined(queue: QueueRef): Promise<QuarantinedRecord[]> {
    return listQuarantined(this.ctx, queue);
  }

  readChanges(request: ReadChangesRequest): Promise<ChangeBatch> {
    return readChanges(this.ctx, request);
  }

  ackChanges(receipt: ChangeReceipt, now: number): Promise<void> {
    return ackChanges(this.ctx, receipt, now);
  }

  retire(refs: readonly RetireRef[], now: number): Promise<RetireResult[]> {
    return retire(this.ctx, refs, now);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
