import type { JobEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Schedule } from '../../core/schedule.js';
import { isLive } from '../shared/transitions.js';
import { DueIndex, type DueFilter, type JobRecord } from './due-index.js';

/** Everything one namespace holds. */
export interface NamespaceData {
  jobs: Map<string, StoredJob>;
  /** Live keyed jobs: key → job id. */
  keys: Map<string, string>;
  /** Live occurrences: schedule id → job ids. */
  occurrences: Map<string, Set<string>>;
  pausedQueues: Map<string, boolean>;
  schedules: Map<string, Schedule>;
}

export interface StoredJob extends JobRecord {
  history: JobEvent[];
}

const claimable = (job: Job) => job.state === 'scheduled' || job.state === 'queued';

/**
 * The memory store's tables and indexes. Every change to a job goes through `writeJob` / `removeJob`,
 * which keep the indexes (keys, occurrences, running set, due index) in step with the job.
 */
export class MemoryData {
  readonly namespaces = new Map<string, NamespaceData>();
  /** Jobs in state `running`, for the reaper. */
  readonly running = new Set<StoredJob>();
  readonly due = new DueIndex<StoredJob>();
  private seq = 0;

  ns(name: string): NamespaceData {
    let data = this.namespaces.get(name);
    if (!data) {
      data = {
        jobs: new Map(),
        keys: new Map(),
        occurrences: new Map(),
        pausedQueues: new Map(),
        schedules: new Map(),
      };
      this.namespaces.set(name, data);
    }
    return data;
  }

  peek(name: string): NamespaceData | undefined {
    return this.namespaces.get(name);
  }

  getJob(namespace: string, id: string): StoredJob | undefined {
    return this.namespaces.get(namespace)?.jobs.get(id);
  }

  isQueuePaused(namespace: string, queue: string): boolean {
    return this.namespaces.get(namespace)?.pausedQueues.get(queue) === true;
  }

  /**
   * The job a worker-side call names: in `namespace` when given; else, among the namespaces holding the
   * id, the oldest job the fence accepts, or the oldest job at all (see the Store's invariants).
   */
  findFenced(id: string, namespace: string | undefined, fence: (job: Job) => boolean): StoredJob | undefined {
    if (namespace !== undefined) return this.getJob(namespace, id);
    let fenced: StoredJob | undefined;
    let oldest: StoredJob | undefined;
    for (const data of this.namespaces.values()) {
      const record = data.jobs.get(id);
      if (!record) continue;
      if (!oldest || record.seq < oldest.seq) oldest = record;
      if (fence(record.job) && (!fenced || record.seq < fenced.seq)) fenced = record;
    }
    return fenced ?? oldest;
  }

  insertJob(job: Job): StoredJob {
    const record: StoredJob = { job, seq: this.seq++, gen: 0, history: [] };
    this.ns(job.namespace).jobs.set(job.id, record);
    this.index(record, null, job);
    return record;
  }

  writeJob(record: StoredJob, next: Job): void {
    const previous = record.job;
    record.job = next;
    this.index(record, previous, next);
  }

  removeJob(record: StoredJob): void {
    const job = record.job;
    const data = this.ns(job.namespace);
    this.unindexLive(data, job);
    this.running.delete(record);
    this.due.untrack(record);
    data.jobs.delete(job.id);
  }

  dueFilter(namespace: string | null, queues: string[] | null, handlers: string[] | null): DueFilter {
    return {
      namespace,
      queues: queues === null ? null : new Set(queues),
      handlers: handlers === null ? null : new Set(handlers),
      isPaused: (ns, queue) => this.isQueuePaused(ns, queue),
    };
  }

  private index(record: StoredJob, previous: Job | null, next: Job): void {
    const data = this.ns(next.namespace);
    if (previous) this.unindexLive(data, previous);
    if (isLive(next.state)) {
      if (next.key !== null) data.keys.set(next.key, next.id);
      if (next.scheduleId !== null) {
        let ids = data.occurrences.get(next.scheduleId);
        if (!ids) data.occurrences.set(next.scheduleId, (ids = new Set()));
        ids.add(next.id);
      }
    }
    if (next.state === 'running') this.running.add(record);
    else this.running.delete(record);
    if (!claimable(next)) this.due.untrack(record);
    else if (!previous || !claimable(previous) || movedLane(previous, next)) this.due.track(record);
  }

  private unindexLive(data: NamespaceData, job: Job): void {
    if (!isLive(job.state)) return;
    if (job.key !== null && data.keys.get(job.key) === job.id) data.keys.delete(job.key);
    if (job.scheduleId !== null) {
      const ids = data.occurrences.get(job.scheduleId);
      ids?.delete(job.id);
      if (ids?.size === 0) data.occurrences.delete(job.scheduleId);
    }
  }
}

function movedLane(a: Job, b: Job): boolean {
  return a.runAt !== b.runAt || a.priority !== b.priority || a.queue !== b.queue || a.handler !== b.handler;
}
