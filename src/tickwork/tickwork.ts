import type { JobTracer } from '../core/job-tracer.js';
import { pino, type Logger } from 'pino';
import { isJobEvent, type TickworkEvent } from '../core/events.js';
import { newOwnerId } from '../core/ids.js';
import { EventBus, type EventFilter, type Subscription } from '../events/event-bus.js';
import { SchedulerLoop } from '../scheduler/scheduler-loop.js';
import { openStore } from '../stores/open-store.js';
import { hasWakeups, type StoreWake } from '../stores/postgres/wakeups.js';
import type { Store } from '../stores/store.js';
import { createExecutor } from '../worker/executors/index.js';
import type { Executor, ExecutorKind, Handler, ModuleHandler } from '../worker/handler.js';
import { HandlerRegistry, type HandlerDefinition } from '../worker/handler-registry.js';
import { WorkerLoop } from '../worker/worker-loop.js';
import { EnqueueBatcher } from './enqueue-batcher.js';
import { Jobs } from './jobs.js';
import { resolveConfig, type ResolvedConfig, type Role, type TickworkOptions } from './options.js';
import { Schedules } from './schedules.js';
import type { QueueStats } from '../core/job.js';

/** A store with background dispatch loops (the tiered store's promoter, flusher, reconciler). */
interface DispatchCapable {
  startDispatch(logger: { warn(object: Record<string, unknown>, message: string): void }): void;
  stopDispatch(): Promise<void>;
}

function hasDispatch(store: Store): store is Store & DispatchCapable {
  const s = store as Partial<DispatchCapable>;
  return typeof s.startDispatch === 'function' && typeof s.stopDispatch === 'function';
}

/**
 * One tickwork instance: the composition root of the library. It owns (or borrows) a store, and runs
 * the scheduler and worker roles in this process. In background mode `start()` returns at once (inside
 * a web app); in blocking mode `run()` keeps the process alive until SIGINT or SIGTERM, then drains.
 *
 * @example
 * const tw = await Tickwork.open({ store: './tickwork.db' });
 * tw.handle('orders.cancel-if-unpaid', async ({ orderId }) => cancelIfUnpaid(orderId));
 * await tw.jobs.enqueue('orders.cancel-if-unpaid', { orderId: 42 }, { delay: '30m', key: 'order:42' });
 * tw.start();
 */
export class Tickwork {
  readonly jobs: Jobs;
  readonly schedules: Schedules;
  readonly logger: Logger;
  readonly config: ResolvedConfig;
  private readonly bus: EventBus;
  private readonly tracer: JobTracer | null;
  private readonly registry = new HandlerRegistry();
  private readonly executors = new Map<ExecutorKind, Executor>();
  private readonly unsubscribeStore: () => void;
  /** Claimers outside this instance's worker loop (remote worker sessions) that want the same hints. */
  private readonly wakeListeners = new Set<() => void>();
  private schedulerLoop: SchedulerLoop | null = null;
  private workerLoop: WorkerLoop | null = null;
  private unsubscribeWakes: (() => void) | null = null;
  private closed = false;

  private constructor(
    readonly store: Store,
    private readonly ownsStore: boolean,
    options: TickworkOptions,
  ) {
    this.config = resolveConfig(options);
    this.tracer = options.tracer ?? null;
    this.logger =
      options.logger === false
        ? pino({ enabled: false })
        : (options.logger ?? pino({ name: 'tickwork', level: process.env.TICKWORK_LOG_LEVEL ?? 'info' }));
    this.bus = new EventBus((error) => this.logger.error({ err: error }, 'an event listener threw'));
    const batcher = new EnqueueBatcher(store);
    this.jobs = new Jobs({
      store,
      bus: this.bus,
      batcher,
      config: this.config,
      knowsHandler: (name) => this.registry.has(name),
      tracer: options.tracer ?? null,
    });
    this.schedules = new Schedules({
      store,
      config: this.config,
      wakeScheduler: (at) => this.schedulerLoop?.wake(at),
    });
    this.unsubscribeStore = store.onEvents((events) => this.onStoreEvents(events));
  }

