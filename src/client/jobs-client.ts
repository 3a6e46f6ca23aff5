import { create } from '@bufbuild/protobuf';
import { FieldMaskSchema } from '@bufbuild/protobuf/wkt';
import type { Client } from '@connectrpc/connect';
import type { JobOptions } from '../core/job-input.js';
import type { JobFilter as CoreFilter, Page, PageRequest } from '../core/job.js';
import type { JobUpdate } from '../tickwork/jobs.js';
import { JobService } from '../gen/tickwork/v1/jobs_pb.js';
import { jobStates } from '../api/convert/enums.js';
import { timestamp } from '../api/convert/time.js';
import { call, fromConnectError } from './errors.js';
import { eventFromWire, jobFromWire, outcomeFromWire } from './from-wire.js';
import type { ClientJob, EnqueueOutcome, JobWatchUpdate } from './model.js';
import { submissionToWire, updateToWire, type ClientTarget } from './to-wire.js';

/** A job by id, or the live job holding a key. */
export type JobRef = string | { id: string } | { key: string };

export type JobListFilter = Omit<CoreFilter, 'namespace'>;

function selector(ref: JobRef): { case: 'id'; value: string } | { case: 'key'; value: string } {
  if (typeof ref === 'string') return { case: 'id', value: ref };
  return 'key' in ref ? { case: 'key', value: ref.key } : { case: 'id', value: ref.id };
}

/** JobService with the library's shapes: payloads as JSON, times as epoch ms, errors as TickworkError. */
export class JobsClient {
  constructor(
    private readonly rpc: Client<typeof JobService>,
    private readonly namespace: string,
  ) {}

  /** Submits one job; resolves once the server has it durably. */
  async enqueue<P>(handler: ClientTarget, payload: P, options?: JobOptions): Promise<ClientJob<P>> {
    return (await this.submit(handler, payload, options)).job as ClientJob<P>;
  }

  /** As enqueue, also saying what the server did (created, or found an existing job by id or key). */
  async submit(
    handler: ClientTarget,
    payload: unknown,
    options?: JobOptions,
  ): Promise<{ job: ClientJob; outcome: EnqueueOutcome }> {
    const job = submissionToWire(handler, payload, options);
    const res = await call(() => this.rpc.enqueue({ namespace: this.namespace, job }));
    return { job: jobFromWire(res.job!), outcome: outcomeFromWire(res.outcome) };
  }

  /** Many jobs in one atomic write. Items refused by a key conflict come back with `error`. */
  async enqueueMany(
    entries: { handler: ClientTarget; payload: unknown; options?: JobOptions }[],
    options: { returnJobs?: boolean } = {},
  ): Promise<{ jobId: string | null; outcome: EnqueueOutcome; job: ClientJob | null; error: Error | null }[]> {
    const jobs = entries.map((e) => submissionToWire(e.handler, e.payload, e.options));
    const res = await call(() =>
      this.rpc.enqueueBatch({ namespace: this.namespace, jobs, returnJobs: options.returnJobs ?? false }),
    );
    return res.results.map((r) => ({
      jobId: r.jobId || null,
      outcome: outcomeFromWire(r.outcome),
      job: r.job ? jobFromWire(r.job) : null,
      error: r.error ? new Error(`${r.error.field ? `${r.error.field}: ` : ''}${r.error.message}`) : null,
    }));
  }

  async get(ref: JobRef): Promise<ClientJob> {
    const res = await call(() => this.rpc.getJob({ namespace: this.namespace, selector: selector(ref) }));
    return jobFromWire(res.job!);
  }

  async list(filter: JobListFilter = {}, page: PageRequest = {}): Promise<Page<ClientJob>> {
    const res = await call(() =>
      this.rpc.listJobs({
        namespace: this.namespace,
        filter: {
          states: (filter.states ?? []).map((s) => jobStates.wire(s)),
          queues: filter.queues ?? [],
          handlers: filter.handlers ?? [],
          key: filter.key ?? '',
          scheduleId: filter.scheduleId ?? '',
          runAtFrom: filter.runAtFrom === undefined ? undefined : timestamp(filter.runAtFrom),
          runAtTo: filter.runAtTo === undefined ? undefined : timestamp(filter.runAtTo),
          payloadContains: filter.payloadContains ?? '',
        },
        pageSize: page.limit ?? 0,
        pageToken: page.cursor ?? '',
      }),
    );
    return { items: res.jobs.map(jobFromWire), nextCursor: res.nextPageToken || null };
  }

  async update(ref: JobRef, update: JobUpdate): Promise<ClientJob> {
    const { patch, paths } = updateToWire(update);
    const updateMask = create(FieldMaskSchema, { paths });
    const res = await call(() =>
      this.rpc.updateJob({ namespace: this.namespace, selector: selector(ref), patch, updateMask }),
    );
    return jobFromWire(res.job!);
  }

  async pause(ref: JobRef): Promise<ClientJob> {
    return jobFromWire(
      (await call(() => this.rpc.pauseJob({ namespace: this.namespace, selector: selector(ref) }))).job!,
    );
  }

  async resume(ref: JobRef): Promise<ClientJob> {
    return jobFromWire(
      (await call(() => this.rpc.resumeJob({ namespace: this.namespace, selector: selector(ref) }))).job!,
    );
  }

  async cancel(ref: JobRef, reason = ''): Promise<ClientJob> {
    const res = await call(() => this.rpc.cancelJob({ namespace: this.namespace, selector: selector(ref), reason }));
    return jobFromWire(res.job!);
  }

  /** Removes the job and its history; resolves with the id removed. */
  async delete(ref: JobRef): Promise<string> {
    return (await call(() => this.rpc.deleteJob({ namespace: this.namespace, selector: selector(ref) }))).jobId;
  }

  async retry(id: string): Promise<ClientJob> {
    return jobFromWire((await call(() => this.rpc.retryJob({ namespace: this.namespace, id }))).job!);
  }

  /** The job now, then after each change, until it is final or deleted (or `signal` aborts). */
  async *watch(ref: JobRef, options: { signal?: AbortSignal } = {}): AsyncGenerator<JobWatchUpdate> {
    try {
      const stream = this.rpc.watchJob(
        { namespace: this.namespace, selector: selector(ref) },
        options.signal ? { signal: options.signal } : {},
      );
      for await (const m of stream) {
        yield { job: m.job ? jobFromWire(m.job) : null, event: m.event ? eventFromWire(m.event) : null };
      }
    } catch (error) {
      throw fromConnectError(error);
    }
  }
}
