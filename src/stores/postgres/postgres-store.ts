import pg from 'pg';
import type { TickworkEvent, JobEvent } from '../../core/events.js';
import type { Job, JobFilter, JobPatch, NewJob, Page, PageRequest, QueueStats } from '../../core/job.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
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
import { addKeyed, addUnkeyed, hasKeys } from './add-jobs.js';
import type { StoreContext } from './context.js';
import { Db } from './db.js';
import { JobCommands } from './job-commands.js';
import { JobReads } from './job-reads.js';
import { migrate } from './migrator.js';
import { channelFor, dedicatedListenConnection, Notifications, pooledListenConnection } from './notifications.js';
import { resolvePostgresOptions, type PostgresStoreOptions } from './options.js';
import { ScheduleCommands } from './schedule-commands.js';
import { SqlFiles } from './sql-files.js';
import type { StoreWake, WakeSource } from './wakeups.js';
import { WorkerCommands } from './worker-commands.js';

/**
 * The PostgreSQL store: the system of record for the distributed mode (brief §5). Workers claim with
 * `FOR UPDATE SKIP LOCKED`; batches travel as arrays through `unnest`; the hot paths are one statement
 * each. LISTEN/NOTIFY only hints (see `onWake`). The schema is created by an explicit `migrate()`.
 */
export class PostgresStore implements Store, WakeSource {
  readonly kind = 'postgres';
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly db: Db;
  private readonly listeners = new EventListeners();
  private readonly notifications: Notifications;
  private readonly jobs: JobCommands;
  private readonly reads: JobReads;
  private readonly worker: WorkerCommands;
  private readonly schedules: ScheduleCommands;
  private closed = false;

  constructor(options: PostgresStoreOptions) {
    const resolved = resolvePostgresOptions(options);
    this.schema = resolved.schema;
    this.ownsPool = options.pool === undefined;
    this.pool =
      options.pool ??
      new pg.Pool({
        connectionString: options.connectionString,
        max: resolved.poolSize,
        connectionTimeoutMillis: resolved.connectTimeoutMs,
        application_name: 'tickwork',
      });
    // An idle connection that dies (server restart) is dropped by the pool; without a listener the
    // 'error' would crash the process. The next call simply opens a new connection.
    if (this.ownsPool) this.pool.on('error', () => {});
    this.db = new Db(this.pool, new SqlFiles(resolved.schema));
    const listenConfig: pg.ClientConfig = {
      connectionString: options.connectionString,
      connectionTimeoutMillis: resolved.connectTimeoutMs,
      application_name: 'tickwork-listen',
    };
    this.notifications = new Notifications(
      this.pool,
      this.ownsPool
        ? () => dedicatedListenConnection(listenConfig)
        : () => pooledListenConnection(this.pool, channelFor(resolved.schema)),
      resolved.schema,
      resolved,
      (events) => this.listeners.emit(events),
      () => this.listeners.size > 0,
    );
    const ctx: StoreContext = {
      db: this.db,
      publish: (events: TickworkEvent[], extraWakes?: StoreWake[]) => {
        this.listeners.emit(events);
        this.notifications.publish(events, extraWakes);
      },
    };
    this.jobs = new JobCommands(ctx);
    this.reads = new JobReads(ctx);
    this.worker = new WorkerCommands(ctx);
    this.schedules = new ScheduleCommands(ctx);
  }

  /** Creates or upgrades the schema; safe to run from several processes at once. */
  async migrate(): Promise<void> {
    await migrate(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.notifications.close();
    if (this.ownsPool) await this.pool.end();
  }

  onEvents(listener: (events: TickworkEvent[]) => void): () => void {
    const remove = this.listeners.add(listener);
    this.notifications.updateListening();
    return () => {
      remove();
      this.notifications.updateListening();
    };
  }

  /**
   * Wake-up hints from this store's commits and, through LISTEN, from every process on the schema. While
   * anyone listens the store holds one connection for LISTEN: its own, or one of the caller's pool.
   */
  onWake(listener: (wake: StoreWake) => void): () => void {
    return this.notifications.onWake(listener);
  }

  // ── Jobs: the producer's side ─────────────────────────────────────────────────────────────────────

  async addJobs(jobs: NewJob[], now: number): Promise<AddJobResult[]> {
    if (jobs.length === 0) return [];
    const { results, events } = hasKeys(jobs)
      ? await this.db.transaction((tx) => addKeyed(tx, jobs, now))
      : await addUnkeyed(this.db, jobs, now);
    this.publish(events);
    return results;
  }

  getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    return this.reads.getJob(namespace, id, now);
  }

  listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    return this.reads.listJobs(filter, page, now);
  }

  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job> {
    return this.jobs.updateJob(namespace, id, patch, now);
  }

  pauseJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.jobs.pauseJob(namespace, id, now);
  }

  resumeJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.jobs.resumeJob(namespace, id, now);
  }

  cancelJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.jobs.cancelJob(namespace, id, now);
  }

  retryJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.jobs.retryJob(namespace, id, now);
  }

  deleteJob(namespace: string, id: string, now: number): Promise<boolean> {
    return this.jobs.deleteJob(namespace, id, now);
  }

  listJobEvents(namespace: string, id: string): Promise<JobEvent[]> {
    return this.reads.listJobEvents(namespace, id);
  }

  // ── Jobs: the worker's side ───────────────────────────────────────────────────────────────────────

  acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    return this.worker.acquireJobs(request);
  }

  extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    return this.worker.extendJobLeases(workerId, leases, leaseMs, now);
  }

  reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    return this.worker.reportProgress(lease, progress, now);
  }

  finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    return this.worker.finishJobs(outcomes, now);
  }

  reapAbandonedJobs(now: number, limit: number): Promise<Job[]> {
    return this.worker.reapAbandonedJobs(now, limit);
  }

  nextJobDueAt(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null = null,
  ): Promise<number | null> {
    return this.worker.nextJobDueAt(namespace, queues, handlers);
  }

  // ── Queues ────────────────────────────────────────────────────────────────────────────────────────

  setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void> {
    return this.reads.setQueuePaused(namespace, queue, paused, now);
  }

  queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    return this.reads.queueStats(namespace, now);
  }

  // ── Schedules ─────────────────────────────────────────────────────────────────────────────────────

  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    return this.schedules.upsertSchedule(schedule, now);
  }

  getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    return this.schedules.getSchedule(namespace, id);
  }

  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.schedules.listSchedules(filter, page);
  }

  updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule> {
    return this.schedules.updateSchedule(namespace, id, patch, now);
  }

  deleteSchedule(namespace: string, id: string, now: number): Promise<boolean> {
    return this.schedules.deleteSchedule(namespace, id, now);
  }

  acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]> {
    return this.schedules.acquireSchedules(request);
  }

  releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]> {
    return this.schedules.releaseSchedules(schedulerId, releases, now);
  }

  liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>> {
    return this.schedules.liveOccurrences(namespace, scheduleIds, now);
  }

  nextScheduleDueAt(): Promise<number | null> {
    return this.schedules.nextScheduleDueAt();
  }

  private publish(events: TickworkEvent[]): void {
    this.listeners.emit(events);
    this.notifications.publish(events);
  }
}