  /**
   * Opens a Tickwork instance. Given a path, it opens (and migrates) that SQLite file itself — the
   * embedded mode owns its file; given a Store, it uses it as it is (migrations are the caller's step).
   */
  static async open(options: TickworkOptions = {}): Promise<Tickwork> {
    resolveConfig(options); // fail on bad options before opening anything
    const given = options.store ?? './tickwork.db';
    const distributed = {
      ...(options.redis !== undefined ? { redis: options.redis } : {}),
      ...(options.durability !== undefined ? { durability: options.durability } : {}),
      ...(options.horizon !== undefined ? { horizon: options.horizon } : {}),
    };
    const store = typeof given === 'string' ? await openStore(given, distributed) : given;
    return new Tickwork(store, typeof given === 'string', options);
  }

  /** The roles this instance runs: its configured ones, less `dispatch` on a store that has no hot tier. */
  get activeRoles(): Role[] {
    return [...this.config.roles].filter((role) => role !== 'dispatch' || hasDispatch(this.store));
  }

  /** Registers the code that runs jobs of `name`: a function (async executor) or a module (thread/process). */
  handle<P = unknown, R = unknown>(name: string, handler: Handler<P, R> | ModuleHandler): this {
    this.registry.register(name, handler as Handler<never, unknown> | ModuleHandler);
    this.workerLoop?.wake();
    return this;
  }

  /** Registers handlers made with `defineHandler`. */
  register(...definitions: HandlerDefinition<never, unknown>[]): this {
    for (const d of definitions) this.handle(d.name, d.run as Handler<never, unknown> | ModuleHandler);
    return this;
  }

  /** Subscribes to events: a type (`'job.succeeded'`) or a filter. Close the subscription when done. */
  on(filter: TickworkEvent['type'] | EventFilter, listener: (event: TickworkEvent) => void): Subscription {
    const f: EventFilter = typeof filter === 'string' ? { types: [filter] } : filter;
    return this.bus.subscribe({ namespace: this.config.namespace, ...f }, listener);
  }

  /** This process's worker role and its load now; null when it runs none. */
  workerStatus(): { workerId: string; running: number; concurrency: number; since: number } | null {
    const loop = this.workerLoop;
    if (!loop) return null;
    return {
      workerId: loop.workerId,
      running: loop.running,
      concurrency: this.config.worker.concurrency,
      since: loop.since,
    };
  }

  /** Pauses a queue: jobs keep being accepted, none are started. */
  pauseQueue(queue: string): Promise<void> {
    return this.store.setQueuePaused(this.config.namespace, queue, true, Date.now());
  }

  async resumeQueue(queue: string): Promise<void> {
    await this.store.setQueuePaused(this.config.namespace, queue, false, Date.now());
    this.notifyWorkAvailable();
  }

  /** Tells this instance's claimers (its worker loop, remote worker sessions) to look for work now. */
  notifyWorkAvailable(): void {
    this.workerLoop?.wake();
    for (const listener of this.wakeListeners) listener();
  }

