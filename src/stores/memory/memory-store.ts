import { isJobEvent, type JobEvent, type TickworkEvent } from '../../core/events.js';
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
import { eventView, jobView } from './clone.js';
import { MemoryData } from './memory-data.js';
import * as jobs from './memory-jobs.js';
import * as schedules from './memory-schedules.js';
import { MemoryTx } from './memory-tx.js';
import { queueStats } from './memory-queues.js';
import * as worker from './memory-worker.js';

/**
 * The Store in memory: for tests and throwaway use. Nothing survives the process. Every method runs
 * synchronously to completion, so it is atomic and isolated without locks; jobs sit in maps with a
 * due-time index (see due-index.ts), so claiming stays fast with 100k jobs waiting.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  private readonly data = new MemoryData();
  private readonly listeners = new EventListeners();

  /** Runs one step and hands its events to the listeners once it is complete. */
  private step<T>(now: number, body: (tx: MemoryTx) => T): Promise<T> {
    const tx = new MemoryTx(this.data, now);
    try {
      const result = body(tx);
      this.listeners.emit(tx.events.map((e) => (isJobEvent(e) ? eventView(e) : { ...e })));
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async migrate(): Promise<void> {}

  async close(): Promise<void> {}

  onEvents(listener: (events: TickworkEvent[]) => void): () => void {
    return this.listeners.add(listener);
  }

  addJobs(inputs: NewJob[], now: number): Promise<AddJobResult[]> {
    return this.step(now, (tx) => jobs.addJobs(tx, inputs));
  }

  getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    const record = this.data.getJob(namespace, id);
    return Promise.resolve(record ? jobView(record.job, now) : null);
  }

  listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    return this.step(now, (tx) => jobs.listJobs(tx, filter, page));
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
    return Promise.resolve(this.data.getJob(namespace, id)?.history.map(eventView) ?? []);
  }

  acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    return this.step(request.now, (tx) => worker.acquireJobs(tx, request));
  }

  extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    return this.step(now, (tx) => worker.extendJobLeases(tx, workerId, leases, leaseMs));
  }

  reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    return this.step(now, (tx) => worker.reportProgress(tx, lease, (progress ?? null) as Job['progress']));
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
    return this.step(0, (tx) => worker.nextJobDueAt(tx, namespace, queues, handlers));
  }

  async setQueuePaused(namespace: string, queue: string, paused: boolean): Promise<void> {
    this.data.ns(namespace).pausedQueues.set(queue, paused);
  }

  queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    return this.step(now, (tx) => queueStats(tx, namespace));
  }

  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    return this.step(now, (tx) => schedules.upsertSchedule(tx, schedule));
  }

  getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    return this.step(0, (tx) => schedules.getSchedule(tx, namespace, id));
  }

  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    return this.step(0, (tx) => schedules.listSchedules(tx, filter, page));
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
    return this.step(now, (tx) => schedules.liveOccurrences(tx, namespace, scheduleIds));
  }

  nextScheduleDueAt(): Promise<number | null> {
    return this.step(0, (tx) => schedules.nextScheduleDueAt(tx));
  }
}
