import type { JobTracer } from '../core/job-tracer.js';
import type { Logger } from 'pino';
import { JobCancelledError, JobTimeoutError, ShuttingDownError } from '../core/errors.js';
import type { Job } from '../core/job.js';
import type { Json } from '../core/json.js';
import { Sleeper } from '../core/sleeper.js';
import { Backoff } from '../core/retry-backoff.js';
import type { Store } from '../stores/store.js';
import type { Executor, ExecutorKind } from './handler.js';
import { type HeldJob, WaitingJobs } from './held-jobs.js';
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
  /** Claim jobs due within this window ahead and start each at its runAt from a timer; 0: due jobs only. */
  prefetchMs: number;
  /** Wraps each attempt in a span (src/observability/tracing). [none] */
  tracer?: JobTracer | null;
}

/** A worker holds at most this many times its concurrency: running, plus claimed and waiting. */
const HOLD_FACTOR = 2;
/** The largest single claim. */
const MAX_CLAIM = 500;
/** While only future jobs are ahead, claims are at least this far apart (batching them). */
const MIN_CLAIM_GAP_MS = 5;
/** The lane of a worker that serves every queue with one concurrency. */
const ALL_QUEUES = '\u0000all';

/**
 * The worker role: claim due jobs within free capacity, run each through its executor, record outcomes
 * in group-committed batches, keep leases alive with heartbeats, and abort handlers whose jobs were
 * cancelled (told early by events, for certain by the heartbeat that finds the lease gone).
 *
 * Prefetch: a claim also takes jobs due within `prefetchMs`, and a job taken ahead (or due while every
 * slot is busy) waits here, leased, until its runAt and a free slot. So the store's cost is paid before
 * the fire time, and a job starts on an in-memory timer, not behind a claim. A worker holds at most
 * HOLD_FACTOR × its concurrency; what it holds but has not started goes back to the queue on stop.
 */
export class WorkerLoop {
  private readonly sleeper = new Sleeper();
  private readonly backoff = new Backoff(100, 30_000);
  /** Every job this worker leases, waiting or running. */
  private readonly held = new Map<string, HeldJob>();
  private readonly waiting = new WaitingJobs();
  private readonly heldByLane = new Map<string, number>();
  private readonly runningByLane = new Map<string, number>();
  /** Handlers running now (every lane). */
  private runningNow = 0;
  /** Jobs whose handler is done and whose outcome is being written: they hold no slot, only a lease. */
  private recording = 0;
  private readonly outcomes: OutcomeBatcher;
  private loopDone: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private claiming = true;
  private startTimer: NodeJS.Timeout | null = null;
  private startTimerAt = Infinity;
  private pumpQueued = false;
  private lastClaimAt = 0;

  constructor(private readonly options: WorkerLoopOptions) {
    this.outcomes = new OutcomeBatcher(options.store, options.logger);
  }

  /** When it was made (for status pages). */
  readonly since = Date.now();

  get workerId(): string {
    return this.options.workerId;
  }

  /** Attempts running now (held jobs waiting for their start time not counted). */
  get running(): number {
    return this.runningNow;
  }

