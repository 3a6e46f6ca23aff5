import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../core/errors.js';
import type { JobEvent, TickworkEvent } from '../../core/events.js';
import type { Job, JobFilter, JobPatch, NewJob, Page, PageRequest, QueueStats } from '../../core/job.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
import { deserialiseError } from '../../worker/executors/error-codec.js';
import { resolveSqliteOptions, type SqliteStoreOptions } from '../sqlite/sqlite-options.js';
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
import type { CallMessage, LooseEventsMessage, StoreMethod, ThreadMessage } from './protocol.js';
import { decodeResult } from './result-codec.js';
import { startStoreThread } from './start-thread.js';

interface Pending {
  method: StoreMethod;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The SqliteStore in a dedicated worker thread, so its synchronous SQL (a 500-job claim or finish
 * takes tens of milliseconds) no longer blocks the event loop that starts delayed jobs and cron fires,
 * and runs on another core. Each call is one message answered by one message (matched by id); the
 * events a call committed come with its reply and reach `onEvents` listeners before the call settles,
 * in commit order, exactly as with the in-thread store.
 *
 * The thread holds the process open only while calls are in flight. If it dies unexpectedly, every
 * pending and later call rejects with the retryable StoreUnavailableError; `close()` closes the store
 * and ends the thread.
 */
export class ThreadedSqliteStore implements Store {
  /** The same store as SqliteStore, only elsewhere: logs, metrics and the admin API say `sqlite`. */
  readonly kind = 'sqlite';
  private readonly listeners = new EventListeners();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread is gone or closed: why every call fails from then on. */
  private down: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: ThreadMessage) => this.onMessage(message));
    worker.on('messageerror', (error) => this.fail(error));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the store thread exited with code ${code}`)));
    worker.unref();
  }

  /** Starts the thread and opens (and migrates, per `options.migrate`) the store there. */
  static async open(options: SqliteStoreOptions): Promise<ThreadedSqliteStore> {
    const resolved = resolveSqliteOptions(options);
    return new ThreadedSqliteStore(await startStoreThread(resolved));
  }

  onEvents(listener: (events: TickworkEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  migrate(): Promise<void> {
    return this.call('migrate', []);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Folds the WAL into the database file, as SqliteStore.checkpoint does. */
  checkpoint(): Promise<void> {
    return this.call('checkpoint', []);
  }

  /** For tests: the thread throws an uncaught error, as a crash would end it. */
  simulateCrash(): void {
    if (!this.down) this.worker.postMessage({ id: 0, method: 'crash' } satisfies CallMessage);
  }

  private async shutdown(): Promise<void> {
    if (!this.down) {
      // Calls sent before this one are answered first: the thread serves in order.
      await this.call('close', []).catch(() => undefined);
      this.fail(new Error('the store is closed'));
    }
    await this.worker.terminate();
  }

  private call<T>(method: StoreMethod, args: unknown[]): Promise<T> {
    if (this.down) return Promise.reject(new StoreUnavailableError(this.kind, this.down));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      try {
        this.worker.postMessage({ id, method, args } satisfies CallMessage);
      } catch (error) {
        reject(error); // arguments structured clone refuses (a function in a payload): nothing was sent
        return;
      }
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      // Keep the process alive while an answer is owed, and only then.
      if (this.pending.size === 1) this.worker.ref();
    });
  }

  private onMessage(message: ThreadMessage): void {
    if (message.id === -1) return this.listeners.emit((message as LooseEventsMessage).events);
    const call = this.pending.get(message.id);
    if (!call || !('ok' in message)) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.events) this.listeners.emit(message.events);
    if (message.ok) call.resolve(decodeResult(call.method, message.value));
    else call.reject(deserialiseError(message.error));
  }

  /** The thread is gone (or closed): fail what is pending and everything after. */
  private fail(reason: Error): void {
    if (this.down) return;
    this.down = reason;
    const calls = [...this.pending.values()];
    this.pending.clear();
    this.worker.unref();
    for (const call of calls) call.reject(new StoreUnavailableError(this.kind, reason));
  }

  addJobs(jobs: NewJob[], now: number): Promise<AddJobResult[]> {
    return this.call('addJobs', [jobs, now]);
  }

  getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    return this.call('getJob', [namespace, id, now]);
  }

  listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    return this.call('listJobs', [filter, page, now]);
  }

  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job> {
    return this.call('updateJob', [namespace, id, patch, now]);
  }

  pauseJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.call('pauseJob', [namespace, id, now]);
  }

  resumeJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.call('resumeJob', [namespace, id, now]);
  }

  cancelJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.call('cancelJob', [namespace, id, now]);
  }

  retryJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.call('retryJob', [namespace, id, now]);
  }

  deleteJob(namespace: string, id: string, now: number): Promise<boolean> {
    return this.call('deleteJob', [namespace, id, now]);
  }

  listJobEvents(namespace: string, id: string): Promise<JobEvent[]> {
    return this.call('listJobEvents', [namespace, id]);
  }

  acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    return this.call('acquireJobs', [request]);
  }

  extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    return this.call('extendJobLeases', [workerId, leases, leaseMs, now]);
  }

  reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    return this.call('reportProgress', [lease, progress, now]);
  }

  finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    return this.call('finishJobs', [outcomes, now]);
  }

  reapAbandonedJobs(now: number, limit: number): Promise<Job[]> {
    return this.call('reapAbandonedJobs', [now, limit]);
  }

  nextJobDueAt(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null = null,
  ): Promise<number | null> {
    return this.call('nextJobDueAt', [namespace, queues, handlers]);
  }

  setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void> {
    return this.call('setQueuePaused', [namespace, queue, paused, now]);
  }

  queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    return this.call('queueStats', [namespace, now]);
  }

  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    return this.call('upsertSchedule', [schedule, now]);
  }

  getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    return this.call('getSchedule', [namespace, id]);
  }

  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.call('listSchedules', [filter, page]);
  }

  updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule> {
    return this.call('updateSchedule', [namespace, id, patch, now]);
  }

  deleteSchedule(namespace: string, id: string, now: number): Promise<boolean> {
    return this.call('deleteSchedule', [namespace, id, now]);
  }

  acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]> {
    return this.call('acquireSchedules', [request]);
  }

  releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]> {
    return this.call('releaseSchedules', [schedulerId, releases, now]);
  }

  liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>> {
    return this.call('liveOccurrences', [namespace, scheduleIds, now]);
  }

  nextScheduleDueAt(): Promise<number | null> {
    return this.call('nextScheduleDueAt', []);
  }
}
