import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { AcquireJobsRequest, AcquireJobsResult, FencedOutcome, FinishResult, LeaseRef } from '../store.js';
import { cancelData, failureData, misfiredFailure, stalledFailure } from '../shared/job-records.js';
import { leaseExpired, waitingState } from '../shared/transitions.js';
import { cloneJson, jobView } from './clone.js';
import type { StoredJob } from './memory-data.js';
import type { MemoryTx } from './memory-tx.js';
import { cancel } from './memory-jobs.js';

/** The worker's side of the memory store: claim, heartbeat, finish, reap. */

export function acquireJobs(tx: MemoryTx, request: AcquireJobsRequest): AcquireJobsResult {
  const { now } = tx;
  const result: AcquireJobsResult = { jobs: [], misfired: [] };
  if (request.limit <= 0) return result;
  const filter = tx.data.dueFilter(request.namespace, request.queues, request.handlers);
  for (const record of tx.data.due.takeDue(filter, Math.max(now, request.dueBy ?? now))) {
    const job = record.job as Job & { state: 'scheduled' | 'queued' };
    if (job.deadline !== null && job.deadline < now) {
      const error = misfiredFailure(job.deadline, now);
      tx.data.writeJob(record, { ...job, error });
      cancel(tx, record, 'misfired', cancelData('misfired', error));
      result.misfired.push(jobView(record.job, now));
      continue;
    }
    const next: Job = {
      ...job,
      state: 'running',
      attempt: job.attempt + 1,
      leaseOwner: request.workerId,
      leaseUntil: now + request.leaseMs,
      updatedAt: now,
      startedAt: Math.max(now, job.runAt), // claimed ahead: it starts at its runAt
    };
    tx.transition(record, next, 'job.started');
    result.jobs.push(jobView(record.job, now));
    if (result.jobs.length >= request.limit) break;
  }
  return result;
}

function fence(workerId: string, attempt: number) {
  return (job: Job) => job.state === 'running' && job.leaseOwner === workerId && job.attempt === attempt;
}

function held(record: StoredJob, workerId: string, attempt: number): boolean {
  return fence(workerId, attempt)(record.job);
}

export function extendJobLeases(tx: MemoryTx, workerId: string, leases: LeaseRef[], leaseMs: number): string[] {
  const lost: string[] = [];
  for (const lease of leases) {
    const record = tx.data.findFenced(lease.id, lease.namespace, fence(workerId, lease.attempt));
    if (!record || !held(record, workerId, lease.attempt)) {
      lost.push(lease.id);
      continue;
    }
    tx.data.writeJob(record, { ...record.job, leaseUntil: tx.now + leaseMs });
  }
  return lost;
}

export function reportProgress(tx: MemoryTx, lease: LeaseRef & { workerId: string }, progress: Json | null): boolean {
  const record = tx.data.findFenced(lease.id, lease.namespace, fence(lease.workerId, lease.attempt));
  if (!record || !held(record, lease.workerId, lease.attempt)) return false;
  const copy = cloneJson(progress);
  tx.data.writeJob(record, { ...record.job, progress: copy, updatedAt: tx.now });
  tx.record(record, 'job.progress', cloneJson(copy));
  return true;
}

export function finishJobs(tx: MemoryTx, outcomes: FencedOutcome[]): FinishResult[] {
  const { now } = tx;
  return outcomes.map((outcome) => {
    const record = tx.data.findFenced(outcome.id, outcome.namespace, fence(outcome.workerId, outcome.attempt));
    if (!record || !held(record, outcome.workerId, outcome.attempt)) {
      return { id: outcome.id, applied: false, job: record ? jobView(record.job, now) : null };
    }
    const ended = { ...record.job, leaseOwner: null, leaseUntil: null, updatedAt: now };
    switch (outcome.kind) {
      case 'succeeded': {
        const result = cloneJson(outcome.result);
        tx.transition(
          record,
          { ...ended, state: 'succeeded', result, finishedAt: now },
          'job.succeeded',
          cloneJson(result),
        );
        break;
      }
      case 'failed':
        tx.transition(
          record,
          { ...ended, state: 'failed', error: { ...outcome.error }, finishedAt: now },
          'job.failed',
          failureData(outcome.error),
        );
        break;
      case 'retry': {
        const next: Job = {
          ...ended,
          state: waitingState(outcome.runAt, now),
          runAt: outcome.runAt,
          error: { ...outcome.error },
        };
        tx.transition(record, next, 'job.retried', failureData(outcome.error));
        break;
      }
      case 'aborted':
        tx.data.writeJob(record, { ...ended, error: { ...outcome.error } });
        cancel(tx, record, 'aborted', cancelData('aborted', outcome.error));
        break;
    }
    return { id: outcome.id, applied: true, job: jobView(record.job, now) };
  });
}

export function reapAbandonedJobs(tx: MemoryTx, limit: number): Job[] {
  const { now } = tx;
  const expired = [...tx.data.running].filter((r) => leaseExpired(r.job.leaseUntil, now));
  expired.sort((a, b) => a.job.leaseUntil! - b.job.leaseUntil! || a.seq - b.seq);
  return expired.slice(0, Math.max(0, limit)).map((record) => {
    const job = record.job;
    const stalls = job.stalls + 1;
    const ended = { ...job, stalls, leaseOwner: null, leaseUntil: null, updatedAt: now };
    if (job.attempt >= job.maxAttempts) {
      const error = stalledFailure(stalls);
      tx.transition(record, { ...ended, state: 'failed', error, finishedAt: now }, 'job.stalled', { stalls });
      tx.record(record, 'job.failed', failureData(error));
    } else {
      tx.transition(record, { ...ended, state: waitingState(job.runAt, now) }, 'job.stalled', { stalls });
    }
    return jobView(record.job, now);
  });
}

export function nextJobDueAt(
  tx: MemoryTx,
  namespace: string | null,
  queues: string[] | null,
  handlers: string[] | null,
): number | null {
  return tx.data.due.earliest(tx.data.dueFilter(namespace, queues, handlers));
}
