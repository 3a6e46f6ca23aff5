import type { JobEvent } from '../../core/events.js';
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { AcquireJobsRequest, AcquireJobsResult, FencedOutcome, FinishResult, LeaseRef } from '../store.js';
import { cancelData, failureData, jobEvent, stalledFailure } from '../shared/job-records.js';
import { waitingState } from '../shared/transitions.js';
import { saveJobs, type StoreContext } from './context.js';
import { refOf } from './job-changes.js';
import { toStoredJob, view, type JobRow } from './rows.js';

const FINISH_EVENT = {
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  retry: 'job.retried',
  aborted: 'job.cancelled',
} as const;

/**
 * The worker's side: the hot paths. Claims, heartbeats and outcomes are each one SQL statement (its
 * event rows written by the same statement), so a batch costs one round trip and needs no transaction.
 */
export class WorkerCommands {
  constructor(private readonly ctx: StoreContext) {}

  async acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult> {
    const { now } = request;
    if (request.limit <= 0) return { jobs: [], misfired: [] };
    if (request.queues?.length === 0 || request.handlers?.length === 0) return { jobs: [], misfired: [] };
    const rows = await this.ctx.db.run<JobRow>('acquire-jobs', [
      now,
      request.namespace,
      request.queues,
      request.handlers,
      request.limit,
      request.workerId,
      request.leaseMs,
      Math.max(now, request.dueBy ?? now),
    ]);
    // RETURNING order is not the claim order: restore (priority, runAt).
    const stored = rows.map(toStoredJob).sort((a, b) => a.priority - b.priority || a.runAt - b.runAt);
    const jobs: Job[] = [];
    const misfired: Job[] = [];
    const events: JobEvent[] = [];
    for (const job of stored) {
      if (job.state === 'running') {
        jobs.push(job);
        events.push(jobEvent('job.started', job, now));
      } else {
        misfired.push(job);
        events.push(jobEvent('job.cancelled', job, now, cancelData('misfired', job.error)));
      }
    }
    this.ctx.publish(events);
    return { jobs, misfired };
  }

  async extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]> {
    if (leases.length === 0) return [];
    const rows = await this.ctx.db.run<{ id: string; namespace: string }>('extend-leases', [
      workerId,
      now + leaseMs,
      leases.map((l) => l.id),
      leases.map((l) => l.namespace ?? null),
      leases.map((l) => l.attempt),
    ]);
    const held = new Set(rows.flatMap((r) => [r.id, `${r.namespace}\u0000${r.id}`]));
    return leases
      .filter((l) => !held.has(l.namespace === undefined ? l.id : `${l.namespace}\u0000${l.id}`))
      .map((l) => l.id);
  }

  async reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean> {
    const [row] = await this.ctx.db.run<JobRow>('report-progress', [
      lease.id,
      lease.namespace ?? null,
      lease.attempt,
      lease.workerId,
      JSON.stringify(progress ?? null),
      now,
    ]);
    if (!row) return false;
    this.ctx.publish([jobEvent('job.progress', toStoredJob(row), now, (progress ?? null) as Json)]);
    return true;
  }

  async finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]> {
    if (outcomes.length === 0) return [];
    const rows = await this.ctx.db.run<JobRow & { outcome: FencedOutcome['kind'] }>('finish-jobs', [
      now,
      outcomes.map((o) => o.id),
      outcomes.map((o) => o.namespace ?? null),
      outcomes.map((o) => o.attempt),
      outcomes.map((o) => o.workerId),
      outcomes.map((o) => o.kind),
      outcomes.map((o) => (o.kind === 'succeeded' ? JSON.stringify(o.result ?? null) : null)),
      outcomes.map((o) => (o.kind === 'succeeded' ? null : JSON.stringify(failureData(o.error)))),
      outcomes.map((o) => (o.kind === 'retry' ? o.runAt : null)),
    ]);
    const applied = new Map<string, { job: Job; outcome: FencedOutcome['kind'] }>();
    for (const row of rows) {
      const entry = { job: toStoredJob(row), outcome: row.outcome };
      applied.set(refOf(entry.job.namespace, entry.job.id), entry).set(entry.job.id, entry);
    }
    const lookup = <T>(o: FencedOutcome, jobs: Map<string, T>): T | undefined =>
      jobs.get(o.namespace === undefined ? o.id : refOf(o.namespace, o.id));
    // Stale outcomes are reported with the job as it is now (the oldest of that id without a namespace).
    const stale = outcomes.filter((o) => lookup(o, applied) === undefined);
    const current = new Map<string, Job>();
    if (stale.length > 0) {
      const found = await this.ctx.db.run<JobRow>('get-jobs-by-id', [
        stale.map((o) => o.id),
        stale.map((o) => o.namespace ?? null),
      ]);
      for (const row of found) {
        const job = toStoredJob(row);
        current.set(refOf(job.namespace, job.id), job);
        if (!current.has(job.id)) current.set(job.id, job);
      }
    }
    // Results and events in the order of `outcomes` (RETURNING has no order).
    const events: JobEvent[] = [];
    const reported = new Set<Job>();
    const results = outcomes.map((o) => {
      const entry = lookup(o, applied);
      // A job reported twice in one batch is applied at most once: the first report wins.
      const isApplied = entry !== undefined && !reported.has(entry.job);
      if (isApplied) {
        reported.add(entry.job);
        events.push(jobEvent(FINISH_EVENT[entry.outcome], entry.job, now, finishData(entry.outcome, entry.job)));
      }
      const after = entry?.job ?? lookup(o, current) ?? null;
      return { id: o.id, applied: isApplied, job: after === null ? null : view(after, now) };
    });
    this.ctx.publish(events);
    return results;
  }

  async reapAbandonedJobs(now: number, limit: number): Promise<Job[]> {
    if (limit <= 0) return [];
    const { jobs, events } = await this.ctx.db.transaction(async (tx) => {
      const rows = await tx.run<JobRow>('lock-expired', [now, limit]);
      const changed: Job[] = [];
      const recorded: JobEvent[] = [];
      for (const row of rows) {
        const job = toStoredJob(row);
        const stalls = job.stalls + 1;
        const failed = job.attempt >= job.maxAttempts;
        const next: Job = failed
          ? {
              ...job,
              stalls,
              state: 'failed',
              error: stalledFailure(stalls),
              leaseOwner: null,
              leaseUntil: null,
              finishedAt: now,
              updatedAt: now,
            }
          : { ...job, stalls, state: waitingState(job.runAt, now), leaseOwner: null, leaseUntil: null, updatedAt: now };
        changed.push(next);
        recorded.push(jobEvent('job.stalled', next, now, { stalls }));
        if (failed) recorded.push(jobEvent('job.failed', next, now, failureData(next.error!)));
      }
      await saveJobs(tx, changed, recorded);
      return { jobs: changed, events: recorded };
    });
    this.ctx.publish(events);
    return jobs.map((job) => view(job, now));
  }

  async nextJobDueAt(
    namespace: string | null,
    queues: string[] | null,
    handlers: string[] | null = null,
  ): Promise<number | null> {
    if (queues?.length === 0 || handlers?.length === 0) return null;
    const [row] = await this.ctx.db.run<{ at: number | null }>('next-job-due', [namespace, queues, handlers]);
    return row?.at ?? null;
  }
}

/** The event data of a finished attempt; the SQL of finish-jobs.sql writes the same into the history. */
function finishData(kind: FencedOutcome['kind'], job: Job): Json {
  switch (kind) {
    case 'succeeded':
      return job.result;
    case 'aborted':
      return cancelData('aborted', job.error);
    default:
      return failureData(job.error!);
  }
}
