import Database from 'better-sqlite3';
import type { Database as Db, Transaction } from 'better-sqlite3';
import { StoreUnavailableError, TickworkError } from '../../core/errors.js';
import type { JobEvent, TickworkEvent } from '../../core/events.js';
import type { Job, JobFilter, JobPatch, NewJob, Page, PageRequest, QueueStats } from '../../core/job.js';
import type { Json } from '../../core/json.js';
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
import { Checkpointer } from './checkpointer.js';
import { Migrator } from './migrator.js';
import { historyToEvents, type HistoryRow } from './row-mapping.js';
import * as jobs from './sqlite-jobs.js';
import { resolveSqliteOptions, type SqliteStoreOptions } from './sqlite-options.js';
import { queueStats, setQueuePaused } from './sqlite-queues.js';
import * as schedules from './sqlite-schedules.js';
import { SqliteTx } from './sqlite-tx.js';
import * as worker from './sqlite-worker.js';
import { prepareStatements, type Statements } from './statements.js';

export type { SqliteStoreOptions } from './sqlite-options.js';

/**
 * The Store on SQLite (better-sqlite3): the embedded default. One file, WAL, every method one
 * transaction (IMMEDIATE when it writes, so concurrent writers queue on the busy timeout instead of
 * deadlocking). SQL lives in .sql files: numbered migrations and named queries (see README.md).
 * Group commit is the callers' job: the methods take arrays, and one call is one commit. A call's
 * events reach the listeners after its commit and before its promise settles, synchronously inside
 * the call (ThreadedSqliteStore captures them that way). Decisions and figures: README.md.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly listeners = new EventListeners();
  private readonly migrator: Migrator;
  private readonly inTransaction: Transaction<(body: () => unknown) => unknown>;
  private statements: Statements | null = null;
  private closed = false;
  /** Background WAL checkpoints, when this store opened the file itself. */
  private checkpointer: Checkpointer | null = null;

  private constructor(
    private readonly db: Db,
    private readonly owned: boolean,
  ) {
    this.migrator = new Migrator(db);
    this.inTransaction = db.transaction((body: () => unknown) => body());
  }

  /** Opens (creating it when missing) the file at `path`; migrates it when `migrate` is set. */
  static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const resolved = resolveSqliteOptions(options);
    const db = new Database(resolved.path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${resolved.synchronous}`);
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(resolved.busyTimeoutMs))}`);
      db.pragma(`cache_size = -${Math.max(0, Math.floor(resolved.cacheKiB))}`);
      db.pragma('temp_store = MEMORY');
      const store = SqliteStore.wrap(db, true, resolved.migrate);
      if (resolved.backgroundCheckpoints && !db.memory) {
        db.pragma('wal_autocheckpoint = 0');
        db.pragma(`journal_size_limit = ${64 * 2 ** 20}`);
        store.checkpointer = Checkpointer.start(resolved.path, {
          everyCommits: 32,
          restartFrames: 16_384,
          busyTimeoutMs: resolved.busyTimeoutMs,
          restart: () => db.pragma('wal_checkpoint(RESTART)'),
        });
      }
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Uses a connection the caller opened and configured; `close()` leaves it open. */
  static async fromDatabase(db: Db, options: { migrate?: boolean } = {}): Promise<SqliteStore> {
    return SqliteStore.wrap(db, false, options.migrate ?? false);
  }

  private static wrap(db: Db, owned: boolean, migrate: boolean): SqliteStore {
    const store = new SqliteStore(db, owned);
    if (migrate) store.migrator.migrate();
    else if (store.migrator.current() > store.migrator.latest) store.migrator.assertCurrent();
    return store;
  }

  async migrate(): Promise<void> {
    this.guard(() => this.migrator.migrate());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer?.close();
    if (this.owned) this.db.close();
  }

  /** Folds the WAL into the database file (TRUNCATE): for measuring file size, and before backups. */
  async checkpoint(): Promise<void> {
    this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  onEvents(listener: (events: TickworkEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Statements are prepared once, when the schema is known to be current. */
  private get q(): Statements {
    if (this.statements) return this.statements;
    this.migrator.assertCurrent();
    this.statements = prepareStatements(this.db);
    return this.statements;
  }

  private guard<T>(body: () => T): T {
    if (this.closed) throw new StoreUnavailableError('sqlite', new Error('the store is closed'));
    try {
      return body();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** One step in one transaction; its events reach the listeners after the commit. */
  private step<T>(now: number, body: (tx: SqliteTx) => T, write = true): Promise<T> {
    try {
      const tx = this.guard(() => new SqliteTx(this.q, now));
      const run = write ? this.inTransaction.immediate : this.inTransaction.deferred;
      const result = this.guard(() => run(() => body(tx)) as T);
      if (write) this.checkpointer?.committed();
      this.listeners.emit(tx.events);
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private read<T>(now: number, body: (tx: SqliteTx) => T): Promise<T> {
    return this.step(now, body, false);
  }

  addJobs(inputs: NewJob[], now: number): Promise<AddJobResult[]> {
    return this.step(now, (tx) => jobs.addJobs(tx, inputs));
  }

  getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    return this.read(now, (tx) => jobs.getJob(tx, namespace, id));
  }

  listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    return this.read(now, (tx) => jobs.listJobs(tx, filter, page));
  }

  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job> {
    return this.step(now, (tx) => jobs.updateJob(tx, namespace, id, patch));
  }

  pauseJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.step(now, (tx) => jobs.pauseJob(tx, namespace, id));
  }

  resumeJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.step(now, (tx) => jobs.resumeJob(tx, namespace, id));
  }

  cancelJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.step(now, (tx) => jobs.cancelJob(tx, namespace, id));
  }

  retryJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.step(now, (tx) => jobs.retryJob(tx, namespace, id));
  }

  deleteJob(namespace: string, id: string, now: number): Promise<boolean> {
    return this.step(now, (tx) => jobs.deleteJob(tx, namespace, id));
  }

  listJobEvents(namespace: string, id: string): Promise<JobEvent[]> {
    return this.read(0, (tx) => {
      const row = tx.q['job-history'].get({ namespace, id }) as HistoryRow | undefined;
      return row ? historyToEvents(row) : [];
    });
  }

  acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    return this.step(request.now, (tx) => worker.acquireJobs(tx, request));
  }

  extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    return this.step(now, (tx) => worker.extendJobLeases(tx, workerId, leases, leaseMs));
  }

  reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    return this.step(now, (tx) => worker.reportProgress(tx, lease, (progress ?? null) as Json));
  }

  finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    return this.step(now, (tx) => worker.finishJobs(tx, outcomes));
  }

  reapAbandonedJobs(now: number, limit: number): Promise<Job[]> {
    return this.step(now, (tx) => worker.reapAbandonedJobs(tx, limit));
  }

  nextJobDueAt(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null = null,
  ): Promise<number | null> {
    return this.read(0, (tx) => worker.nextJobDueAt(tx, namespace, queues, handlers));
  }

  setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void> {
    return this.step(now, (tx) => setQueuePaused(tx, namespace, queue, paused));
  }

  queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    return this.read(now, (tx) => queueStats(tx, namespace));
  }

  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    return this.step(now, (tx) => schedules.upsertSchedule(tx, schedule));
  }

  getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    return this.read(0, (tx) => schedules.getSchedule(tx, namespace, id));
  }

  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.read(0, (tx) => schedules.listSchedules(tx, filter, page));
  }

  updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule> {
    return this.step(now, (tx) => schedules.updateSchedule(tx, namespace, id, patch));
  }

  deleteSchedule(namespace: string, id: string, now: number): Promise<boolean> {
    return this.step(now, (tx) => schedules.deleteSchedule(tx, namespace, id));
  }

  acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]> {
    return this.step(request.now, (tx) => schedules.acquireSchedules(tx, request));
  }

  releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]> {
    return this.step(now, (tx) => schedules.releaseSchedules(tx, schedulerId, releases));
  }

  liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>> {
    return this.read(now, (tx) => jobs.liveOccurrences(tx, namespace, scheduleIds));
  }

  nextScheduleDueAt(): Promise<number | null> {
    return this.read(0, (tx) => schedules.nextScheduleDueAt(tx));
  }
}

/** SQLite's "cannot now" conditions are the retryable StoreUnavailableError; the rest pass through. */
function toStoreError(error: unknown): unknown {
  if (error instanceof TickworkError) return error;
  const code = (error as { code?: unknown })?.code;
  const unavailable =
    (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|PROTOCOL)/.test(code)) ||
    (error instanceof TypeError && /database connection is not open/.test(error.message));
  return unavailable ? new StoreUnavailableError('sqlite', error) : error;
}
