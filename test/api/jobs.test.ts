import { create } from '@bufbuild/protobuf';
import { durationFromMs, FieldMaskSchema, timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobState } from '../../src/gen/tickwork/v1/common_pb.js';
import { EnqueueOutcome, KeyConflictPolicy } from '../../src/gen/tickwork/v1/jobs_pb.js';
import { EventType } from '../../src/gen/tickwork/v1/events_pb.js';
import { expectStatus, handlerJob, json, plain, startTestServer, type TestServer } from './helpers.js';

// Every JobService RPC through a real client over a real socket: gRPC over HTTP/2, and Connect's JSON
// over HTTP/1.1 where noted.
describe('JobService', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  const later = () => ({ case: 'delay' as const, value: durationFromMs(3_600_000) });

  it('Enqueue runs a job and GetJob reads its result (gRPC)', async () => {
    const res = await t.grpc.jobs.enqueue({ job: handlerJob('echo', { orderId: 42 }) });
    expect(res.outcome).toBe(EnqueueOutcome.CREATED);
    expect(res.job?.target).toEqual({ case: 'handler', value: 'echo' });
    expect(plain(res.job?.payload)).toEqual({ orderId: 42 });
    await t.tw.jobs.wait(res.job!.id);
    const got = await t.grpc.jobs.getJob({ selector: { case: 'id', value: res.job!.id } });
    expect(got.job?.state).toBe(JobState.SUCCEEDED);
    expect(plain(got.job?.result)).toEqual({ orderId: 42 });
  });

  it('Enqueue over Connect JSON (HTTP/1.1), and plain curl-style JSON', async () => {
    const res = await t.connect.jobs.enqueue({ job: handlerJob('echo', [1, 'two', null]) });
    expect(res.outcome).toBe(EnqueueOutcome.CREATED);
    expect(plain(res.job?.payload)).toEqual([1, 'two', null]);

    const http = await fetch(`${t.server.url}/tickwork.v1.JobService/Enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job: { handler: 'echo', payload: { orderId: 7 }, delay: '60s', key: 'order:7' } }),
    });
    expect(http.status).toBe(200);
    const body = (await http.json()) as { job: { payload: unknown; state: string; key: string }; outcome: string };
    expect(body).toMatchObject({
      outcome: 'ENQUEUE_OUTCOME_CREATED',
      job: { payload: { orderId: 7 }, state: 'JOB_STATE_SCHEDULED', key: 'order:7' },
    });
  });

  it('Enqueue is idempotent by id and by key, and reports the outcome', async () => {
    const first = await t.grpc.jobs.enqueue({ job: handlerJob('echo', 1, { id: 'job-1', when: later() }) });
    const again = await t.grpc.jobs.enqueue({ job: handlerJob('echo', 2, { id: 'job-1', when: later() }) });
    expect([first.outcome, again.outcome]).toEqual([EnqueueOutcome.CREATED, EnqueueOutcome.EXISTING]);
    expect(plain(again.job?.payload)).toBe(1);

    const keyed = await t.grpc.jobs.enqueue({ job: handlerJob('echo', 1, { key: 'order:1', when: later() }) });
    const same = await t.grpc.jobs.enqueue({ job: handlerJob('echo', 2, { key: 'order:1', when: later() }) });
    expect(same).toMatchObject({ outcome: EnqueueOutcome.EXISTING, job: { id: keyed.job!.id } });

    const replaced = await t.grpc.jobs.enqueue({
      job: handlerJob('echo', 3, { key: 'order:1', keyConflict: KeyConflictPolicy.REPLACE, when: later() }),
    });
    expect(replaced.outcome).toBe(EnqueueOutcome.REPLACED);
    expect((await t.tw.jobs.get(keyed.job!.id)).state).toBe('cancelled');

    const detail = await expectStatus(
      t.grpc.jobs.enqueue({ job: handlerJob('echo', 4, { key: 'order:1', keyConflict: KeyConflictPolicy.REJECT }) }),
      Code.AlreadyExists,
      'job.key',
    );
    expect(detail?.details).toMatchObject({ key: 'order:1', existingJobId: replaced.job!.id });
  });

  it('EnqueueBatch writes in order, returns jobs on request, and reports a rejected key per item', async () => {
    await t.grpc.jobs.enqueue({ job: handlerJob('echo', 0, { key: 'held', when: later() }) });
    const res = await t.grpc.jobs.enqueueBatch({
      returnJobs: true,
      jobs: [
        handlerJob('echo', 'a', { when: later() }),
        handlerJob('echo', 'b', { key: 'held', keyConflict: KeyConflictPolicy.REJECT, when: later() }),
        handlerJob('echo', 'c', { id: 'batch-c', when: later() }),
      ],
    });
    expect(res.results.map((r) => r.outcome)).toEqual([
      EnqueueOutcome.CREATED,
      EnqueueOutcome.REJECTED,
      EnqueueOutcome.CREATED,
    ]);
    expect(res.results[1]?.error).toMatchObject({ field: 'jobs[1].key' });
    expect(plain(res.results[2]?.job?.payload)).toBe('c');

    const fast = await t.connect.jobs.enqueueBatch({ jobs: [handlerJob('echo', 1), handlerJob('echo', 2)] });
    expect(fast.results.every((r) => r.jobId !== '' && r.job === undefined)).toBe(true);
  });

  it('ListJobs filters and pages', async () => {
    for (let i = 0; i < 5; i++) {
      await t.grpc.jobs.enqueue({ job: handlerJob('echo', { i }, { queue: i % 2 ? 'odd' : 'even', when: later() }) });
    }
    const odd = await t.grpc.jobs.listJobs({ filter: { queues: ['odd'], states: [JobState.SCHEDULED] } });
    expect(odd.jobs).toHaveLength(2);
    const page1 = await t.grpc.jobs.listJobs({ pageSize: 3 });
    expect(page1.jobs).toHaveLength(3);
    expect(page1.nextPageToken).not.toBe('');
    const page2 = await t.grpc.jobs.listJobs({ pageSize: 3, pageToken: page1.nextPageToken });
    expect(page2.jobs).toHaveLength(2);
    expect(page2.nextPageToken).toBe('');
    const contains = await t.connect.jobs.listJobs({ filter: { payloadContains: '"i":3' } });
    expect(contains.jobs.map((j) => plain(j.payload))).toEqual([{ i: 3 }]);
  });

  it('UpdateJob changes set fields, clears by mask, and selects by key', async () => {
    const { job } = await t.grpc.jobs.enqueue({
      job: handlerJob('echo', { v: 1 }, { key: 'k', when: later(), timeout: durationFromMs(5000) }),
    });
    const upd = await t.grpc.jobs.updateJob({
      selector: { case: 'key', value: 'k' },
      patch: { payload: json({ v: 2 }), priority: 7 },
    });
    expect(upd.job).toMatchObject({ id: job!.id, priority: 7 });
    expect(plain(upd.job?.payload)).toEqual({ v: 2 });
    const cleared = await t.grpc.jobs.updateJob({
      selector: { case: 'id', value: job!.id },
      patch: {},
      updateMask: create(FieldMaskSchema, { paths: ['timeout'] }),
    });
    expect(cleared.job?.timeout).toBeUndefined();
    const now = await t.grpc.jobs.updateJob({
      selector: { case: 'id', value: job!.id },
      patch: { runAt: timestampFromMs(Date.now()) },
    });
    expect(now.job?.id).toBe(job!.id);
  });

  it('PauseJob, ResumeJob, CancelJob, RetryJob and DeleteJob move a job through its life', async () => {
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { key: 'life', when: later() }) });
    const id = { case: 'id' as const, value: job!.id };
    expect((await t.grpc.jobs.pauseJob({ selector: id })).job).toMatchObject({
      state: JobState.PAUSED,
      pausedFrom: JobState.SCHEDULED,
    });
    expect((await t.grpc.jobs.pauseJob({ selector: id })).job?.state).toBe(JobState.PAUSED);
    expect((await t.grpc.jobs.resumeJob({ selector: { case: 'key', value: 'life' } })).job?.state).toBe(
      JobState.SCHEDULED,
    );
    expect((await t.grpc.jobs.cancelJob({ selector: id, reason: 'paid' })).job?.state).toBe(JobState.CANCELLED);
    await expectStatus(t.grpc.jobs.resumeJob({ selector: id }), Code.FailedPrecondition);
    const retried = await t.grpc.jobs.retryJob({ id: job!.id });
    expect([JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED]).toContain(retried.job?.state);
    await t.tw.jobs.wait(job!.id);
    expect((await t.grpc.jobs.deleteJob({ selector: id })).jobId).toBe(job!.id);
    await expectStatus(t.grpc.jobs.getJob({ selector: id }), Code.NotFound, 'id');
  });

  it('CancelJob aborts a running attempt', async () => {
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('hold') });
    await t.tw.jobs.wait(job!.id, { states: ['running'] });
    const res = await t.grpc.jobs.cancelJob({ selector: { case: 'id', value: job!.id } });
    expect(res.job?.state).toBe(JobState.CANCELLED);
  });

  it('WatchJob streams the snapshot, each change, and ends when the job is final', async () => {
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('hold', null, { key: 'w' }) });
    await t.tw.jobs.wait(job!.id, { states: ['running'] });
    const seen: { state: JobState | undefined; event: EventType | undefined }[] = [];
    for await (const m of t.grpc.jobs.watchJob({ selector: { case: 'key', value: 'w' } })) {
      seen.push({ state: m.job?.state, event: m.event?.type });
      if (seen.length === 1) t.release();
    }
    expect(seen[0]).toEqual({ state: JobState.RUNNING, event: undefined });
    expect(seen.at(-1)).toEqual({ state: JobState.SUCCEEDED, event: EventType.JOB_SUCCEEDED });
  });

  it('WatchJob of a final job yields one message; of a deleted job ends with the event', async () => {
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('echo') });
    await t.tw.jobs.wait(job!.id);
    const once = [];
    for await (const m of t.connect.jobs.watchJob({ selector: { case: 'id', value: job!.id } })) once.push(m);
    expect(once).toHaveLength(1);

    const { job: doomed } = await t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { when: later() }) });
    const messages = [];
    for await (const m of t.grpc.jobs.watchJob({ selector: { case: 'id', value: doomed!.id } })) {
      messages.push(m);
      if (messages.length === 1) await t.tw.jobs.delete(doomed!.id);
    }
    expect(messages.at(-1)?.event?.type).toBe(EventType.JOB_DELETED);
    expect(messages.at(-1)?.job).toBeUndefined();
  });

  it('namespaces are walls: a job in one is not found from another', async () => {
    const { job } = await t.grpc.jobs.enqueue({
      namespace: 'shop',
      job: handlerJob('echo', 1, { key: 'order:9', when: later() }),
    });
    expect(job?.namespace).toBe('shop');
    await expectStatus(t.grpc.jobs.getJob({ selector: { case: 'id', value: job!.id } }), Code.NotFound);
    await expectStatus(
      t.grpc.jobs.getJob({ namespace: 'default', selector: { case: 'key', value: 'order:9' } }),
      Code.NotFound,
    );
    expect((await t.grpc.jobs.getJob({ namespace: 'shop', selector: { case: 'key', value: 'order:9' } })).job?.id).toBe(
      job!.id,
    );
    expect((await t.grpc.jobs.listJobs({ namespace: 'shop' })).jobs).toHaveLength(1);
    expect((await t.grpc.jobs.listJobs({})).jobs).toHaveLength(0);
  });
});
