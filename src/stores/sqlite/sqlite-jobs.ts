import { JobKeyConflictError, JobNotFoundError } from '../../core/errors.js';
import type { Job, JobFilter, JobPatch, NewJob, Page, PageRequest } from '../../core/job.js';
import type { AddJobResult } from '../store.js';
import {
  applyJobPatch,
  cancelData,
  createJob,
  jobEvent,
  patchedFields,
  type CancelReason,
} from '../shared/job-records.js';
import { decideKeyConflict, replacedCancelData } from '../shared/key-conflict.js';
import { decodeJobCursor, encodeJobCursor, pageLimit } from '../shared/paging.js';
import { mustTransition, waitingState } from '../shared/transitions.js';
import { historyLine, insertParams, stateCode } from './row-mapping.js';
import type { SqliteTx } from './sqlite-tx.js';

/** The producer's side of the SQLite store: add, read, list and manage jobs (one transaction each). */

export function addJobs(tx: SqliteTx, inputs: NewJob[]): AddJobResult[] {
  return inputs.map((input) => addOne(tx, input));
}

function addOne(tx: SqliteTx, input: NewJob): AddJobResult {
  const { q, now } = tx;
  const job = createJob(input, now);
  const added = jobEvent('job.added', job, now);
  const params = insertParams(job, JSON.stringify(input.payload), historyLine(added, null));
  if (q['insert-job'].run(params).changes === 1) {
    tx.events.push(added);
    return { job, created: true };
  }
  const existing = tx.getRow(input.namespace, input.id);
  if (existing) return { job: existing.job, created: false };
  const holder = tx.one('get-live-key-holder', { namespace: input.namespace, key: input.key });
  if (!holder || input.key === null) throw new Error(`job "${input.id}" was refused for no reason the store knows`);
  const decision = decideKeyConflict(input.onKeyConflict, input.key, holder.job.id);
  if (decision.action === 'keep-holder') {
    const result: AddJobResult = { job: holder.job, created: false };
    if (decision.error) result.error = decision.error;
    return result;
  }
  cancel(tx, holder.seq, holder.job, 'replaced', replacedCancelData(input.id));
  q['insert-job'].run(params);
  tx.events.push(added);
  return { job, created: true };
}

export function cancel(tx: SqliteTx, seq: number, job: Job, reason: CancelReason, data = cancelData(reason)): Job {
  const { now } = tx;
  const next: Job = {
    ...job,
    state: 'cancelled',
    pausedFrom: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: now,
    finishedAt: now,
  };
  tx.transition(seq, next, 'job.cancelled', data);
  return next;
}

function mustGet(tx: SqliteTx, namespace: string, id: string): { seq: number; job: Job } {
  const row = tx.getRow(namespace, id);
  if (!row) throw new JobNotFoundError(id);
  return row;
}

export function getJob(tx: SqliteTx, namespace: string, id: string): Job | null {
  return tx.getRow(namespace, id)?.job ?? null;
}

export function listJobs(tx: SqliteTx, filter: JobFilter, page: PageRequest): Page<Job> {
  const cursor = decodeJobCursor(page.cursor);
  const limit = pageLimit(page);
  const list = (values: unknown[] | undefined) => (values === undefined ? null : JSON.stringify(values));
  const rows = tx.many('list-jobs', {
    namespace: filter.namespace,
    cursorAt: cursor?.createdAt ?? null,
    cursorId: cursor?.id ?? null,
    now: tx.now,
    states: list(filter.states?.map(stateCode)),
    queues: list(filter.queues),
    handlers: list(filter.handlers),
    key: filter.key ?? null,
    scheduleId: filter.scheduleId ?? null,
    runAtFrom: filter.runAtFrom ?? null,
    runAtTo: filter.runAtTo ?? null,
    payloadContains: filter.payloadContains ?? null,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit).map((row) => row.job);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeJobCursor(last) : null };
}

export function updateJob(tx: SqliteTx, namespace: string, id: string, patch: JobPatch): Job {
  const { seq, job } = mustGet(tx, namespace, id);
  mustTransition('update', job, tx.now);
  const next = applyJobPatch(job, patch, tx.now);
  tx.transition(seq, next, 'job.updated', { fields: patchedFields(patch) });
  return next;
}

export function pauseJob(tx: SqliteTx, namespace: string, id: string): Job {
  const { seq, job } = mustGet(tx, namespace, id);
  if (!mustTransition('pause', job, tx.now)) return job;
  const next: Job = { ...job, state: 'paused', pausedFrom: waitingState(job.runAt, tx.now), updatedAt: tx.now };
  tx.transition(seq, next, 'job.paused');
  return next;
}

export function resumeJob(tx: SqliteTx, namespace: string, id: string): Job {
  const { seq, job } = mustGet(tx, namespace, id);
  if (!mustTransition('resume', job, tx.now)) return job;
  const next: Job = { ...job, state: waitingState(job.runAt, tx.now), pausedFrom: null, updatedAt: tx.now };
  tx.transition(seq, next, 'job.resumed');
  return next;
}

export function cancelJob(tx: SqliteTx, namespace: string, id: string): Job {
  const { seq, job } = mustGet(tx, namespace, id);
  return mustTransition('cancel', job, tx.now) ? cancel(tx, seq, job, 'cancelled') : job;
}

export function retryJob(tx: SqliteTx, namespace: string, id: string): Job {
  const { seq, job } = mustGet(tx, namespace, id);
  mustTransition('retry', job, tx.now);
  if (job.key !== null) {
    const holder = tx.one('get-live-key-holder', { namespace, key: job.key });
    if (holder && holder.job.id !== id) throw new JobKeyConflictError(job.key, holder.job.id);
  }
  const next: Job = {
    ...job,
    state: 'queued',
    runAt: tx.now,
    attempt: 0,
    stalls: 0,
    progress: null,
    result: null,
    error: null,
    updatedAt: tx.now,
    startedAt: null,
    finishedAt: null,
  };
  tx.transition(seq, next, 'job.retried');
  return next;
}

export function deleteJob(tx: SqliteTx, namespace: string, id: string): boolean {
  const row = tx.getRow(namespace, id);
  if (!row) return false;
  tx.q['delete-job'].run({ seq: row.seq });
  tx.events.push(jobEvent('job.deleted', row.job, tx.now));
  return true;
}

export function liveOccurrences(tx: SqliteTx, namespace: string, scheduleIds: string[]): Map<string, Job[]> {
  const result = new Map<string, Job[]>();
  for (const scheduleId of scheduleIds) {
    result.set(
      scheduleId,
      tx.many('live-occurrences', { namespace, scheduleId }).map((row) => row.job),
    );
  }
  return result;
}
