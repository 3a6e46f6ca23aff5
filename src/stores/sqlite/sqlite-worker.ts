import type { Job, JobFailure } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { AcquireJobsRequest, AcquireJobsResult, FencedOutcome, FinishResult, LeaseRef } from '../store.js';
import { cancelData, failureData, jobEvent, misfiredFailure, stalledFailure } from '../shared/job-records.js';
import { waitingState } from '../shared/transitions.js';
import { eventCode, stateCode } from './row-mapping.js';
import { cancel } from './sqlite-jobs.js';
import type { SqliteTx } from './sqlite-tx.js';

/** The worker's side of the SQLite store: the hot paths, with statements of their own. */

const BELOW_ALL = Number.MIN_SAFE_INTEGER;

interface Filters {
  namespace: string | null;
  queues: string | null;
  handlers: string | null;
  pausedQueues: string | null;
}

function filters(tx: SqliteTx, namespace: string | null, queues: string[] | null, handlers: string[] | null): Filters {
  const paused = tx.q['paused-queues'].get({ namespace }) as { pairs: string; n: number };
  return {
    namespace,
    queues: queues === null ? null : JSON.stringify(queues),
    handlers: handlers === null ? null : JSON.stringify(handlers),
    pausedQueues: paused.n > 0 ? paused.pairs : null,
  };
}

/** Priority levels holding claimable jobs, best first (one index seek each). */
function* priorities(tx: SqliteTx): Generator<number> {
  let after = BELOW_ALL;
  for (;;) {
    const { priority } = tx.q['next-claimable-priority'].get({ after }) as { priority: number | null };
    if (priority === null) return;
    yield priority;
    after = priority;
  }
}

export function acquireJobs(tx: SqliteTx, request: AcquireJobsRequest): AcquireJobsResult {
  const { q, now } = tx;
  const result: AcquireJobsResult = { jobs: [], misfired: [] };
  if (request.limit <= 0 || request.queues?.length === 0 || request.handlers?.length === 0) return result;
  const where = filters(tx, request.namespace, request.queues, request.handlers);
  const leaseUntil = now + request.leaseMs;
  const dueBy = Math.max(now, request.dueBy ?? now);
  for (const priority of priorities(tx)) {
    for (;;) {
      const wanted = request.limit - result.jobs.length;
      const due = q['due-at-priority'].all({
        namespace: where.namespace,
        queues: where.queues,
        handlers: where.handlers,
        pausedQueues: where.pausedQueues,
        priority,
        dueBy,
        limit: wanted,
      }) as {
        seq: number;
        deadline: number | null;
      }[];
      const claimable: number[] = [];
      for (const { seq, deadline } of due) {
        if (deadline === null || deadline >= now) claimable.push(seq);
        else result.misfired.push(misfire(tx, seq, deadline));
      }
      if (claimable.length > 0) result.jobs.push(...claim(tx, claimable, request.workerId, leaseUntil));
      if (result.jobs.length >= request.limit) return result;
      if (due.length < wanted) break; // this level has no more due jobs
    }
  }
  return result;
}

function claim(tx: SqliteTx, seqs: number[], workerId: string, leaseUntil: number): Job[] {
  const { now } = tx;
  const json = JSON.stringify(seqs);
  const rows = tx.many('claim-jobs', { seqs: json, workerId, leaseUntil, now, nowText: String(now) });
  const order = new Map(seqs.map((seq, i) => [seq, i]));
  rows.sort((a, b) => order.get(a.seq)! - order.get(b.seq)!);
  return rows.map(({ job }) => {
    tx.events.push(jobEvent('job.started', job, now));
    return job;
  });
}

function misfire(tx: SqliteTx, seq: number, deadline: number): Job {
  const { job } = tx.one('job-by-seq', { seq })!;
  const error = misfiredFailure(deadline, tx.now);
  return cancel(tx, seq, { ...job, error }, 'misfired', cancelData('misfired', error));
}

interface Fenced {
  id: string;
  attempt: number;
  workerId: string;
  namespace?: string | undefined;
}

/** The fence parameters of a worker-side call (objects built field by field: see row-mapping.ts). */
const fence = (ref: Fenced) => ({
  id: ref.id,
  attempt: ref.attempt,
  workerId: ref.workerId,
  namespace: ref.namespace ?? null,
});

export function extendJobLeases(tx: SqliteTx, workerId: string, leases: LeaseRef[], leaseMs: number): string[] {
  const lost: string[] = [];
  const leaseUntil = tx.now + leaseMs;
  for (const lease of leases) {
    const row = tx.q['extend-lease'].get({
      id: lease.id,
      attempt: lease.attempt,
      workerId,
      namespace: lease.namespace ?? null,
      leaseUntil,
    });
    if (!row) lost.push(lease.id);
  }
  return lost;
}

