import type { JobTracer } from '../core/job-tracer.js';
import { JobNotFoundError, UnknownHandlerError, ValidationError } from '../core/errors.js';
import { resolveBackoff, resolveNewJob, toEpochMs, type BackoffInput, type JobOptions } from '../core/job-input.js';
import { toMs, type Duration } from '../core/duration.js';
import type { JobEvent } from '../core/events.js';
import { isHttpTargetInput, resolveHttpTarget, type HttpTargetInput } from '../core/http-target.js';
import {
  HTTP_HANDLER,
  isFinal,
  JOB_STATES,
  type Job,
  type JobFilter,
  type JobPatch,
  type JobState,
  type Page,
  type PageRequest,
} from '../core/job.js';
import { serialisePayload, type Json } from '../core/json.js';
import type { Store } from '../stores/store.js';
import type { HandlerDefinition } from '../worker/handler-registry.js';
import { validateHandlerName } from '../worker/handler-registry.js';
import type { EventBus } from '../events/event-bus.js';
import type { EnqueueBatcher } from './enqueue-batcher.js';
import type { ResolvedConfig } from './options.js';

/**
 * What runs a job: a handler's name or definition, or an HTTP target (`{ url: 'https://…' }`): the
 * built-in `http` handler POSTs the payload there (src/http-target).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the result type of a referenced handler does not matter here
export type HandlerRef<P> = string | HandlerDefinition<P, any> | HttpTargetInput;

export interface JobListFilter extends Omit<JobFilter, 'namespace' | 'runAtFrom' | 'runAtTo'> {
  runAtFrom?: Date | number;
  runAtTo?: Date | number;
}

export interface JobUpdate {
  payload?: unknown;
  queue?: string;
  priority?: number;
  runAt?: Date | number;
  maxAttempts?: number;
  backoff?: BackoffInput;
  timeout?: Duration | null;
}

interface JobsDeps {
  store: Store;
  bus: EventBus;
  batcher: EnqueueBatcher;
  config: ResolvedConfig;
  knowsHandler: (name: string) => boolean;
  tracer: JobTracer | null;
}

/** Runtime management of jobs, valid in every state; the store decides what each state allows. */
export class Jobs {
  constructor(private readonly deps: JobsDeps) {}

  private get ns(): string {
    return this.deps.config.namespace;
  }

  /** Submits one job; resolves once it is durable. */
  async enqueue<P>(handler: HandlerRef<P>, payload: P, options?: JobOptions): Promise<Job<P>> {
    const job = this.resolve(handler, payload, options, Date.now());
    const trace = this.deps.tracer?.enqueue(job);
    if (trace?.traceparent) job.traceparent = trace.traceparent;
    try {
      const result = await this.deps.batcher.add(job);
      trace?.end();
      return result.job as Job<P>;
    } catch (error) {
      trace?.end(error);
      throw error;
    }
  }

  /** Submits many jobs in one atomic write; every entry is validated before anything is written. */
  async enqueueMany(
    entries: { handler: HandlerRef<unknown>; payload: unknown; options?: JobOptions }[],
  ): Promise<Job[]> {
    const now = Date.now();
    const jobs = entries.map((e) => this.resolve(e.handler, e.payload, e.options, now));
    const traces = this.deps.tracer ? jobs.map((job) => this.deps.tracer!.enqueue(job)) : [];
    traces.forEach((t, i) => t.traceparent && (jobs[i]!.traceparent = t.traceparent));
    let results;
    try {
      results = await this.deps.store.addJobs(jobs, now);
    } finally {
      for (const t of traces) t.end();
    }
    const refused = results.find((r) => r.error);
    if (refused?.error) throw refused.error;
    return results.map((r) => r.job);
  }

  async get(id: string): Promise<Job> {
    const job = await this.deps.store.getJob(this.ns, id, Date.now());
    if (!job) throw new JobNotFoundError(id);
    return job;
  }

  async find(id: string): Promise<Job | null> {
    return this.deps.store.getJob(this.ns, id, Date.now());
  }

  /** The live job (scheduled, queued, running or paused) holding `key`, if any. */
  async findByKey(key: string): Promise<Job | null> {
    const page = await this.list({ key, states: ['scheduled', 'queued', 'running', 'paused'] }, { limit: 1 });
    return page.items[0] ?? null;
  }

