import {
  JOB_STATES,
  type Job,
  type JobFilter,
  type JobState,
  type Page,
  type PageRequest,
  type QueueStats,
} from '../../core/job.js';
import type { JobEvent } from '../../core/events.js';
import { decodeJobCursor, encodeJobCursor, pageLimit } from '../shared/paging.js';
import type { StoreContext } from './context.js';
import { toJob, toJobEvent, type JobEventRow, type JobRow } from './rows.js';

const nonEmpty = <T>(values: T[] | undefined): T[] | null => (values === undefined ? null : values);

/** Reads and the queue switches: single statements, no events except the queue wake-up. */
export class JobReads {
  constructor(private readonly ctx: StoreContext) {}

  async getJob(namespace: string, id: string, now: number): Promise<Job | null> {
    const [row] = await this.ctx.db.run<JobRow>('get-job', [namespace, id]);
    return row ? toJob(row, now) : null;
  }

  async listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>> {
    const limit = pageLimit(page);
    const cursor = decodeJobCursor(page.cursor);
    const rows = await this.ctx.db.run<JobRow>('list-jobs', [
      filter.namespace,
      now,
      nonEmpty(filter.states),
      nonEmpty(filter.queues),
      nonEmpty(filter.handlers),
      filter.key ?? null,
      filter.scheduleId ?? null,
      filter.runAtFrom ?? null,
      filter.runAtTo ?? null,
      filter.payloadContains ?? null,
      cursor?.createdAt ?? null,
      cursor?.id ?? null,
      limit + 1,
    ]);
    const items = rows.slice(0, limit).map((row) => toJob(row, now));
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? encodeJobCursor({ createdAt: last.createdAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  async listJobEvents(namespace: string, id: string): Promise<JobEvent[]> {
    const rows = await this.ctx.db.run<JobEventRow>('list-job-events', [namespace, id]);
    return rows.map(toJobEvent);
  }

  async setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void> {
    await this.ctx.db.run('set-queue-paused', [namespace, queue, paused, now]);
    this.ctx.publish([], paused ? [] : [{ kind: 'jobs', namespace, queue, runAt: now }]);
  }

  async queueStats(namespace: string, now: number): Promise<QueueStats[]> {
    const rows = await this.ctx.db.run<{ queue: string; paused: boolean; state: JobState | null; n: number }>(
      'queue-stats',
      [namespace, now],
    );
    const byQueue = new Map<string, QueueStats>();
    for (const row of rows) {
      let stats = byQueue.get(row.queue);
      if (!stats) {
        const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
        stats = { namespace, queue: row.queue, paused: row.paused, counts };
        byQueue.set(row.queue, stats);
      }
      if (row.state !== null) stats.counts[row.state] += row.n;
    }
    return [...byQueue.values()].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
  }
}
