import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tickwork } from '../../src/index.js';
import type { Store } from '../../src/stores/store.js';
import { embeddedStores } from './stores.js';

/** The worker claims jobs ahead of their runAt (worker.prefetch) and holds them until then. */
describe.each(embeddedStores)('Tickwork prefetch on $name', ({ open }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const opened: Tickwork[] = [];

  const start = async (worker: Record<string, unknown> = {}) => {
    const tw = await Tickwork.open({
      store,
      logger: false,
      roles: ['worker'],
      worker: { prefetch: '30s', heartbeat: 50, ...worker },
    });
    opened.push(tw);
    return tw;
  };

  beforeEach(async () => {
    ({ store, cleanup } = await open());
  });
  afterEach(async () => {
    for (const tw of opened.splice(0)) await tw.close();
    await cleanup();
  });

  it('claims a job ahead and starts it at its runAt, not before', async () => {
    const tw = await start();
    const started: number[] = [];
    tw.handle('stamp', () => void started.push(Date.now()));
    const job = await tw.jobs.enqueue('stamp', null, { delay: 300 });
    tw.start();
    await expect.poll(async () => (await tw.jobs.get(job.id)).state).toBe('running');
    expect(started).toEqual([]);
    const done = await tw.jobs.wait(job.id);
    expect(done.state).toBe('succeeded');
    expect(started).toHaveLength(1);
    expect(started[0]!).toBeGreaterThanOrEqual(job.runAt);
    expect(done.startedAt).toBe(job.runAt);
  });

  it('a job cancelled while held never runs', async () => {
    const tw = await start();
    let runs = 0;
    tw.handle('never', () => void runs++);
    const job = await tw.jobs.enqueue('never', null, { delay: '20s' });
    tw.start();
    await expect.poll(async () => (await tw.jobs.get(job.id)).state).toBe('running');
    await tw.jobs.cancel(job.id);
    expect((await tw.jobs.wait(job.id)).state).toBe('cancelled');
    await tw.stop();
    expect(runs).toBe(0);
  });

  it('gives held jobs back on stop, keeping their runAt, for another worker', async () => {
    const first = await start();
    first.handle('later', () => 'first');
    const job = await first.jobs.enqueue('later', null, { delay: 1500 });
    first.start();
    await expect.poll(async () => (await first.jobs.get(job.id)).state).toBe('running');
    await first.stop();
    const back = await first.jobs.get(job.id);
    expect(back).toMatchObject({ state: 'scheduled', runAt: job.runAt });

    const second = await start();
    second.handle('later', () => 'second');
    second.start();
    const done = await second.jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', result: 'second' });
    expect(done.startedAt!).toBeGreaterThanOrEqual(job.runAt);
  });

  it('holds more than it runs, but never runs more than its concurrency', async () => {
    const tw = await start({ concurrency: 2 });
    let running = 0;
    let most = 0;
    tw.handle('busy', async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    });
    const jobs = await tw.jobs.enqueueMany(Array.from({ length: 12 }, () => ({ handler: 'busy', payload: null })));
    tw.start();
    for (const job of jobs) expect((await tw.jobs.wait(job.id)).state).toBe('succeeded');
    expect(most).toBe(2);
  });
});