export function reportProgress(tx: SqliteTx, lease: LeaseRef & { workerId: string }, progress: Json | null): boolean {
  const text = JSON.stringify(progress);
  const row = tx.one('set-progress', {
    id: lease.id,
    attempt: lease.attempt,
    workerId: lease.workerId,
    namespace: lease.namespace ?? null,
    progress: text,
    now: tx.now,
  });
  if (!row) return false;
  tx.record(row.seq, row.job, 'job.progress', JSON.parse(text) as Json);
  return true;
}

/** What one outcome writes, computed once for the batch statement and for its events. */
interface Planned {
  outcome: FencedOutcome;
  type: (typeof EVENT)[keyof typeof EVENT];
  error: JobFailure | null;
  data: Json | null;
  row: unknown[];
}

function plan(outcome: FencedOutcome, now: number): Planned {
  const error: JobFailure | null = outcome.kind === 'succeeded' ? null : outcome.error;
  const errorText = error === null ? null : JSON.stringify(error);
  const resultText = outcome.kind === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null;
  const runAt = outcome.kind === 'retry' ? outcome.runAt : null;
  const state = outcome.kind === 'retry' ? waitingState(outcome.runAt, now) : FINAL[outcome.kind];
  const type = EVENT[outcome.kind];
  const data = outcome.kind === 'aborted' ? cancelData('aborted', error) : null;
  const dataText = outcome.kind === 'succeeded' ? resultText : data === null ? errorText : JSON.stringify(data);
  const row = [
    outcome.id,
    outcome.namespace ?? null,
    outcome.workerId,
    outcome.attempt,
    stateCode(state),
    runAt,
    resultText,
    errorText,
    outcome.kind === 'retry' ? null : now,
    `[${eventCode(type)},${stateCode(state)},${outcome.attempt},${now},`,
    runAt,
    `,${dataText}]\n`,
  ];
  return { outcome, type, error, data, row };
}

/**
 * Applies a batch of fenced outcomes in one statement (`finish-jobs`), then matches the rows it wrote
 * to the outcomes in order; an outcome with no row was stale, and the job it named is looked up.
 */
export function finishJobs(tx: SqliteTx, outcomes: FencedOutcome[]): FinishResult[] {
  const { now } = tx;
  const planned = outcomes.map((outcome) => plan(outcome, now));
  const written = tx.many('finish-jobs', { outcomes: JSON.stringify(planned.map((p) => p.row)), now });
  const byId = new Map<string, Job[]>();
  for (const { job } of written) {
    const same = byId.get(job.id);
    if (same) same.push(job);
    else byId.set(job.id, [job]);
  }
  return planned.map(({ outcome, type, error, data }) => {
    const candidates = byId.get(outcome.id);
    const at = candidates?.findIndex((j) => outcome.namespace == null || j.namespace === outcome.namespace) ?? -1;
    if (at < 0) {
      const current = tx.one('fenced-job', fence(outcome));
      return { id: outcome.id, applied: false, job: current?.job ?? null };
    }
    const job = candidates!.splice(at, 1)[0]!;
    tx.events.push(jobEvent(type, job, now, outcome.kind === 'succeeded' ? job.result : (data ?? failureData(error!))));
    return { id: outcome.id, applied: true, job };
  });
}

const FINAL = { succeeded: 'succeeded', failed: 'failed', aborted: 'cancelled' } as const;
const EVENT = {
  succeeded: 'job.succeeded',
  failed: 'job.failed',
  retry: 'job.retried',
  aborted: 'job.cancelled',
} as const;

export function reapAbandonedJobs(tx: SqliteTx, limit: number): Job[] {
  const { now } = tx;
  const rows = tx.many('expired-leases', { now, limit: Math.max(0, limit) });
  return rows.map((row) => {
    const { job } = row;
    const stalls = job.stalls + 1;
    const ended: Job = { ...job, stalls, leaseOwner: null, leaseUntil: null, updatedAt: now };
    if (job.attempt < job.maxAttempts) {
      const next: Job = { ...ended, state: waitingState(job.runAt, now) };
      tx.transition(row.seq, next, 'job.stalled', { stalls });
      return next;
    }
    const error = stalledFailure(stalls);
    const next: Job = { ...ended, state: 'failed', error, finishedAt: now };
    tx.transition(row.seq, next, 'job.stalled', { stalls });
    tx.record(row.seq, next, 'job.failed', failureData(error));
    return next;
  });
}

export function nextJobDueAt(
  tx: SqliteTx,
  namespace: string | null,
  queues: string[] | null,
  handlers: string[] | null,
): number | null {
  if (queues?.length === 0 || handlers?.length === 0) return null;
  const where = filters(tx, namespace, queues, handlers);
  let min: number | null = null;
  for (const priority of priorities(tx)) {
    const row = tx.q['next-due-at-priority'].get({
      namespace: where.namespace,
      queues: where.queues,
      handlers: where.handlers,
      pausedQueues: where.pausedQueues,
      priority,
    }) as { run_at: number } | undefined;
    if (row && (min === null || row.run_at < min)) min = row.run_at;
  }
  return min;
}
