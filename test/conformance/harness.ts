import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TickworkEvent } from '../../src/core/events.js';
import type { ErrorCode } from '../../src/core/errors.js';
import type { Job, JobOutcome, NewJob } from '../../src/core/job.js';
import type { NewSchedule } from '../../src/core/schedule.js';
import type { AcquireJobsRequest, AcquireJobsResult, Store } from '../../src/stores/store.js';

/** What each conformance test gets: the shared store, its own namespaces, and the events it caused. */
export interface Ctx {
  store: Store;
  /** This test's namespace (random). */
  ns: string;
  /** A second namespace of this test, for the namespace-wall checks. */
  otherNs: string;
  /** Committed events of this test's namespaces, in delivery order. */
  events: TickworkEvent[];
}

/** The store and the adapter's cleanup, as an adapter's factory returns them. */
export type StoreFactory = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

/** Tests run on a virtual clock: every time is T0 plus an offset, passed to the store as `now`. */
export const T0 = Date.UTC(2031, 0, 1);
/** Far enough that every lease has expired and every job is due. */
export const FAR = T0 + 100 * 365 * 86_400_000;
export const SEC = 1000;
export const MIN = 60 * SEC;

export function randomNamespace(label: string): string {
  return `tw-${label}-${randomBytes(5).toString('hex')}`;
}

let counter = 0;

/** A NewJob with every option resolved; `overrides` win. */
export function newJob(t: Pick<Ctx, 'ns'>, overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: `job-${++counter}`,
    namespace: t.ns,
    queue: 'default',
    handler: 'h',
    payload: { n: counter },
    priority: 0,
    runAt: T0,
    maxAttempts: 3,
    backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
    ...overrides,
  };
}

/** Adds jobs (all must be created) and returns them. */
export async function add(t: Ctx, entries: Partial<NewJob>[], now = T0): Promise<Job[]> {
  const results = await t.store.addJobs(
    entries.map((e) => newJob(t, e)),
    now,
  );
  for (const r of results) expect(r.created, `job ${r.job.id} created`).toBe(true);
  return results.map((r) => r.job);
}

export async function addOne(t: Ctx, entry: Partial<NewJob> = {}, now = T0): Promise<Job> {
  return (await add(t, [entry], now))[0]!;
}

export function acquire(t: Ctx, request: Partial<AcquireJobsRequest> = {}): Promise<AcquireJobsResult> {
  return t.store.acquireJobs({
    workerId: 'w1',
    namespace: t.ns,
    queues: null,
    handlers: null,
    limit: 100,
    leaseMs: 30 * SEC,
    now: T0,
    ...request,
  });
}

/** Claims exactly the job `id` of this namespace (it must be the only due one in its queue). */
export async function claim(t: Ctx, id: string, request: Partial<AcquireJobsRequest> = {}): Promise<Job> {
  const job = await t.store.getJob(t.ns, id, request.now ?? T0);
  const { jobs } = await acquire(t, { queues: [job!.queue], limit: 1, ...request });
  expect(jobs.map((j) => j.id)).toEqual([id]);
  return jobs[0]!;
}

type OutcomeOf<K extends JobOutcome['kind']> = Extract<JobOutcome, { kind: K }>;

/** An outcome for a claimed job, from the worker that claimed it. */
export function outcome<K extends JobOutcome['kind']>(
  job: Job,
  kind: K,
  extra: Partial<OutcomeOf<K>> = {},
): OutcomeOf<K> {
  const failure = { message: 'boom', name: 'Error', code: null, stack: null, retryable: true };
  const base = { id: job.id, attempt: job.attempt, workerId: job.leaseOwner ?? 'w1', namespace: job.namespace };
  const byKind: Record<JobOutcome['kind'], object> = {
    succeeded: { result: { ok: true } },
    failed: { error: { ...failure, retryable: false } },
    retry: { error: failure, runAt: T0 + MIN },
    aborted: { error: { ...failure, message: 'cancelled', code: 'JOB_CANCELLED' } },
  };
  return { kind, ...base, ...byKind[kind], ...extra } as unknown as OutcomeOf<K>;
}

/** A NewSchedule: an interval trigger every minute from T0, due at T0; `overrides` win. */
export function newSchedule(t: Pick<Ctx, 'ns'>, overrides: Partial<NewSchedule> = {}): NewSchedule {
  return {
    id: `sched-${++counter}`,
    namespace: t.ns,
    trigger: { kind: 'interval', v: 1, everyMs: MIN, anchor: T0 },
    triggerState: { v: 1, count: 0, last: null },
    job: {
      handler: 'h',
      payload: { from: 'schedule' },
      queue: 'default',
      priority: 0,
      maxAttempts: 1,
      backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
      timeoutMs: null,
    },
    paused: false,
    nextFireAt: T0,
    misfireGraceMs: null,
    coalesce: 'latest',
    maxCatchUp: 10,
    overlap: 'allow',
    ...overrides,
  };
}

/** Expects the promise to reject with a TickworkError of this class and code; returns the error. */
export async function expectError<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
  code: ErrorCode,
): Promise<E> {
  const error = await promise.then(
    () => expect.fail(`expected ${type.name} (${code}), but the call succeeded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as { code?: string }).code).toBe(code);
  return error as E;
}

/** The event types this test saw for one job (or all), in order. */
export function eventTypes(t: Ctx, jobId?: string): string[] {
  return t.events.filter((e) => jobId === undefined || ('jobId' in e && e.jobId === jobId)).map((e) => e.type);
}

export function ids(jobs: { id: string }[]): string[] {
  return jobs.map((j) => j.id);
}
