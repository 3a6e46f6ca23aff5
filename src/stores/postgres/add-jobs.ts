import type { JobEvent } from '../../core/events.js';
import type { Job, NewJob } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { AddJobResult } from '../store.js';
import { createJob, jobEvent } from '../shared/job-records.js';
import { decideKeyConflict, replacedCancelData } from '../shared/key-conflict.js';
import { isLive } from '../shared/transitions.js';
import { saveJobs } from './context.js';
import type { Queryable } from './db.js';
import { newJobColumns } from './job-arrays.js';
import { cancelledJob, refOf } from './job-changes.js';
import { toStoredJob, view, type JobRow } from './rows.js';

export interface AddOutcome {
  results: AddJobResult[];
  events: JobEvent[];
}

/** True when the batch needs the keyed path (and so a transaction). */
export function hasKeys(jobs: NewJob[]): boolean {
  return jobs.some((job) => job.key !== null);
}

/**
 * addJobs without keys: one INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING statement, atomic on
 * its own (no transaction round trips). Ids that exist come back as they are (`created: false`).
 */
export async function addUnkeyed(q: Queryable, jobs: NewJob[], now: number): Promise<AddOutcome> {
  const { created, existing } = await insert(q, jobs, now);
  let stored = existing;
  // Neither written nor seen: a concurrent statement wrote the id after our snapshot. Re-read it.
  if (jobs.some((j) => !created.has(refOf(j.namespace, j.id)) && !existing.has(refOf(j.namespace, j.id)))) {
    stored = await getJobs(q, jobs);
  }
  const results: AddJobResult[] = [];
  const events: JobEvent[] = [];
  const seen = new Set<string>();
  for (const input of jobs) {
    const ref = refOf(input.namespace, input.id);
    const fresh = created.get(ref);
    if (fresh && !seen.has(ref)) {
      results.push({ job: view(fresh, now), created: true });
      events.push(jobEvent('job.added', fresh, now));
    } else {
      const job = fresh ?? stored.get(ref);
      if (!job) throw new Error(`job "${input.id}" was neither written nor found`);
      results.push({ job: view(job, now), created: false });
    }
    seen.add(ref);
  }
  return { results, events };
}

async function getJobs(q: Queryable, jobs: { namespace: string; id: string }[]): Promise<Map<string, Job>> {
  const rows = await q.run<JobRow>('get-jobs', [jobs.map((j) => j.namespace), jobs.map((j) => j.id)]);
  return new Map(rows.map((row) => [refOf(row.namespace, row.id), toStoredJob(row)]));
}

/**
 * Runs add-jobs.sql. Rows it wrote are rebuilt here from the input (the statement sends back only their
 * ids); rows that held an id come back whole.
 */
async function insert(
  q: Queryable,
  jobs: NewJob[],
  now: number,
): Promise<{ created: Map<string, Job>; existing: Map<string, Job> }> {
  const created = new Map<string, Job>();
  const existing = new Map<string, Job>();
  if (jobs.length === 0) return { created, existing };
  const columns = newJobColumns(jobs, now);
  const rows = await q.run<{ created: boolean; namespace: string; id: string; existing: JobRow | null }>('add-jobs', [
    now,
    ...columns,
  ]);
  const written = new Set<string>();
  for (const row of rows) {
    const ref = refOf(row.namespace, row.id);
    if (row.created) written.add(ref);
    else existing.set(ref, toStoredJob(row.existing!));
  }
  const payloads = columns[4] as string[];
  jobs.forEach((input, i) => {
    const ref = refOf(input.namespace, input.id);
    if (!written.has(ref) || created.has(ref)) return;
    // A copy, as stored: the caller's objects stay theirs.
    const job = createJob({ ...input, payload: JSON.parse(payloads[i]!) as Json, backoff: { ...input.backoff } }, now);
    created.set(ref, job);
  });
  return { created, existing };
}

/**
 * addJobs with keys, inside the caller's transaction. Advisory locks on the keys serialise writers of the
 * same key, so "is the key held?" and the write that follows cannot interleave with another writer's.
 * Entries are decided in order against the stored jobs and the batch's own earlier entries.
 */
export async function addKeyed(q: Queryable, jobs: NewJob[], now: number): Promise<AddOutcome> {
  const byNamespace = new Map<string, string[]>();
  for (const job of jobs) {
    if (job.key === null) continue;
    const keys = byNamespace.get(job.namespace) ?? [];
    keys.push(job.key);
    byNamespace.set(job.namespace, keys);
  }
  const liveByKey = new Map<string, Job>();
  for (const [namespace, keys] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    await q.run('lock-keys', [namespace, keys]);
    const holders = await q.run<JobRow>('lock-key-holders', [namespace, keys]);
    for (const row of holders) liveByKey.set(refOf(namespace, row.key!), toStoredJob(row));
  }
  const byRef = await getJobs(q, jobs);

  const results: AddJobResult[] = [];
  const events: JobEvent[] = [];
  let pending: { input: NewJob; index: number }[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const { created } = await insert(
      q,
      batch.map((p) => p.input),
      now,
    );
    const lost = batch.filter((p) => !created.has(refOf(p.input.namespace, p.input.id)));
    if (lost.length === 0) return;
    // Taken by a concurrent unkeyed writer of the same id after we looked: report theirs.
    const theirs = await getJobs(
      q,
      lost.map((p) => p.input),
    );
    for (const { input, index } of lost) {
      const job = theirs.get(refOf(input.namespace, input.id));
      if (job) results[index] = { job: view(job, now), created: false };
      const at = events.findIndex((e) => e.type === 'job.added' && e.jobId === input.id);
      if (at >= 0) events.splice(at, 1);
    }
  };

  for (const input of jobs) {
    const ref = refOf(input.namespace, input.id);
    const stored = byRef.get(ref);
    if (stored) {
      results.push({ job: view(stored, now), created: false });
      continue;
    }
    const keyRef = input.key === null ? null : refOf(input.namespace, input.key);
    const holder = keyRef === null ? undefined : liveByKey.get(keyRef);
    if (holder) {
      const decision = decideKeyConflict(input.onKeyConflict, input.key!, holder.id);
      if (decision.action === 'keep-holder') {
        results.push({ job: view(holder, now), created: false, ...(decision.error ? { error: decision.error } : {}) });
        continue;
      }
      // The holder may be an entry of this batch not yet written: write it before cancelling it.
      if (pending.some((p) => p.input.id === holder.id && p.input.namespace === holder.namespace)) await flush();
      const cancelled = cancelledJob(holder, now);
      const event = jobEvent('job.cancelled', cancelled, now, replacedCancelData(input.id));
      await saveJobs(q, [cancelled], [event]);
      events.push(event);
      byRef.set(refOf(holder.namespace, holder.id), cancelled);
      liveByKey.delete(keyRef!);
    }
    const job = createJob(input, now);
    pending.push({ input, index: results.length });
    results.push({ job: view(job, now), created: true });
    events.push(jobEvent('job.added', job, now));
    byRef.set(ref, job);
    if (keyRef !== null && isLive(job.state)) liveByKey.set(keyRef, job);
  }
  await flush();
  return { results, events };
}
