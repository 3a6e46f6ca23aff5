import { timestampMs } from '@bufbuild/protobuf/wkt';
import { afterEach, describe, expect, it } from 'vitest';
import { handlerJob, startTestServer, type TestServer } from './helpers.js';
import { RemoteWorker } from './remote-worker.js';

// AdminService.ListWorkers: the in-process worker and the remote workers connected, with their load.
describe('AdminService.ListWorkers', () => {
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  it('lists the in-process worker with its running attempts and concurrency', async () => {
    t = await startTestServer({ tickwork: { worker: { concurrency: 4 } } });
    await t.grpc.jobs.enqueue({ job: handlerJob('hold', null) });
    await expect
      .poll(async () => (await t.grpc.admin.listWorkers({})).workers.map((w) => [w.kind, w.running, w.capacity]))
      .toEqual([['in-process', 1, 4]]);
    const [local] = (await t.connect.admin.listWorkers({})).workers;
    expect(local!.workerId).toBe(t.tw.workerStatus()!.workerId);
    expect(timestampMs(local!.since!)).toBeLessThanOrEqual(Date.now());
    t.release();
    await expect.poll(async () => (await t.grpc.admin.listWorkers({})).workers[0]!.running).toBe(0);
  });

  it('lists a connected remote worker with its handlers, credit and assignments, until it goes', async () => {
    t = await startTestServer({ tickwork: { roles: [], requireKnownHandlers: false } });
    expect((await t.grpc.admin.listWorkers({})).workers).toEqual([]);
    const w = new RemoteWorker(t.grpc.workers).send({
      case: 'hello',
      value: { workerId: 'py:7', handlers: ['remote.echo'], queues: ['emails'], agent: 'test/1' },
    });
    await w.expect('welcome');
    w.send({ case: 'credit', value: { credits: 3 } });
    await t.grpc.jobs.enqueue({ job: { ...handlerJob('remote.echo', 1), queue: 'emails' } });
    await w.expect('assignment');
    const [remote] = (await t.grpc.admin.listWorkers({})).workers;
    expect(remote).toMatchObject({
      workerId: 'py:7',
      kind: 'remote',
      handlers: ['remote.echo'],
      queues: ['emails'],
      running: 1,
      capacity: 3,
      agent: 'test/1',
    });
    // Another namespace sees none of this namespace's workers.
    expect((await t.grpc.admin.listWorkers({ namespace: 'other' })).workers).toEqual([]);
    w.abort.abort();
    await expect.poll(async () => (await t.grpc.admin.listWorkers({})).workers).toEqual([]);
  });
});
