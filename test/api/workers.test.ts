import { Code } from '@connectrpc/connect';
import { durationMs } from '@bufbuild/protobuf/wkt';
import { afterEach, describe, expect, it } from 'vitest';
import { JobState } from '../../src/gen/tickwork/v1/common_pb.js';
import { JobAbortReason, ResultAckStatus } from '../../src/gen/tickwork/v1/workers_pb.js';
import { expectStatus, handlerJob, json, plain, startTestServer, type TestServer } from './helpers.js';
import { RemoteWorker } from './remote-worker.js';

const hello = (handlers = ['remote.echo'], workerId = 'py-worker:1') =>
  ({ case: 'hello', value: { workerId, handlers, agent: 'test' } }) as const;

// The in-process worker does not know the remote workers' handlers: enqueueing them must not be refused.
const remote = { tickwork: { requireKnownHandlers: false } };

describe('WorkerService', () => {
  let t: TestServer;
  afterEach(async () => {
    await t.close();
  });

  it('welcomes, assigns within credit, records a success, and ends after a half-close', async () => {
    t = await startTestServer(remote);
    const w = new RemoteWorker(t.grpc.workers).send(hello());
    const welcome = await w.expect('welcome');
    expect(durationMs(welcome.leaseDuration!)).toBe(t.tw.config.worker.leaseMs);
    expect(durationMs(welcome.heartbeatInterval!)).toBe(t.tw.config.worker.heartbeatMs);

    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('remote.echo', { orderId: 42 }) });
    await t.grpc.jobs.enqueue({ job: handlerJob('remote.echo', { orderId: 43 }) });
    w.send({ case: 'credit', value: { credits: 1 } });
    const a = await w.expect('assignment');
    expect(a).toMatchObject({ attempt: 1, idempotencyKey: `default/${job!.id}` });
    expect(a.job?.id).toBe(job!.id);
    expect(plain(a.job?.payload)).toEqual({ orderId: 42 });
    expect((await t.tw.jobs.get(job!.id)).state).toBe('running');

    w.send({ case: 'progress', value: { attempt: { jobId: job!.id, attempt: 1 }, progress: json({ done: 50 }) } });
    w.send({ case: 'heartbeat', value: { running: [{ jobId: job!.id, attempt: 1 }] } });
    w.send({
      case: 'result',
      value: { attempt: { jobId: job!.id, attempt: 1 }, outcome: { case: 'succeeded', value: { result: json('ok') } } },
    });
    expect(await w.expect('ack')).toMatchObject({ status: ResultAckStatus.APPLIED, state: JobState.SUCCEEDED });
    expect(await t.tw.jobs.get(job!.id)).toMatchObject({ state: 'succeeded', result: 'ok' });

    // Only one credit was granted: the second job waits for the next grant.
    w.send({ case: 'credit', value: { credits: 1 } });
    const second = await w.expect('assignment');
    w.send({ case: 'drain', value: {} });
    w.send({
      case: 'result',
      value: { attempt: { jobId: second.job!.id, attempt: 1 }, outcome: { case: 'succeeded', value: {} } },
    });
    w.end();
    expect((await w.expect('ack')).status).toBe(ResultAckStatus.APPLIED);
    expect(await w.next()).toBeNull();
  });

  it('retries a retryable failure with attempts left, and fails a final one', async () => {
    t = await startTestServer({
      tickwork: { ...remote.tickwork, jobDefaults: { backoff: { type: 'fixed', delay: 0 }, maxAttempts: 3 } },
    });
    const w = new RemoteWorker(t.grpc.workers).send(hello()).send({ case: 'credit', value: { credits: 5 } });
    await w.expect('welcome');
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('remote.echo') });
    const first = await w.expect('assignment');
    const fail = (attempt: number, retryable: boolean) =>
      w.send({
        case: 'result',
        value: {
          attempt: { jobId: job!.id, attempt },
          outcome: { case: 'failed', value: { error: { message: 'stock service down', name: 'Error', retryable } } },
        },
      });
    fail(first.attempt, true);
    expect((await w.expect('ack')).status).toBe(ResultAckStatus.APPLIED);
    const again = await w.expect('assignment');
    expect(again.attempt).toBe(2);
    fail(again.attempt, false);
    expect(await w.expect('ack')).toMatchObject({ status: ResultAckStatus.APPLIED, state: JobState.FAILED });
    expect((await t.tw.jobs.get(job!.id)).error).toMatchObject({ message: 'stock service down', retryable: false });
    w.end();
  });

  it('aborts an assigned job that is cancelled; its late result is stale', async () => {
    t = await startTestServer(remote);
    const w = new RemoteWorker(t.grpc.workers).send(hello()).send({ case: 'credit', value: { credits: 1 } });
    await w.expect('welcome');
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('remote.echo', null, { key: 'order:1' }) });
    await w.expect('assignment');
    await t.grpc.jobs.cancelJob({ selector: { case: 'key', value: 'order:1' } });
    expect(await w.expect('abort')).toMatchObject({
      attempt: { jobId: job!.id, attempt: 1 },
      reason: JobAbortReason.CANCELLED,
    });
    w.send({
      case: 'result',
      value: { attempt: { jobId: job!.id, attempt: 1 }, outcome: { case: 'succeeded', value: {} } },
    });
    expect((await w.expect('ack')).status).toBe(ResultAckStatus.STALE);
    expect((await t.tw.jobs.get(job!.id)).state).toBe('cancelled');
    w.send({ case: 'heartbeat', value: { running: [{ jobId: job!.id, attempt: 1 }] } });
    expect((await w.expect('abort')).reason).toBe(JobAbortReason.LEASE_LOST);
    w.end();
  });

  it('re-runs the job of a worker that vanished once its lease expires', async () => {
    t = await startTestServer({
      tickwork: { ...remote.tickwork, worker: { lease: 300, heartbeat: 100, reapInterval: 50 } },
    });
    const gone = new RemoteWorker(t.grpc.workers)
      .send(hello(['remote.echo'], 'w1'))
      .send({ case: 'credit', value: { credits: 1 } });
    await gone.expect('welcome');
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('remote.echo') });
    await gone.expect('assignment');
    gone.abort.abort(); // the process died: no heartbeat, no result

    const next = new RemoteWorker(t.grpc.workers)
      .send(hello(['remote.echo'], 'w2'))
      .send({ case: 'credit', value: { credits: 1 } });
    await next.expect('welcome');
    const retried = await next.expect('assignment');
    expect(retried).toMatchObject({ attempt: 2, job: { id: job!.id, stalls: 1 } });
    next.end();
  });

  it('refuses a stream that does not start with a valid hello', async () => {
    t = await startTestServer(remote);
    const noHello = new RemoteWorker(t.grpc.workers).send({ case: 'credit', value: { credits: 1 } });
    noHello.end();
    await expectStatus(noHello.next(), Code.InvalidArgument, 'hello');

    const noHandlers = new RemoteWorker(t.grpc.workers).send(hello([]));
    noHandlers.end();
    await expectStatus(noHandlers.next(), Code.InvalidArgument, 'hello.handlers');

    const twice = new RemoteWorker(t.grpc.workers).send(hello()).send(hello());
    await twice.expect('welcome');
    await expectStatus(twice.next(), Code.InvalidArgument, 'hello');
    twice.end();
    expect((await t.grpc.admin.getHealth({})).status).toBe(1);
  });
});
