import { HTTP_HANDLER, type Job } from '../../core/job.js';
import { newJobId } from '../../core/ids.js';
import { TickworkError, JobKeyConflictError, ValidationError } from '../../core/errors.js';
import type { Tickwork } from '../../tickwork/tickwork.js';
import { EnqueueOutcome } from '../../gen/tickwork/v1/jobs_pb.js';
import { jobOptionField, renamingFields, withField } from '../convert/field-path.js';
import type { Submission } from '../convert/job-submission.js';
import { resolveNewJob } from '../../core/job-input.js';
import { validateHandlerName } from '../../worker/handler-registry.js';

/**
 * Enqueue and EnqueueBatch over the facade. The facade answers with the stored job but not with what
 * it did (created, found, replaced), which the IDL reports; until it does (see the report on issue 4)
 * the outcome is inferred here, exactly for all but one race:
 * - the service picks the id when the caller did not, so "a different id came back" means the live
 *   holder of the key was returned (EXISTING);
 * - a job created before the call started already existed (EXISTING); the store stamps createdAt with
 *   its commit time, never earlier than the call;
 * - REPLACED is reported when a live holder of the key was seen just before the write (a holder
 *   appearing in between is reported CREATED).
 */
export interface EnqueueResult {
  job: Job;
  outcome: EnqueueOutcome;
}

export async function enqueueOne(tw: Tickwork, sub: Submission): Promise<EnqueueResult> {
  const t0 = Date.now();
  const options = { ...sub.options, id: sub.options.id ?? newJobId(t0) };
  const holder = options.key && options.onKeyConflict === 'replace' ? await tw.jobs.findByKey(options.key) : null;
  const job = await renamingFields(
    () => tw.jobs.enqueue(sub.handler, sub.payload, options),
    (f) => jobOptionField(f, 'job'),
  );
  return { job, outcome: outcomeOf(job, options.id, t0, holder) };
}

function outcomeOf(job: Job, submittedId: string, t0: number, holder: Job | null): EnqueueOutcome {
  if (job.id !== submittedId || job.createdAt < t0) return EnqueueOutcome.EXISTING;
  if (holder && holder.id !== job.id) return EnqueueOutcome.REPLACED;
  return EnqueueOutcome.CREATED;
}

export interface BatchItemResult {
  job: Job | null;
  outcome: EnqueueOutcome;
  error: TickworkError | null;
}

/**
 * A batch: validated whole before anything is written (one bad item fails the call naming
 * `jobs[i]…`), then written in one atomic step by the facade. A key conflict under `reject` refuses
 * only its item; the facade reports it by throwing after the others were written, so the per-item
 * results are then read back.
 */
export async function enqueueBatch(tw: Tickwork, subs: Submission[]): Promise<BatchItemResult[]> {
  const t0 = Date.now();
  const items = subs.map((s) => ({ ...s, options: { ...s.options, id: s.options.id ?? newJobId(t0) } }));
  const holders = await Promise.all(
    items.map((s) =>
      s.options.key && s.options.onKeyConflict === 'replace' ? tw.jobs.findByKey(s.options.key) : null,
    ),
  );
  let jobs: Job[];
  try {
    jobs = await tw.jobs.enqueueMany(
      items.map((s) => ({ handler: s.handler, payload: s.payload, options: s.options })),
    );
  } catch (error) {
    if (error instanceof JobKeyConflictError) return readBack(tw, items, t0);
    if (error instanceof TickworkError && error.field !== undefined) throw locate(tw, items, error);
    throw error;
  }
  return jobs.map((job, i) => ({ job, outcome: outcomeOf(job, items[i]!.options.id, t0, holders[i]!), error: null }));
}

/** After a partial write: each item is either stored under its id, or was answered by a key holder. */
async function readBack(tw: Tickwork, items: Submission[], t0: number): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  for (const item of items) {
    const id = item.options.id!;
    const stored = await tw.jobs.find(id);
    if (stored) {
      results.push({ job: stored, outcome: outcomeOf(stored, id, t0, null), error: null });
      continue;
    }
    const key = item.options.key;
    const holder = key ? await tw.jobs.findByKey(key) : null;
    if (key && item.options.onKeyConflict === 'reject') {
      const error = withField(new JobKeyConflictError(key, holder?.id ?? ''), `jobs[${items.indexOf(item)}].key`);
      results.push({ job: null, outcome: EnqueueOutcome.REJECTED, error });
    } else if (holder) {
      results.push({ job: holder, outcome: EnqueueOutcome.EXISTING, error: null });
    } else {
      // Neither written nor held: it was refused for a reason the facade did not report per item.
      const error = new TickworkError('INVALID_STATE', `jobs[${items.indexOf(item)}]: was not written`, {
        field: `jobs[${items.indexOf(item)}]`,
      });
      results.push({ job: null, outcome: EnqueueOutcome.REJECTED, error });
    }
  }
  return results;
}

/**
 * The facade names a bad field without saying which item it belongs to; find the item by validating
 * each on its own (pure, no I/O) and name it `jobs[i].field`.
 */
function locate(tw: Tickwork, items: Submission[], error: TickworkError): TickworkError {
  const { config } = tw;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    try {
      const name = typeof item.handler === 'string' ? item.handler : HTTP_HANDLER;
      validateHandlerName(name);
      if (error.code === 'UNKNOWN_HANDLER' && error.details.handler === name) throw error;
      resolveNewJob(name, item.payload, item.options, {
        namespace: config.namespace,
        now: Date.now(),
        defaults: config.jobDefaults,
        maxPayloadBytes: config.maxPayloadBytes,
      });
    } catch (e) {
      if (e instanceof TickworkError && e.field !== undefined)
        return withField(e, jobOptionField(e.field, `jobs[${i}]`));
    }
  }
  return error.field === undefined ? error : withField(error, jobOptionField(error.field, 'jobs'));
}

export function checkBatchSize(count: number, max: number): void {
  if (count === 0) throw new ValidationError('jobs', 'is required: 1 or more jobs');
  if (count > max)
    throw new ValidationError('jobs', `${count} jobs is over the batch limit of ${max}`, { count, limit: max });
}
