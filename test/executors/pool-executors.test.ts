/**
 * What the thread and process executors share, run against both with real threads and children and
 * TypeScript fixture handlers. Nothing here sleeps or times anything: each step awaits the event it
 * needs (a progress report, a connection at the gate, a settled run).
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  JobNotFoundError,
  JobTimeoutError,
  JobCancelledError,
  NonRetryableError,
  ShuttingDownError,
  TickworkError,
} from '../../src/core/errors.js';
import type { PoolExecutorOptions, PoolStats } from '../../src/worker/executors/index.js';
import { ProcessExecutor, ThreadExecutor } from '../../src/worker/executors/index.js';
import type { Executor } from '../../src/worker/handler.js';
import { Gate, ProgressProbe, moduleTask, started } from './helpers.js';

type PoolExecutor = Executor & { stats(): PoolStats };

const kinds = [
  { kind: 'thread', make: (options: PoolExecutorOptions): PoolExecutor => new ThreadExecutor(options) },
  { kind: 'process', make: (options: PoolExecutorOptions): PoolExecutor => new ProcessExecutor(options) },
] as const;

describe.each(kinds)('$kind executor', ({ kind, make }) => {
  const open: PoolExecutor[] = [];
  let dir: string;
  const executor = (options: PoolExecutorOptions = {}): PoolExecutor => {
    const created = make({ size: 1, ...options });
    open.push(created);
    return created;
  };
  const task = (
    file: string,
    name: string,
    ...rest: Parameters<typeof moduleTask> extends [unknown, unknown, unknown, ...infer R] ? R : never
  ) => moduleTask(kind, file, name, ...rest);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickwork-executors-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a result makes the round trip, with the job snapshot and idempotency key', async () => {
    const pool = executor();
    const t = task('echo', 'default', { orderId: 7, tags: ['a'] }, { job: { attempt: 2 } });
    const result = (await pool.run(t)) as Record<string, unknown>;
    expect(result).toMatchObject({
      payload: { orderId: 7, tags: ['a'] },
      jobId: t.job.id,
      attempt: 2,
      idempotencyKey: t.job.id,
    });
    expect(result['workerId']).not.toBe(kind === 'process' ? process.pid : 0);
  });

  test('results travel as JSON: a Date arrives as its ISO text, a bigint fails the attempt', async () => {
    const pool = executor();
    await expect(pool.run(task('echo', 'when'))).resolves.toBe('2030-01-02T03:04:05.000Z');
    await expect(pool.run(task('echo', 'bigint'))).rejects.toThrow(TypeError);
  });

  test('progress reports arrive in order, before the result', async () => {
    const pool = executor();
    const probe = new ProgressProbe();
    await expect(pool.run(task('progress', 'default', null, { progress: probe }))).resolves.toBe('counted');
    expect(probe.values).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
  });

  test('progress that is not JSON is refused to the handler', async () => {
    const probe = new ProgressProbe();
    await expect(executor().run(task('progress', 'notJson', null, { progress: probe }))).resolves.toBe(
      'PayloadNotJsonError',
    );
    expect(probe.values).toEqual([]);
  });

  test('a thrown error comes back as a real Error: name, message, stack, code, fields and cause', async () => {
    const error = await executor()
      .run(task('throws', 'plain'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'Error', message: 'the fixture failed', code: 'E_FIXTURE', retryAfter: 30 });
    expect((error as Error).stack).toContain('fixtures/throws.ts');
    expect((error as Error).cause).toBeInstanceOf(RangeError);
    expect((error as Error).cause).toMatchObject({ message: 'the root cause' });
  });

  test('built-in and tickwork error classes are rebuilt, a thrown string becomes an Error', async () => {
    const pool = executor();
    await expect(pool.run(task('throws', 'typeError'))).rejects.toBeInstanceOf(TypeError);
    const notFound = await pool.run(task('throws', 'tickwork')).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(JobNotFoundError);
    expect(notFound).toMatchObject({ code: 'JOB_NOT_FOUND', jobId: 'job-42', details: { jobId: 'job-42' } });
    await expect(pool.run(task('throws', 'rejectsString'))).rejects.toThrow('just a string');
  });

  test('a NonRetryableError thrown in the worker is recognised by the caller', async () => {
    const error = await executor()
      .run(task('throws', 'final'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error).toMatchObject({ name: 'NonRetryableError', message: 'order does not exist', retryable: false });
  });

  test('a missing export or module fails the attempt, not the worker', async () => {
    const pool = executor();
    await expect(pool.run(task('echo', 'notAFunction'))).rejects.toMatchObject({ code: 'UNKNOWN_HANDLER' });
    await expect(pool.run(task('no-such-file', 'default'))).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
    await expect(pool.run(task('echo', 'default', 1))).resolves.toMatchObject({ payload: 1 });
    expect(pool.stats()).toMatchObject({ workers: 1, crashed: 0 });
  });

  test('abort: a cooperative handler sees its signal, with the reason rebuilt, and keeps its worker', async () => {
    const pool = executor({ abortGrace: '60s' });
    const controller = new AbortController();
    const probe = new ProgressProbe();
    const file = join(dir, `${kind}-reason.json`);
    const run = pool.run(task('abort', 'cooperative', { file }, { signal: controller.signal, progress: probe }));
    const workerId = await started(probe);
    const reason = new JobTimeoutError('job-x', 10);
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    // Size 1: the next attempt runs only once the aborted handler has settled (or been killed, which
    // the 60 s grace rules out within the test's time).
    await expect(pool.run(task('echo', 'default'))).resolves.toMatchObject({ workerId });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      name: 'JobTimeoutError',
      message: reason.message,
      code: 'JOB_TIMEOUT',
      isTimeout: true,
      isTickwork: true,
    });
    expect(pool.stats()).toMatchObject({ killed: 0, crashed: 0 });
  });

  test('abort: a handler stuck in a CPU loop is ended after the grace and the pool keeps working', async () => {
    const pool = executor({ abortGrace: '200ms' });
    const controller = new AbortController();
    const probe = new ProgressProbe();
    const run = pool.run(task('abort', 'spin', null, { signal: controller.signal, progress: probe }));
    const stuck = await started(probe);
    const reason = new JobCancelledError('job-y');
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    // Rejected at once, not after the grace: the runaway worker is still there.
    expect(pool.stats()).toMatchObject({ workers: 1, busy: 1, killed: 0 });
    const next = (await pool.run(task('echo', 'default'))) as { workerId: number };
    expect(next.workerId).not.toBe(stuck);
    expect(pool.stats()).toMatchObject({ workers: 1, killed: 1, crashed: 0 });
  });

  test('an attempt aborted while queued never starts', async () => {
    const gate = await Gate.open();
    try {
      const pool = executor();
      const first = pool.run(task('gate', 'default', { port: gate.port, tag: 'first' }));
      await gate.until(1);
      const controller = new AbortController();
      const probe = new ProgressProbe();
      const queued = pool.run(task('progress', 'default', null, { signal: controller.signal, progress: probe }));
      expect(pool.stats().queued).toBe(1);
      controller.abort(new JobCancelledError('queued'));
      await expect(queued).rejects.toBeInstanceOf(JobCancelledError);
      expect(pool.stats().queued).toBe(0);
      gate.releaseOne();
      await first;
      expect(probe.values).toEqual([]);
    } finally {
      await gate.close();
    }
  });

  test.each([
    ['exit', 'process.exit(1)'],
    ['uncaught', 'an uncaught exception'],
  ])('a worker that dies (%s) fails only that attempt with WORKER_CRASHED', async (name) => {
    const pool = executor();
    const t = task('crash', name);
    const error = await pool.run(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickworkError);
    expect(error).toMatchObject({
      code: 'WORKER_CRASHED',
      retryable: true,
      details: { jobId: t.job.id, executor: kind },
    });
    if (kind === 'thread' && name === 'uncaught')
      expect((error as Error).cause).toMatchObject({ message: 'boom from a timer' });
    await expect(pool.run(task('echo', 'default', 'after'))).resolves.toMatchObject({ payload: 'after' });
    expect(pool.stats()).toMatchObject({ workers: 1, crashed: 1 });
  });

  test('a worker that runs out of its memory cap fails that attempt and is replaced', async () => {
    const pool = executor({ maxOldSpaceMb: 96 });
    const error = await pool.run(task('crash', 'oom')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WORKER_CRASHED' });
    if (kind === 'thread') expect((error as Error).cause).toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
    else expect((error as Error).message).toMatch(/killed by SIG|exited with code/);
    await expect(pool.run(task('echo', 'default', 'after'))).resolves.toMatchObject({ payload: 'after' });
  });

  test('N attempts on a pool of k run at most k at once, in at most k workers', async () => {
    const k = 2;
    const n = 6;
    const gate = await Gate.open();
    try {
      const pool = executor({ size: k });
      const runs = Array.from({ length: n }, (_, i) =>
        pool.run(task('gate', 'default', { port: gate.port, tag: `t${i}` })),
      );
      const results: { tag: string; workerId: number }[] = [];
      for (let done = 0; done < n; done++) {
        const running = Math.min(k, n - done);
        await gate.until(running);
        expect(gate.size).toBe(running);
        expect(pool.stats()).toMatchObject({ busy: running, queued: n - done - running });
        const tag = gate.releaseOne();
        results.push((await runs[Number(tag.slice(1))]) as { tag: string; workerId: number });
      }
      expect(gate.maxWaiting).toBe(k);
      expect(results.map((r) => r.tag).sort()).toEqual(Array.from({ length: n }, (_, i) => `t${i}`));
      expect(new Set(results.map((r) => r.workerId)).size).toBeLessThanOrEqual(k);
    } finally {
      await gate.close();
    }
  });

  test('a worker is replaced after maxTasksPerWorker attempts', async () => {
    const pool = executor({ maxTasksPerWorker: 2 });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await pool.run(task('echo', 'default'))) as { workerId: number }).workerId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(new Set(ids).size).toBe(3);
    expect(pool.stats().crashed).toBe(0);
  });

  test('close() rejects running and queued attempts and ends every worker; run() after it is refused', async () => {
    const pool = executor({ size: 2, abortGrace: '200ms' });
    const probe = new ProgressProbe();
    const spinning = pool.run(task('abort', 'spin', null, { progress: probe }));
    await started(probe);
    await pool.run(task('echo', 'default'));
    const queued = [pool.run(task('echo', 'default')), pool.run(task('abort', 'spin'))];
    const outcomes = Promise.allSettled([spinning, ...queued]);
    await pool.close();
    for (const outcome of await outcomes) {
      expect(outcome).toMatchObject({ status: 'rejected', reason: expect.any(ShuttingDownError) });
    }
    expect(pool.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0 });
    await expect(pool.run(task('echo', 'default'))).rejects.toBeInstanceOf(ShuttingDownError);
  });

  test('a function handler is refused', async () => {
    const t = task('echo', 'default');
    t.handler = { name: 'fn', executor: 'async', run: () => null };
    await expect(executor().run(t)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
