import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTickworkClient, type TickworkClient } from '../../src/client/index.js';
import type { ClientJob } from '../../src/client/model.js';
import { serve, startWorker, type Served } from './cli-process.js';

// `tickwork serve` and `tickwork worker` as real processes: jobs enqueued through the API run on the
// remote worker, which drains on SIGTERM.
describe('tickwork worker', () => {
  let dir: string;
  let served: Served;
  let client: TickworkClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-worker-'));
    served = await serve(['--store', join(dir, 'tw.db')]);
    client = createTickworkClient({ baseUrl: served.url });
  });
  afterAll(async () => {
    client?.close();
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function finalOf(id: string): Promise<ClientJob> {
    for await (const update of client.jobs.watch(id)) {
      if (update.job && ['succeeded', 'failed', 'cancelled'].includes(update.job.state)) return update.job;
    }
    return client.jobs.get(id);
  }

  it('runs jobs enqueued through the API, within its concurrency, and drains on SIGTERM', async () => {
    const worker = await startWorker([
      '--server',
      served.url,
      '--handlers',
      'test/cli/fixtures/remote-handlers.ts',
      '--concurrency',
      '3',
      '--worker-id',
      'test-worker-1',
    ]);
    const workerPid = worker.process.pid;
    const submitted = await client.jobs.enqueueMany(
      Array.from({ length: 12 }, (_, n) => ({ handler: 'remote.double', payload: { n } })),
      { returnJobs: true },
    );
    const done = await Promise.all(submitted.map((s) => finalOf(s.jobId!)));
    expect(done.map((j) => j.state)).toEqual(Array(12).fill('succeeded'));
    expect(done.map((j) => (j.result as { doubled: number }).doubled)).toEqual(
      Array.from({ length: 12 }, (_, n) => n * 2),
    );
    expect(new Set(done.map((j) => (j.result as { pid: number }).pid))).toEqual(new Set([workerPid]));

    const final = await client.jobs.enqueue('remote.final', {}, { maxAttempts: 3 });
    expect(await finalOf(final.id)).toMatchObject({ state: 'failed', attempt: 1, error: { retryable: false } });

    // A job running when SIGTERM arrives finishes and is reported before the worker exits 0.
    const slow = await client.jobs.enqueue('remote.slow', { ms: 1500 });
    for await (const update of client.jobs.watch(slow.id)) if (update.job?.state === 'running') break;
    expect(await worker.stop()).toBe(0);
    expect(await client.jobs.get(slow.id)).toMatchObject({ state: 'succeeded', result: { slept: 1500 } });
    expect(worker.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});
