import type { Logger } from 'pino';
import { JobCancelledError, JobTimeoutError, ShuttingDownError } from '../core/errors.js';
import type { Job } from '../core/job.js';
import type { Json } from '../core/json.js';
import { Sleeper } from '../core/sleeper.js';
import { Backoff } from '../core/retry-backoff.js';
import type { Store } from '../stores/store.js';
import type { Executor, ExecutorKind } from './handler.js';
import type { HandlerRegistry } from './handler-registry.js';
import { decideOutcome } from './outcome.js';
import { OutcomeBatcher } from './outcome-batcher.js';

export interface WorkerLoopOptions {
  store: Store;
  registry: HandlerRegistry;
  executorFor: (kind: ExecutorKind) => Executor;
  workerId: string;
  logger: Logger;
  /** Only this namespace; null: every namespace. */
  namespace: string | null;
  /** Per-queue concurrency for the queues this worker serves; null: every queue, sharing `concurrency`. */
  queues: Record<string, number> | null;
  concurrency: number;
  leaseMs: number;
  heartbeatMs: number;
  reapIntervalMs: number;
}

interface Running {
  job: Job;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The worker role: claim due jobs within free capacity, run each through its executor, record outcomes
 * in group-committed batches, keep leases alive with heartbeats, and abort handlers whose jobs were
 * cancelled (told early by events, for certain by the heartbeat that finds the lease gone).
 */
export class WorkerLoop {
  private readonly sleeper = new Sleeper();
  private readonly backoff = new Backoff(100, 30_000);
  private readonly running = new Map<string, Running>();
  private readonly runningByQueue = new Map<string, number>();
  private readonly outcomes: OutcomeBatcher;
  private loopDone: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private claiming = true;

  constructor(private readonly options: WorkerLoopOptions) {
    this.outcomes = new OutcomeBatcher(options.store, options.logger);
  }

  get inFlight(): number {
    return this.running.size;
  }

  start(): void {
    if (this.loopDone) return;
    this.claiming = true;
    const { heartbeatMs, reapIntervalMs } = this.options;
    this.timers.push(setInterval(() => void this.heartbeat(), heartbeatMs).unref());
    this.timers.push(setInterval(() => void this.reap(), reapIntervalMs).unref());
    void this.reap();
    this.loopDone = this.loop();
  }