  /**
   * For claimers of this instance's jobs other than its own worker loop (the API's remote worker
   * sessions): called when work may have become claimable without a job event (a queue resumed).
   * Returns the unsubscribe function.
   */
  onWorkAvailable(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  queueStats(): Promise<QueueStats[]> {
    return this.store.queueStats(this.config.namespace, Date.now());
  }

  /** Background mode: starts this process's roles and returns. */
  start(): this {
    if (this.closed) throw new Error('tickwork: this instance is closed');
    const { roles, scheduler, worker, namespace } = this.config;
    if (roles.has('scheduler') && !this.schedulerLoop) {
      this.schedulerLoop = new SchedulerLoop({
        store: this.store,
        schedulerId: newOwnerId('scheduler'),
        logger: this.logger.child({ role: 'scheduler' }),
        leaseMs: scheduler.leaseMs,
        batchSize: scheduler.batchSize,
        aheadMs: scheduler.aheadMs,
      });
      this.schedulerLoop.start();
    }
    if (roles.has('dispatch') && hasDispatch(this.store))
      this.store.startDispatch(this.logger.child({ role: 'dispatch' }));
    if (roles.has('worker') && !this.workerLoop) {
      this.workerLoop = new WorkerLoop({
        store: this.store,
        registry: this.registry,
        executorFor: (kind) => this.executorFor(kind),
        workerId: newOwnerId('worker'),
        logger: this.logger.child({ role: 'worker' }),
        namespace: worker.allNamespaces ? null : namespace,
        queues: worker.queues,
        concurrency: worker.concurrency,
        leaseMs: worker.leaseMs,
        heartbeatMs: worker.heartbeatMs,
        reapIntervalMs: worker.reapIntervalMs,
        prefetchMs: worker.prefetchMs,
        tracer: this.tracer,
      });
      this.workerLoop.start();
    }
    // Another process's writes reach idle loops only as the store's hints (LISTEN/NOTIFY); without them a
    // loop would see them at its capped sleep (30 s). Subscribed only while a loop runs: listening holds
    // a connection.
    if ((this.schedulerLoop || this.workerLoop) && !this.unsubscribeWakes && hasWakeups(this.store)) {
      this.unsubscribeWakes = this.store.onWake((wake) => this.onStoreWake(wake));
    }
    return this;
  }

  /**
   * Blocking mode: starts, then keeps the process alive until SIGINT or SIGTERM, drains running jobs
   * within the drain timeout, closes, and resolves.
   */
  async run(): Promise<void> {
    this.start();
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        this.logger.info({ signal }, 'shutting down');
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await this.close();
  }

  /** Stops the roles: no new claims or fires; running jobs get the drain timeout, then are aborted. */
  async stop(): Promise<void> {
    if (hasDispatch(this.store)) await this.store.stopDispatch();
    this.unsubscribeWakes?.();
    this.unsubscribeWakes = null;
    await this.schedulerLoop?.stop();
    this.schedulerLoop = null;
    await this.workerLoop?.stop(this.config.drainMs);
    this.workerLoop = null;
  }

  /** Stops, frees executors, and closes the store if this instance opened it. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    this.unsubscribeStore();
    await Promise.all([...this.executors.values()].map((e) => e.close()));
    if (this.ownsStore) await this.store.close();
  }

  private executorFor(kind: ExecutorKind): Executor {
    const existing = this.executors.get(kind);
    if (existing) return existing;
    const { threads, processes } = this.config.worker;
    const size = kind === 'thread' ? threads : kind === 'process' ? processes : undefined;
    const executor = createExecutor(kind, size === undefined ? {} : { size });
    this.executors.set(kind, executor);
    return executor;
  }

  /** A hint from the store (any process's commit): wake the loop it concerns; it re-reads the store. */
  private onStoreWake(wake: StoreWake): void {
    switch (wake.kind) {
      case 'jobs': {
        const mine = wake.namespace === null || wake.namespace === this.config.namespace;
        if (mine || this.config.worker.allNamespaces) this.workerLoop?.wake(wake.runAt);
        break;
      }
      case 'schedules':
        this.schedulerLoop?.wake();
        break;
      case 'reconnected': // hints may have been missed meanwhile
        this.workerLoop?.wake();
        this.schedulerLoop?.wake();
        break;
    }
  }

  /** Committed store events: publish them, and pass the hints the local loops can use. */
  private onStoreEvents(events: TickworkEvent[]): void {
    this.bus.publish(events);
    for (const event of events) {
      if (!isJobEvent(event)) {
        if (event.type === 'schedule.added' || event.type === 'schedule.updated' || event.type === 'schedule.resumed') {
          this.schedulerLoop?.wake();
        }
        continue;
      }
      switch (event.type) {
        case 'job.added':
        case 'job.resumed':
        case 'job.updated':
        case 'job.retried':
          if (event.state === 'queued' || event.state === 'scheduled') this.workerLoop?.wake(event.runAt);
          break;
        case 'job.cancelled':
        case 'job.paused':
        case 'job.deleted':
          this.workerLoop?.abort(event.jobId, event.type.slice(4));
          break;
      }
    }
  }
}
