import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NonRetryableError, Tickwork, type JobEvent, type TickworkEvent } from '../../src/index.js';
import type { Store } from '../../src/stores/store.js';
import { embeddedStores } from './stores.js';

describe.each(embeddedStores)('Tickwork jobs on $name', ({ open }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let tw: Tickwork;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    tw = await Tickwork.open({
      store,
      logger: false,
      jobDefaults: { backoff: { type: 'fixed', delay: 1 } },
      worker: { concurrency: 4, heartbeat: 20 },
    });
  });
  afterEach(async () => {
    await tw.close();
    await cleanup();
  });

  const events = (types?: string[]) => {
    const seen: TickworkEvent[] = [];
    tw.on({}, (e) => {
      if (!types || types.includes(e.type)) seen.push(e);
    });
    return seen;
  };

  it('runs a job and stores its result, with its audit trail', async () => {
    tw.handle<{ a: number }>('add-one', ({ a }) => ({ b: a + 1 }));
    const seen = events();
    tw.start();
    const job = await tw.jobs.enqueue('add-one', { a: 41 });
    const done = await tw.jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { b: 42 }, attempt: 1 });
    expect(done.startedAt).not.toBeNull();
    const trail = (await tw.jobs.history(job.id)).map((e) => e.type);
    expect(trail).toEqual(['job.added', 'job.started', 'job.succeeded']);
    expect(seen.filter((e) => (e as JobEvent).jobId === job.id).map((e) => e.type)).toEqual(trail);
  });

  it('does not start a delayed job before its time', async () => {
    tw.handle('noop', () => null);
    tw.start();
    const job = await tw.jobs.enqueue('noop', null, { delay: 150 });
    expect((await tw.jobs.get(job.id)).state).toBe('scheduled');
    const done = await tw.jobs.wait(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.startedAt!).toBeGreaterThanOrEqual(job.runAt);
  });

  it('retries with backoff until it succeeds, and stops at a NonRetryableError', async () => {
    let calls = 0;
    tw.handle('flaky', () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return 'ok';
    });
    tw.handle('fatal', () => {
      throw new NonRetryableError('order does not exist');
    });
    tw.start();
    const flaky = await tw.jobs.wait((await tw.jobs.enqueue('flaky', null, { maxAttempts: 5 })).id);
    expect(flaky).toMatchObject({ state: 'succeeded', attempt: 3, result: 'ok' });
    expect((await tw.jobs.history(flaky.id)).filter((e) => e.type === 'job.retried')).toHaveLength(2);
    const fatal = await tw.jobs.wait((await tw.jobs.enqueue('fatal', null, { maxAttempts: 5 })).id);
    expect(fatal).toMatchObject({ state: 'failed', attempt: 1 });
    expect(fatal.error).toMatchObject({ name: 'NonRetryableError', message: 'order does not exist', retryable: false });
  });

  it('fails a job after its last attempt, keeping the error and stack', async () => {
    tw.handle('always-fails', () => {
      throw new TypeError('bad thing');
    });
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('always-fails', null, { maxAttempts: 2 })).id);
    expect(job).toMatchObject({ state: 'failed', attempt: 2 });
    expect(job.error).toMatchObject({ name: 'TypeError', message: 'bad thing' });
    expect(job.error!.stack).toContain('bad thing');
  });

  it('aborts a handler at its timeout', async () => {
    let sawAbort: unknown = null;
    tw.handle(
      'slow',
      (_p, ctx) =>
        new Promise((_, reject) => {
          ctx.signal.addEventListener('abort', () => {
            sawAbort = ctx.signal.reason;
            reject(ctx.signal.reason);
          });
        }),
    );
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('slow', null, { timeout: 50, maxAttempts: 1 })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('JOB_TIMEOUT');
    expect((sawAbort as { code?: string }).code).toBe('JOB_TIMEOUT');
  });

  it('cancels a running job through its AbortSignal', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let aborted = false;
    tw.handle(
      'long',
      (_p, ctx) =>
        new Promise((_, reject) => {
          started();
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(ctx.signal.reason);
          });
        }),
    );
    tw.start();
    const job = await tw.jobs.enqueue('long', null);
    await running;
    const cancelled = await tw.jobs.cancel(job.id);
    expect(cancelled.state).toBe('cancelled');
    await expect.poll(() => aborted).toBe(true);
    expect((await tw.jobs.get(job.id)).state).toBe('cancelled');
  });

  it('reports progress', async () => {
    tw.handle('steps', async (_p, ctx) => {
      await ctx.progress({ step: 1 });
      await ctx.progress({ step: 2 });
      return 'done';
    });
    const progress: unknown[] = [];
    tw.on('job.progress', (e) => progress.push((e as JobEvent).data));
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('steps', null)).id);
    await expect.poll(() => progress.length).toBe(2);
    expect(progress).toEqual([{ step: 1 }, { step: 2 }]);
    expect(job.progress).toEqual({ step: 2 });
  });

  it('pauses and resumes a scheduled job; updates its payload; reschedules it', async () => {
    const seen: unknown[] = [];
    tw.handle('record', (p) => void seen.push(p));
    tw.start();
    const job = await tw.jobs.enqueue('record', { v: 1 }, { delay: '1h' });
    expect((await tw.jobs.pause(job.id)).state).toBe('paused');
    expect((await tw.jobs.update(job.id, { payload: { v: 2 } })).payload).toEqual({ v: 2 });
    expect((await tw.jobs.resume(job.id)).state).toBe('scheduled');
    await tw.jobs.runNow(job.id);
    const done = await tw.jobs.wait(job.id);
    expect(done.state).toBe('succeeded');
    expect(seen).toEqual([{ v: 2 }]);
  });

  it('refuses operations the state does not allow, with typed errors', async () => {
    tw.handle('noop', () => null);
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('noop', null)).id);
    await expect(tw.jobs.resume(job.id)).rejects.toMatchObject({ code: 'INVALID_STATE', field: 'state' });
    await expect(tw.jobs.update(job.id, { payload: 1 })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(tw.jobs.get('nope')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND', field: 'id' });
    await expect(tw.jobs.cancel('nope')).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('validates input and names the field', async () => {
    tw.handle('noop', () => null);
    await expect(tw.jobs.enqueue('missing', null)).rejects.toMatchObject({ code: 'UNKNOWN_HANDLER', field: 'handler' });
    await expect(tw.jobs.enqueue('noop', null, { delay: -5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'options.delay',
    });
    await expect(tw.jobs.enqueue('noop', null, { delay: 'soon' })).rejects.toMatchObject({ field: 'options.delay' });
    await expect(tw.jobs.enqueue('noop', { f: () => 1 })).rejects.toMatchObject({
      code: 'PAYLOAD_NOT_JSON',
      field: 'payload.f',
    });
    await expect(tw.jobs.enqueue('noop', 'x'.repeat(2_000_000))).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      field: 'payload',
    });
    await expect(tw.jobs.enqueue('noop', null, { maxAttempts: 0 })).rejects.toMatchObject({
      field: 'options.maxAttempts',
    });
    // @ts-expect-error an unknown option is a mistake worth reporting
    await expect(tw.jobs.enqueue('noop', null, { dealy: 5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await tw.jobs.list()).items).toHaveLength(0);
  });

  it('keeps at most one live job per key, by policy', async () => {
    tw.handle('noop', () => null);
    const a = await tw.jobs.enqueue('noop', { n: 1 }, { key: 'order:1', delay: '1h' });
    const b = await tw.jobs.enqueue('noop', { n: 2 }, { key: 'order:1', delay: '1h' });
    expect(b.id).toBe(a.id);
    await expect(tw.jobs.enqueue('noop', null, { key: 'order:1', onKeyConflict: 'reject' })).rejects.toMatchObject({
      code: 'JOB_KEY_CONFLICT',
      field: 'key',
    });
    const c = await tw.jobs.enqueue('noop', { n: 3 }, { key: 'order:1', onKeyConflict: 'replace', delay: '1h' });
    expect(c.id).not.toBe(a.id);
    expect((await tw.jobs.get(a.id)).state).toBe('cancelled');
    expect((await tw.jobs.findByKey('order:1'))?.id).toBe(c.id);
  });

  it('group-commits concurrent enqueues and runs them all', async () => {
    let ran = 0;
    tw.handle('count', () => void ran++);
    tw.start();
    const jobs = await Promise.all(Array.from({ length: 500 }, (_, i) => tw.jobs.enqueue('count', { i })));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(500);
    await Promise.all(jobs.map((j) => tw.jobs.wait(j.id)));
    expect(ran).toBe(500);
  });

  it('holds a paused queue and serves it again once resumed', async () => {
    tw.handle('noop', () => null);
    await tw.pauseQueue('slow-lane');
    tw.start();
    const held = await tw.jobs.enqueue('noop', null, { queue: 'slow-lane' });
    const other = await tw.jobs.enqueue('noop', null);
    await tw.jobs.wait(other.id);
    expect((await tw.jobs.get(held.id)).state).toBe('queued');
    await tw.resumeQueue('slow-lane');
    expect((await tw.jobs.wait(held.id)).state).toBe('succeeded');
  });

  it('retries a failed job by hand, and deletes jobs in any state', async () => {
    let fail = true;
    tw.handle('sometimes', () => {
      if (fail) throw new Error('no');
      return 'yes';
    });
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('sometimes', null, { maxAttempts: 1 })).id);
    expect(job.state).toBe('failed');
    fail = false;
    await tw.jobs.retry(job.id);
    expect((await tw.jobs.wait(job.id)).state).toBe('succeeded');
    expect(await tw.jobs.delete(job.id)).toBe(true);
    expect(await tw.jobs.find(job.id)).toBeNull();
    expect(await tw.jobs.delete(job.id)).toBe(false);
  });
});