  /** Jobs leased by this worker: running, claimed and waiting to start, or whose outcome is being written. */
  get inFlight(): number {
    return this.held.size;
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
    this.clearStartTimer();
    // Held but not started: back to the queue now, for another worker.
    for (const held of this.waiting.drain()) {
      held.controller.abort(new ShuttingDownError());
      this.settle(held, false);
    }
    const all = () => Promise.all([...this.held.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), drainMs)));
    if ((await Promise.race([all(), deadline])) === 'timeout') {
      for (const r of this.held.values()) r.controller.abort(new ShuttingDownError());
      await all();
    }
    clearTimeout(timer);
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.outcomes.drain();
  }

  /** A hint: a job becomes due at `at` (or now). */
  wake(at?: number): void {
    this.sleeper.wake(at === undefined ? undefined : at - this.options.prefetchMs);
  }

  /** A hint that a job was cancelled, paused or deleted: abort it here if this worker holds it. */
  abort(jobId: string, why: string): void {
    const held = this.held.get(jobId);
    if (!held) return;
    held.controller.abort(new JobCancelledError(jobId, why));
    // Not started yet: record the abort now rather than at its start time.
    if (this.waiting.remove(held)) this.settle(held, false);
  }

  private async loop(): Promise<void> {
    const { store, namespace, queues, logger } = this.options;
    while (this.claiming) {
      try {
        const full = await this.claim(Date.now());
        this.backoff.reset();
        if (full) continue;
        if (!this.claiming) break;
        const open = this.lanesWithRoom();
        if (open.length === 0) {
          await this.sleeper.sleepUntil(Infinity); // a finishing job wakes us
          continue;
        }
        // Only jobs this worker can take: a due job for a handler it lacks, or in a queue it holds its
        // fill of, must not keep it spinning.
        const next = await store.nextJobDueAt(namespace, queues ? open : null, this.options.registry.names());
        if (!this.claiming) break;
        await this.sleeper.sleepUntil(this.nextClaimAt(next));
      } catch (error) {
        logger.error({ err: error }, 'claiming jobs failed; backing off');
        await this.sleeper.sleepUntil(Date.now() + this.backoff.next());
      }
    }
  }

  /** When to claim next, given the earliest claimable runAt: prefetchMs before it, batching future jobs. */
  private nextClaimAt(next: number | null): number {
    if (next === null) return Infinity;
    const now = Date.now();
    if (next <= now) return now;
    return Math.min(next, Math.max(next - this.options.prefetchMs, this.lastClaimAt + MIN_CLAIM_GAP_MS));
  }

  private laneOf(job: Job): string {
    return this.options.queues ? job.queue : ALL_QUEUES;
  }

  private limitOf(lane: string): number {
    const { queues, concurrency } = this.options;
    return queues ? (queues[lane] ?? 0) : concurrency;
  }

  /** The lanes (queues, or all of them as one) whose hold is not full. */
  private lanesWithRoom(): string[] {
    const lanes = this.options.queues ? Object.keys(this.options.queues) : [ALL_QUEUES];
    // Outcomes not yet written (the store is slow or away) stop claims past this many.
    const total = lanes.reduce((sum, lane) => sum + this.limitOf(lane), 0);
    if (this.recording >= HOLD_FACTOR * total) return [];
    return lanes.filter((lane) => (this.heldByLane.get(lane) ?? 0) < HOLD_FACTOR * this.limitOf(lane));
  }

  /** Claims what the hold allows; true when some acquire came back full (more may be due now). */
  private async claim(now: number): Promise<boolean> {
    const { store, registry, workerId, namespace, leaseMs, prefetchMs } = this.options;
    this.lastClaimAt = now;
    let full = false;
    for (const lane of this.lanesWithRoom()) {
      const room = HOLD_FACTOR * this.limitOf(lane) - (this.heldByLane.get(lane) ?? 0);
      const limit = Math.min(room, MAX_CLAIM);
      const { jobs } = await store.acquireJobs({
        workerId,
        namespace,
        queues: lane === ALL_QUEUES ? null : [lane],
        handlers: registry.names(),
        limit,
        leaseMs,
        now,
        dueBy: now + prefetchMs,
      });
      for (const job of jobs) this.hold(job);
      if (jobs.length === limit) full = true;
    }
    this.pump();
    return full;
  }

  private hold(job: Job): void {
    // Paid here, at the claim, rather than at the start time: Node builds a controller's signal on
    // first access, and the handler's context would otherwise copy the job to freeze it.
    const controller = new AbortController();
    void controller.signal;
    Object.freeze(job);
    const held: HeldJob = { job, controller, done: null, superseded: false };
    // An older attempt of this job still winding down here (cancelled, then retried and claimed again
    // by this same worker): its lease is gone, and its outcome could carry the new attempt's number
    // (a retry restarts the count), so it must not be written.
    const stale = this.held.get(job.id);
    if (stale) stale.superseded = true;
    this.held.set(job.id, held);
    const lane = this.laneOf(job);
    this.heldByLane.set(lane, (this.heldByLane.get(lane) ?? 0) + 1);
    this.waiting.add(held);
  }

  /** Starts the waiting jobs that are due and have a free slot; arms the timer for the next one. */
  private pump(): void {
    this.pumpQueued = false;
    const { queues, concurrency } = this.options;
    const { due, nextAt } = this.waiting.takeDue(Date.now(), (held) => {
      if (!queues && this.runningNow >= concurrency) return 'stop';
      const lane = this.laneOf(held.job);
      const running = this.runningByLane.get(lane) ?? 0;
      if (running >= this.limitOf(lane)) return 'skip';
      this.runningByLane.set(lane, running + 1);
      this.runningNow++;
      return 'take';
    });
    for (const held of due) this.settle(held, true);
    this.armStartTimer(nextAt);
  }

  /** Pumps once after the current burst of finishes, not once per finish. */
  private requestPump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => this.pump());
  }

  private armStartTimer(at: number): void {
    if (at === Infinity || at >= this.startTimerAt) return;
    this.clearStartTimer();
    this.startTimerAt = at;
    this.startTimer = setTimeout(
      () => {
        this.startTimer = null;
        this.startTimerAt = Infinity;
        this.pump();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    this.startTimerAt = Infinity;
  }

  /**
   * Runs the attempt (counted: it took a running slot) or records why it did not start (its signal is
   * already aborted), then lets the job go. Its slot (running and held) is freed as soon as the handler
   * is done, before the outcome is written: the next jobs start and the next claim goes out while the
   * outcome batch is in flight, instead of waiting for it in lock-step. The job stays in `held` (its
   * lease is heartbeated, a re-claim marks it superseded) until its outcome is written.
   */
  private settle(held: HeldJob, counted: boolean): void {
    const { job } = held;
    const lane = this.laneOf(job);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.heldByLane.set(lane, (this.heldByLane.get(lane) ?? 1) - 1);
      if (counted) {
        this.runningByLane.set(lane, (this.runningByLane.get(lane) ?? 1) - 1);
        this.runningNow--;
      }
      this.recording++;
      this.requestPump();
      this.sleeper.wake();
    };
    held.done = this.attempt(held, release).finally(() => {
      release();
      this.recording--;
      if (this.held.get(job.id) === held) this.held.delete(job.id);
      this.sleeper.wake();
    });
  }

  private async attempt(held: HeldJob, release: () => void): Promise<void> {
    const { job, controller } = held;
    const { registry, workerId, store, logger } = this.options;
    const registration = registry.get(job.handler);
    let timer: NodeJS.Timeout | undefined;
    if (job.timeoutMs !== null) {
      timer = setTimeout(() => controller.abort(new JobTimeoutError(job.id, job.timeoutMs!)), job.timeoutMs);
    }
    try {
      controller.signal.throwIfAborted();
      if (!registration) throw new Error(`handler "${job.handler}" is not registered in this worker`);
      const executor = this.options.executorFor(registration.executor);
      const run = () =>
        executor.run({
          job,
          handler: registration,
          signal: controller.signal,
          onProgress: (value: Json) =>
            void store
              .reportProgress(
                { id: job.id, attempt: job.attempt, namespace: job.namespace, workerId },
                value,
                Date.now(),
              )
              .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'progress not recorded')),
        });
      const { tracer } = this.options;
      const result = await (tracer ? tracer.runAttempt(job, run) : run());
      if (controller.signal.aborted) throw controller.signal.reason;
      release();
      await this.record(held, {
        kind: 'succeeded',
        id: job.id,
        attempt: job.attempt,
        namespace: job.namespace,
        workerId,
        result: result ?? null,
      });
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      release();
      await this.record(held, { ...decideOutcome(job, workerId, reason, Date.now()), namespace: job.namespace });
    } finally {
      clearTimeout(timer);
    }
  }

  private async record(held: HeldJob, outcome: Parameters<OutcomeBatcher['add']>[0]): Promise<void> {
    if (held.superseded) return;
    const result = await this.outcomes.add(outcome);
    if (!result.applied && outcome.kind !== 'aborted') {
      this.options.logger.warn({ jobId: outcome.id, attempt: outcome.attempt }, 'stale outcome rejected (lease lost)');
    }
    if (outcome.kind === 'retry') this.sleeper.wake(outcome.runAt);
  }

  private async heartbeat(): Promise<void> {
    if (this.held.size === 0) return;
    const { store, workerId, leaseMs, logger } = this.options;
    const leases = [...this.held.values()].map((r) => ({
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
