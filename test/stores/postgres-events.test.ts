import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent, TickworkEvent } from '../../src/core/events.js';
import { isJobEvent } from '../../src/core/events.js';
import type { NewJob } from '../../src/core/job.js';
import { misfiredFailure } from '../../src/stores/shared/job-records.js';
import type { PostgresStore, StoreWake } from '../../src/stores/postgres/index.js';
import type { TestDatabase } from '../harness/test-database.js';
import { uniqueName } from '../harness/test-database.js';
import { eventually, openStore, testDatabase } from './postgres-fixtures.js';

const T0 = Date.UTC(2031, 0, 1);
const BACKOFF = { type: 'fixed', delayMs: 1000, maxDelayMs: 60_000, jitter: 0 } as const;
const FAILURE = { message: 'boom', name: 'Error', code: null, stack: null, retryable: true };

function job(namespace: string, id: string, extra: Partial<NewJob> = {}): NewJob {
  return {
    id,
    namespace,
    queue: 'default',
    handler: 'h',
    payload: { id },
    priority: 0,
    runAt: T0,
    maxAttempts: 2,
    backoff: BACKOFF,
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
    ...extra,
  };
}

let db: TestDatabase;
let schema: string;
let a: PostgresStore;
let b: PostgresStore;

beforeAll(async () => {
  db = await testDatabase();
  schema = uniqueName('s');
  a = openStore(db.url, { schema, shareEvents: true });
  b = openStore(db.url, { schema, shareEvents: true });
  await a.migrate();
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await db?.drop();
});

describe('PostgresStore events', () => {
  it('writes the same events to the history as it hands to listeners (SQL-built and TypeScript-built alike)', async () => {
    const ns = uniqueName('ns');
    const seen: JobEvent[] = [];
    const stop = a.onEvents((events) => seen.push(...events.filter(isJobEvent).filter((e) => e.namespace === ns)));
    const worker = (now: number) =>
      a.acquireJobs({ workerId: 'w', namespace: ns, queues: null, handlers: null, limit: 10, leaseMs: 1000, now });

    await a.addJobs([job(ns, 'ok'), job(ns, 'retry'), job(ns, 'abort'), job(ns, 'late', { deadline: T0 + 5 })], T0);
    const { jobs } = await worker(T0);
    const attempt = (id: string) => jobs.find((j) => j.id === id)!.attempt;
    await a.finishJobs(
      [
        { kind: 'succeeded', id: 'ok', attempt: attempt('ok'), workerId: 'w', result: { done: 1 } },
        { kind: 'retry', id: 'retry', attempt: attempt('retry'), workerId: 'w', error: FAILURE, runAt: T0 + 10 },
        { kind: 'aborted', id: 'abort', attempt: attempt('abort'), workerId: 'w', error: FAILURE },
        { kind: 'failed', id: 'late', attempt: attempt('late'), workerId: 'w', error: FAILURE },
      ],
      T0 + 1,
    );
    await a.retryJob(ns, 'late', T0 + 2); // failed → queued again, still with its deadline
    const { misfired } = await worker(T0 + 20); // late misfires; retry is claimed again
    expect(misfired.map((j) => j.id)).toEqual(['late']);
    expect(misfired[0]!.error).toEqual(misfiredFailure(T0 + 5, T0 + 20));
    await a.reapAbandonedJobs(T0 + 5000, 10); // retry's lease expired on its last attempt
    await a.updateJob(ns, 'ok', { priority: 1 }, T0 + 6000).catch(() => {});
    stop();

    for (const id of ['ok', 'retry', 'abort', 'late']) {
      const history = await a.listJobEvents(ns, id);
      expect(history, id).toEqual(seen.filter((e) => e.jobId === id && e.type !== 'job.progress'));
    }
    expect(seen.map((e) => `${e.jobId}:${e.type}`)).toContain('late:job.cancelled');
    expect(seen.filter((e) => e.jobId === 'retry').map((e) => e.type)).toEqual([
      'job.added',
      'job.started',
      'job.retried',
      'job.started',
      'job.stalled',
      'job.failed',
    ]);
  });

  it('wakes other store instances through NOTIFY, and shares events when asked', async () => {
    const ns = uniqueName('ns');
    const wakes: StoreWake[] = [];
    const remote: TickworkEvent[] = [];
    const stopWake = b.onWake((wake) => wakes.push(wake));
    const stopEvents = b.onEvents((events) => remote.push(...events.filter((e) => e.namespace === ns)));
    // LISTEN is up once a probe's hint arrives.
    await eventually(async () => {
      await a.setQueuePaused(ns, 'probe', false, T0);
      expect(wakes.some((w) => w.kind === 'jobs' && w.queue === 'probe')).toBe(true);
    });

    await a.addJobs(
      [job(ns, 'x', { queue: 'mail', runAt: T0 + 500 }), job(ns, 'y', { queue: 'mail', runAt: T0 + 100 })],
      T0,
    );
    await eventually(() => {
      expect(wakes).toContainEqual({ kind: 'jobs', namespace: ns, queue: 'mail', runAt: T0 + 100 });
    });
    // a's events reach b's listeners once (b's own are delivered locally, never echoed).
    await eventually(() =>
      expect(remote.filter((e) => e.type === 'job.added').map((e) => (e as JobEvent).jobId)).toEqual(['x', 'y']),
    );
    await b.cancelJob(ns, 'x', T0);
    expect(remote.filter((e) => e.type === 'job.cancelled')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(remote.filter((e) => e.type === 'job.cancelled')).toHaveLength(1);

    await a.upsertSchedule(
      {
        id: 'sch',
        namespace: ns,
        trigger: { kind: 'interval', v: 1, everyMs: 60_000, anchor: T0 },
        triggerState: { v: 1, count: 0, last: null },
        job: {
          handler: 'h',
          payload: null,
          queue: 'default',
          priority: 0,
          maxAttempts: 1,
          backoff: BACKOFF,
          timeoutMs: null,
        },
        paused: false,
        nextFireAt: T0,
        misfireGraceMs: null,
        coalesce: 'latest',
        maxCatchUp: 1,
        overlap: 'allow',
      },
      T0,
    );
    await eventually(() => expect(wakes.some((w) => w.kind === 'schedules')).toBe(true));
    stopWake();
    stopEvents();
  });

  it('keeps NOTIFY payloads under the limit for large batches', async () => {
    const ns = uniqueName('ns');
    const remote: TickworkEvent[] = [];
    const stop = b.onEvents((events) => remote.push(...events.filter((e) => e.namespace === ns)));
    await eventually(async () => {
      await a.addJobs([job(ns, `probe-${remote.length}-${Date.now()}`, { queue: 'probe' })], T0);
      expect(remote.length).toBeGreaterThan(0);
    });
    const big = 'x'.repeat(20_000);
    const batch = Array.from({ length: 500 }, (_, i) => job(ns, `big-${i}`, { queue: `q${i}`, payload: { big } }));
    await a.addJobs(batch, T0);
    const bigOnes = () => remote.filter((e) => isJobEvent(e) && e.jobId.startsWith('big-'));
    await eventually(() => expect(bigOnes()).toHaveLength(500));
    // Each event fits on its own: the 20 kB payload is not in a job.added event's data anyway.
    expect(new Set(bigOnes().map((e) => (e as JobEvent).jobId)).size).toBe(500);
    stop();
  });
});
