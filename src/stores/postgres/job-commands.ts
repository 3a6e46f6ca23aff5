import { JobKeyConflictError, JobNotFoundError } from '../../core/errors.js';
import type { JobEvent } from '../../core/events.js';
import type { Job, JobPatch } from '../../core/job.js';
import { applyJobPatch, cancelData, jobEvent, patchedFields } from '../shared/job-records.js';
import { mustTransition, waitingState, type JobOperation } from '../shared/transitions.js';
import { saveJobs, type StoreContext } from './context.js';
import type { Queryable } from './db.js';
import { cancelledJob } from './job-changes.js';
import { isUniqueViolation } from './map-error.js';
import { toStoredJob, view, type JobRow } from './rows.js';

type Change = { job: Job; events: JobEvent[] };

/**
 * The job's live state belongs to the hot tier (column `hot`, set by the tiered store's promoter): the
 * store must not change it. Only a TieredStore sees this; it hands the job back first and retries.
 */
export class JobIsHotError extends Error {
  constructor(
    readonly id: string,
    readonly queue: string,
  ) {
    super(`job "${id}" is owned by the hot tier`);
    this.name = 'JobIsHotError';
  }
}

/**
 * The operations a person or an API call makes on one job: lock the row, decide with the shared state
 * table, write the row and its event back — one transaction. They are rare next to claims and outcomes,
 * so they favour one clear code path over the single-statement tricks of the hot paths.
 */
export class JobCommands {
  constructor(private readonly ctx: StoreContext) {}

  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job> {
    return this.change(namespace, id, now, 'update', (job) => {
      const next = applyJobPatch(job, patch, now);
      return { job: next, events: [jobEvent('job.updated', next, now, { fields: patchedFields(patch) })] };
    });
  }

  pauseJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.change(namespace, id, now, 'pause', (job) => {
      const next: Job = { ...job, state: 'paused', pausedFrom: waitingState(job.runAt, now), updatedAt: now };
      return { job: next, events: [jobEvent('job.paused', next, now)] };
    });
  }

  resumeJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.change(namespace, id, now, 'resume', (job) => {
      const next: Job = { ...job, state: waitingState(job.runAt, now), pausedFrom: null, updatedAt: now };
      return { job: next, events: [jobEvent('job.resumed', next, now)] };
    });
  }

  cancelJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.change(namespace, id, now, 'cancel', (job) => {
      const next = cancelledJob(job, now);
      return { job: next, events: [jobEvent('job.cancelled', next, now, cancelData('cancelled'))] };
    });
  }

  retryJob(namespace: string, id: string, now: number): Promise<Job> {
    return this.change(namespace, id, now, 'retry', (job) => {
      const next: Job = {
        ...job,
        state: 'queued',
        runAt: now,
        attempt: 0,
        stalls: 0,
        progress: null,
        result: null,
        error: null,
        leaseOwner: null,
        leaseUntil: null,
        startedAt: null,
        finishedAt: null,
        updatedAt: now,
      };
      return { job: next, events: [jobEvent('job.retried', next, now)] };
    });
  }

  async deleteJob(namespace: string, id: string, now: number): Promise<boolean> {
    const [row] = await this.ctx.db.run<JobRow>('delete-job', [namespace, id]);
    if (!row) return false;
    this.ctx.publish([jobEvent('job.deleted', toStoredJob(row), now)]);
    return true;
  }

  /**
   * Cancels live jobs of one namespace inside the caller's transaction (cancel-previous); ids that are
   * gone or already final are skipped.
   */
  static async cancelMany(
    q: Queryable,
    namespace: string,
    ids: string[],
    now: number,
    reason: 'overlap',
  ): Promise<JobEvent[]> {
    if (ids.length === 0) return [];
    const rows = await q.run<JobRow>('lock-jobs', [namespace, ids]);
    const changed: Job[] = [];
    const events: JobEvent[] = [];
    for (const row of rows) {
      const job = toStoredJob(row);
      if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') continue;
      const next = cancelledJob(job, now);
      changed.push(next);
      events.push(jobEvent('job.cancelled', next, now, cancelData(reason)));
    }
    await saveJobs(q, changed, events);
    return events;
  }

  private async change(
    namespace: string,
    id: string,
    now: number,
    operation: JobOperation,
    apply: (job: Job) => Change,
  ): Promise<Job> {
    try {
      const { job, events } = await this.ctx.db.transaction(async (tx) => {
        const [row] = await tx.run<JobRow>('lock-jobs', [namespace, [id]]);
        if (!row) throw new JobNotFoundError(id);
        if (row.hot === true) throw new JobIsHotError(id, row.queue);
        const stored = toStoredJob(row);
        if (!mustTransition(operation, stored, now)) return { job: stored, events: [] };
        const change = apply(stored);
        await saveJobs(tx, [change.job], change.events);
        return change;
      });
      this.ctx.publish(events);
      return view(job, now);
    } catch (error) {
      // Retrying or resuming a keyed job while another live job took its key.
      if (isUniqueViolation(error, 'jobs_live_key_idx')) {
        const key = (await this.ctx.db.run<JobRow>('get-job', [namespace, id]))[0]?.key ?? '';
        throw new JobKeyConflictError(key, (await this.keyHolder(namespace, key)) ?? '');
      }
      throw error;
    }
  }

  private async keyHolder(namespace: string, key: string): Promise<string | null> {
    const rows = await this.ctx.db.run<JobRow>('lock-key-holders', [namespace, [key]]);
    return rows[0]?.id ?? null;
  }
}