  /**
   * Stops claiming, lets running attempts finish for up to `drainMs`, then aborts the rest (they go back
   * to the queue at once: a shutdown is not the job's fault), and writes every outcome before returning.
   */
  async stop(drainMs: number): Promise<void> {
    this.claiming = false;
    this.sleeper.wake();
    await this.loopDone;
    this.loopDone = null;
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), drainMs)));
    if ((await Promise.race([all(), deadline])) === 'timeout') {
      for (const r of this.running.values()) r.controller.abort(new ShuttingDownError());
      await all();
    }
    clearTimeout(timer);
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.outcomes.drain();
  }

  /** A hint: a job becomes due at `at` (or now). */
  wake(at?: number): void {
    this.sleeper.wake(at);
  }

  /** A hint that a job was cancelled, paused or deleted: abort it here if it runs here. */
  abort(jobId: string, why: string): void {
    this.running.get(jobId)?.controller.abort(new JobCancelledError(jobId, why));
  }

  private async loop(): Promise<void> {
    const { store, namespace, queues, logger } = this.options;
    while (this.claiming) {
      try {
        const full = await this.claim(Date.now());
        this.backoff.reset();
        if (full) continue;
        if (!this.claiming) break;
        if (this.freeSlots() === 0) {
          await this.sleeper.sleepUntil(Infinity); // a finishing job wakes us
          continue;
        }
        // Only jobs this worker can run: a due job for a handler it lacks must not keep it spinning.
        const next = await store.nextJobDueAt(
          namespace,
          queues ? Object.keys(queues) : null,
          this.options.registry.names(),
        );
        if (!this.claiming) break;
        await this.sleeper.sleepUntil(next ?? Infinity);
      } catch (error) {
        logger.error({ err: error }, 'claiming jobs failed; backing off');
        await this.sleeper.sleepUntil(Date.now() + this.backoff.next());
      }
    }
  }

  private freeSlots(): number {
    const { queues, concurrency } = this.options;
    if (!queues) return concurrency - this.running.size;
    let free = 0;
    for (const [queue, limit] of Object.entries(queues))
      free += Math.max(0, limit - (this.runningByQueue.get(queue) ?? 0));
    return free;
  }

  /** Claims what capacity allows; true when some acquire came back full (more may be due now). */
  private async claim(now: number): Promise<boolean> {
    const { queues, concurrency } = this.options;
    const lanes: [string[] | null, number][] = queues
      ? Object.entries(queues).map(([q, limit]) => [[q], limit - (this.runningByQueue.get(q) ?? 0)])
      : [[null, concurrency - this.running.size]];
    let full = false;
    for (const [laneQueues, free] of lanes) {
      if (free <= 0) continue;
      const limit = Math.min(free, 500);
      const { jobs } = await this.options.store.acquireJobs({
        workerId: this.options.workerId,
        namespace: this.options.namespace,
        queues: laneQueues,
        handlers: this.options.registry.names(),
        limit,
        leaseMs: this.options.leaseMs,
        now,
      });
      for (const job of jobs) this.execute(job);
      if (jobs.length === limit) full = true;
    }
    return full;
  }

  private execute(job: Job): void {
    const controller = new AbortController();
    const entry = { job, controller } as Running;
    this.running.set(job.id, entry);
    this.runningByQueue.set(job.queue, (this.runningByQueue.get(job.queue) ?? 0) + 1);
    entry.done = this.attempt(job, controller).finally(() => {
      this.running.delete(job.id);
      this.runningByQueue.set(job.queue, (this.runningByQueue.get(job.queue) ?? 1) - 1);
      this.sleeper.wake();
    });
  }

  private async attempt(job: Job, controller: AbortController): Promise<void> {
    const { registry, workerId, store, logger } = this.options;
    const registration = registry.get(job.handler);
    let timer: NodeJS.Timeout | undefined;
    if (job.timeoutMs !== null) {
      timer = setTimeout(() => controller.abort(new JobTimeoutError(job.id, job.timeoutMs!)), job.timeoutMs);
    }
    try {
      if (!registration) throw new Error(`handler "${job.handler}" is not registered in this worker`);
      const executor = this.options.executorFor(registration.executor);
      const result = await executor.run({
        job,
        handler: registration,
        signal: controller.signal,
        onProgress: (value: Json) =>
          void store
            .reportProgress({ id: job.id, attempt: job.attempt, namespace: job.namespace, workerId }, value, Date.now())
            .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'progress not recorded')),
      });
      if (controller.signal.aborted) throw controller.signal.reason;
      await this.record({
        kind: 'succeeded',
        id: job.id,
        attempt: job.attempt,
        namespace: job.namespace,
        workerId,
        result: result ?? null,
      });
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      await this.record({ ...decideOutcome(job, workerId, reason, Date.now()), namespace: job.namespace });
    } finally {
      clearTimeout(timer);
    }
  }

  private async record(outcome: Parameters<OutcomeBatcher['add']>[0]): Promise<void> {
    const result = await this.outcomes.add(outcome);
    if (!result.applied && outcome.kind !== 'aborted') {
      this.options.logger.warn({ jobId: outcome.id, attempt: outcome.attempt }, 'stale outcome rejected (lease lost)');
    }
    if (outcome.kind === 'retry') this.sleeper.wake(outcome.runAt);
  }

  private async heartbeat(): Promise<void> {
    if (this.running.size === 0) return;
    const { store, workerId, leaseMs, logger } = this.options;
    const leases = [...this.running.values()].map((r) => ({
      id: r.job.id,
      attempt: r.job.attempt,
      namespace: r.job.namespace,
    }));
    try {
      const lost = await store.extendJobLeases(workerId, leases, leaseMs, Date.now());
      for (const id of lost) this.abort(id, 'no longer leased to this worker');
    } catch (error) {
      logger.warn({ err: error }, 'heartbeat failed; leases may expire');
    }
  }

  private async reap(): Promise<void> {
    try {
      const reaped = await this.options.store.reapAbandonedJobs(Date.now(), 1000);
      if (reaped.length > 0) {
        this.options.logger.warn({ jobs: reaped.length }, 'recovered jobs whose lease expired');
        this.sleeper.wake();
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'reaping abandoned jobs failed');
    }
  }
}