  list(filter: JobListFilter = {}, page: PageRequest = {}): Promise<Page<Job>> {
    if (filter.states) {
      for (const s of filter.states)
        if (!JOB_STATES.includes(s)) throw new ValidationError('filter.states', `"${s}" is not a job state`);
    }
    const resolved: JobFilter = {
      ...filter,
      namespace: this.ns,
      runAtFrom: filter.runAtFrom === undefined ? undefined : toEpochMs(filter.runAtFrom, 'filter.runAtFrom'),
      runAtTo: filter.runAtTo === undefined ? undefined : toEpochMs(filter.runAtTo, 'filter.runAtTo'),
    };
    if (page.limit !== undefined && (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 1000)) {
      throw new ValidationError('page.limit', 'must be an integer from 1 to 1000');
    }
    return this.deps.store.listJobs(resolved, page, Date.now());
  }

  /** Changes a job that has not started: payload, options, or its run time (reschedule). */
  update(id: string, update: JobUpdate): Promise<Job> {
    const patch: JobPatch = {};
    if ('payload' in update)
      patch.payload = JSON.parse(serialisePayload(update.payload, 'payload', this.deps.config.maxPayloadBytes)) as Json;
    if (update.queue !== undefined) patch.queue = update.queue;
    if (update.priority !== undefined) patch.priority = update.priority;
    if (update.runAt !== undefined) patch.runAt = toEpochMs(update.runAt, 'runAt');
    if (update.maxAttempts !== undefined) patch.maxAttempts = update.maxAttempts;
    if (update.backoff !== undefined)
      patch.backoff = resolveBackoff(update.backoff, this.deps.config.jobDefaults.backoff, 'backoff');
    if (update.timeout !== undefined)
      patch.timeoutMs = update.timeout === null ? null : toMs(update.timeout, 'timeout');
    return this.deps.store.updateJob(this.ns, id, patch, Date.now());
  }

  reschedule(id: string, runAt: Date | number): Promise<Job> {
    return this.update(id, { runAt });
  }

  /** Runs a scheduled job now instead of at its runAt. */
  runNow(id: string): Promise<Job> {
    return this.update(id, { runAt: Date.now() });
  }

  pause(id: string): Promise<Job> {
    return this.deps.store.pauseJob(this.ns, id, Date.now());
  }

  resume(id: string): Promise<Job> {
    return this.deps.store.resumeJob(this.ns, id, Date.now());
  }

  /** Cancels in any live state; a running handler's AbortSignal fires. */
  cancel(id: string): Promise<Job> {
    return this.deps.store.cancelJob(this.ns, id, Date.now());
  }

  /** Runs a failed or cancelled job again with a fresh attempt budget. */
  retry(id: string): Promise<Job> {
    return this.deps.store.retryJob(this.ns, id, Date.now());
  }

  delete(id: string): Promise<boolean> {
    return this.deps.store.deleteJob(this.ns, id, Date.now());
  }

  /** The job's audit trail, oldest first. */
  history(id: string): Promise<JobEvent[]> {
    return this.deps.store.listJobEvents(this.ns, id);
  }

  /**
   * Resolves with the job once it reaches one of `states` (default: any final state). Listens to the
   * event feed, and reads the store on subscribe and on every event for the job, so a missed event
   * cannot leave it waiting.
   */
  async wait(id: string, options: { states?: JobState[]; signal?: AbortSignal } = {}): Promise<Job> {
    const done = (job: Job) => (options.states ? options.states.includes(job.state) : isFinal(job.state));
    return new Promise<Job>((resolve, reject) => {
      let checking = Promise.resolve();
      const check = () => {
        checking = checking.then(async () => {
          try {
            const job = await this.get(id);
            if (done(job)) finish(() => resolve(job));
          } catch (error) {
            finish(() => reject(error));
          }
        });
      };
      const sub = this.deps.bus.subscribe({ namespace: this.ns, jobId: id }, check);
      const onAbort = () => finish(() => reject(options.signal!.reason));
      const finish = (settle: () => void) => {
        sub.close();
        options.signal?.removeEventListener('abort', onAbort);
        settle();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }

  private resolve<P>(handler: HandlerRef<P>, payload: unknown, options: JobOptions | undefined, now: number) {
    const target = isHttpTargetInput(handler) ? resolveHttpTarget(handler, 'target') : null;
    const name = target ? HTTP_HANDLER : typeof handler === 'string' ? handler : (handler as { name?: unknown })?.name;
    validateHandlerName(name);
    if (!target && name === HTTP_HANDLER) {
      throw new ValidationError('handler', `"${HTTP_HANDLER}" is reserved for HTTP-target jobs: give a target url`);
    }
    const { config } = this.deps;
    if (config.requireKnownHandlers && config.roles.has('worker') && !this.deps.knowsHandler(name)) {
      throw new UnknownHandlerError(name);
    }
    const job = resolveNewJob(name, payload, options, {
      namespace: this.ns,
      now,
      defaults: config.jobDefaults,
      maxPayloadBytes: config.maxPayloadBytes,
    });
    if (target) job.target = target;
    return job;
  }
}
