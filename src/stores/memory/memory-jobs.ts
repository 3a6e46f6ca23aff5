import { JobKeyConflictError, JobNotFoundError } from '../../core/errors.js';
import {
  effectiveState,
  type Job,
  type JobFilter,
  type JobPatch,
  type NewJob,
  type Page,
  type PageRequest,
} from '../../core/job.js';
import type { AddJobResult } from '../store.js';
import { decideKeyConflict, replacedCancelData } from '../shared/key-conflict.js';
import {
  applyJobPatch,
  cancelData,
  createJob,
  jobEvent,
  patchedFields,
  type CancelReason,
} from '../shared/job-records.js';
import { compareNewestFirst, decodeJobCursor, encodeJobCursor, isAfterJobCursor, pageLimit } from '../shared/paging.js';
import { mustTransition, waitingState } from '../shared/transitions.js';
import { cloneJson, jobView } from './clone.js';
import type { StoredJob } from './memory-data.js';
import type { MemoryTx } from './memory-tx.js';

/** The producer's side of the memory store: add, read, list and manage jobs. */

export function addJobs(tx: MemoryTx, inputs: NewJob[]): AddJobResult[] {
  const copies = inputs.map((input) => ({
    ...input,
    payload: cloneJson(input.payload),
    backoff: { ...input.backoff },
  }));
  return copies.map((input) => addOne(tx, input));
}

function addOne(tx: MemoryTx, input: NewJob): AddJobResult {
  const { data, now } = tx;
  const existing = data.getJob(input.namespace, input.id);
  if (existing) return { job: jobView(existing.job, now), created: false };
  if (input.key !== null) {
    const holderId = data.peek(input.namespace)?.keys.get(input.key);
    const holder = holderId === undefined ? undefined : data.getJob(input.namespace, holderId);
    if (holder) {
      const decision = decideKeyConflict(input.onKeyConflict, input.key, holder.job.id);
      if (decision.action === 'keep-holder') {
        const result: AddJobResult = { job: jobView(holder.job, now), created: false };
        if (decision.error) result.error = decision.error;
        return result;
      }
      cancel(tx, holder, 'replaced', replacedCancelData(input.id));
    }
  }
  const record = data.insertJob(createJob(input, now));
  tx.record(record, 'job.added');
  return { job: jobView(record.job, now), created: true };
}

export function cancel(tx: MemoryTx, record: StoredJob, reason: CancelReason, eventData = cancelData(reason)): void {
  const next: Job = {
    ...record.job,
    state: 'cancelled',
    pausedFrom: null,
    leaseOwner: null,
    leaseUntil: null,
    updatedAt: tx.now,
    finishedAt: tx.now,
  };
  tx.transition(record, next, 'job.cancelled', eventData);
}

export function mustGet(tx: MemoryTx, namespace: string, id: string): StoredJob {
  const record = tx.data.getJob(namespace, id);
  if (!record) throw new JobNotFoundError(id);
  return record;
}

export function listJobs(tx: MemoryTx, filter: JobFilter, page: PageRequest): Page<Job> {
  const cursor = decodeJobCursor(page.cursor);
  const limit = pageLimit(page);
  const data = tx.data.peek(filter.namespace);
  if (!data) return { items: [], nextCursor: null };
  const matches = (job: Job) => {
    if (filter.states && !filter.states.includes(effectiveState(job.state, job.runAt, tx.now))) return false;
    if (filter.queues && !filter.queues.includes(job.queue)) return false;
    if (filter.handlers && !filter.handlers.includes(job.handler)) return false;
    if (filter.key !== undefined && job.key !== filter.key) return false;
    if (filter.scheduleId !== undefined && job.scheduleId !== filter.scheduleId) return false;
    if (filter.runAtFrom !== undefined && job.runAt < filter.runAtFrom) return false;
    if (filter.runAtTo !== undefined && job.runAt >= filter.runAtTo) return false;
    if (filter.payloadContains !== undefined && !JSON.stringify(job.payload).includes(filter.payloadContains)) {
      return false;
    }
    return isAfterJobCursor(job, cursor);
  };
  const found: Job[] = [];
  for (const record of data.jobs.values()) if (matches(record.job)) found.push(record.job);
  found.sort(compareNewestFirst);
  const items = found.slice(0, limit).map((job) => jobView(job, tx.now));
  const last = items[items.length - 1];
  return { items, nextCursor: found.length > limit && last ? encodeJobCursor(last) : null };
}

export function updateJob(tx: MemoryTx, namespace: string, id: string, patch: JobPatch): Job {
  const record = mustGet(tx, namespace, id);
  mustTransition('update', record.job, tx.now);
  const copy: JobPatch = { ...patch };
  if (patch.payload !== undefined) copy.payload = cloneJson(patch.payload);
  if (patch.backoff !== undefined) copy.backoff = { ...patch.backoff };
  tx.transition(record, applyJobPatch(record.job, copy, tx.now), 'job.updated', { fields: patchedFields(patch) });
  return jobView(record.job, tx.now);
}

export function pauseJob(tx: MemoryTx, namespace: string, id: string): Job {
  const record = mustGet(tx, namespace, id);
  if (mustTransition('pause', record.job, tx.now)) {
    const pausedFrom = waitingState(record.job.runAt, tx.now);
    tx.transition(record, { ...record.job, state: 'paused', pausedFrom, updatedAt: tx.now }, 'job.paused');
  }
  return jobView(record.job, tx.now);
}

export function resumeJob(tx: MemoryTx, namespace: string, id: string): Job {
  const record = mustGet(tx, namespace, id);
  if (mustTransition('resume', record.job, tx.now)) {
    const state = waitingState(record.job.runAt, tx.now);
    tx.transition(record, { ...record.job, state, pausedFrom: null, updatedAt: tx.now }, 'job.resumed');
  }
  return jobView(record.job, tx.now);
}

export function cancelJob(tx: MemoryTx, namespace: string, id: string): Job {
  const record = mustGet(tx, namespace, id);
  if (mustTransition('cancel', record.job, tx.now)) cancel(tx, record, 'cancelled');
  return jobView(record.job, tx.now);
}

export function retryJob(tx: MemoryTx, namespace: string, id: string): Job {
  const record = mustGet(tx, namespace, id);
  mustTransition('retry', record.job, tx.now);
  const { key } = record.job;
  const holder = key === null ? undefined : tx.data.peek(namespace)?.keys.get(key);
  if (key !== null && holder !== undefined && holder !== id) throw new JobKeyConflictError(key, holder);
  const next: Job = {
    ...record.job,
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
  tx.transition(record, next, 'job.retried');
  return jobView(record.job, tx.now);
}

export function deleteJob(tx: MemoryTx, namespace: string, id: string): boolean {
  const record = tx.data.getJob(namespace, id);
  if (!record) return false;
  tx.data.removeJob(record);
  tx.events.push(jobEvent('job.deleted', record.job, tx.now));
  return true;
}
