import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tickwork } from '../../src/index.js';

const MODULE = new URL('./fixtures/module-handlers.ts', import.meta.url);

describe('Tickwork with module handlers', () => {
  let tw: Tickwork;
  beforeEach(async () => {
    tw = await Tickwork.open({
      store: ':memory:',
      logger: false,
      worker: { threads: 1, processes: 1 },
      jobDefaults: { backoff: { type: 'fixed', delay: 1 } },
    });
  });
  afterEach(() => tw.close());

  it('runs a CPU-bound handler in a worker thread and in a child process', async () => {
    tw.handle('squares-thread', { module: MODULE, executor: 'thread' });
    tw.handle('squares-process', { module: MODULE, executor: 'process' });
    tw.start();
    const [inThread, inProcess] = await Promise.all([
      tw.jobs.enqueue('squares-thread', { n: 1000 }).then((j) => tw.jobs.wait(j.id)),
      tw.jobs.enqueue('squares-process', { n: 1000 }).then((j) => tw.jobs.wait(j.id)),
    ]);
    const expected = (1000 * 1001 * 2001) / 6;
    expect(inThread.result).toEqual({ sum: expected, pid: process.pid });
    expect(inProcess.state).toBe('succeeded');
    expect((inProcess.result as { sum: number; pid: number }).sum).toBe(expected);
    expect((inProcess.result as { pid: number }).pid).not.toBe(process.pid);
  });

  it('fails only the attempt whose child process crashed, then retries it', async () => {
    tw.handle('crash-once', { module: MODULE, exportName: 'crashOnce', executor: 'process' });
    tw.start();
    const job = await tw.jobs.wait((await tw.jobs.enqueue('crash-once', null, { maxAttempts: 2 })).id);
    expect(job).toMatchObject({ state: 'succeeded', attempt: 2, result: 'survived on attempt 2' });
    const retried = (await tw.jobs.history(job.id)).find((e) => e.type === 'job.retried');
    expect((retried?.data as { code?: string } | null)?.code).toBe('WORKER_CRASHED');
  });
});
