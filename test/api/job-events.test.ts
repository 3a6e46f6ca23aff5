import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, JobState } from '../../src/gen/tickwork/v1/common_pb.js';
import { EventType } from '../../src/gen/tickwork/v1/events_pb.js';
import { expectStatus, handlerJob, plain, startTestServer, type TestServer } from './helpers.js';

// JobService.ListJobEvents: a job's history, the dashboard's timeline.
describe('JobService.ListJobEvents', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it("returns a finished job's state changes, oldest first, with the result", async () => {
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('echo', { n: 1 }) });
    await t.tw.jobs.wait(job!.id);
    const { events } = await t.connect.jobs.listJobEvents({ id: job!.id });
    expect(events.map((e) => e.type)).toEqual([EventType.JOB_ADDED, EventType.JOB_STARTED, EventType.JOB_SUCCEEDED]);
    const last = events.at(-1)!;
    expect(last.subject.case).toBe('job');
    if (last.subject.case !== 'job') return;
    expect(last.subject.value.state).toBe(JobState.SUCCEEDED);
    expect(last.subject.value.attempt).toBe(1);
    expect(plain(last.subject.value.data)).toEqual({ n: 1 });
  });

  it('is NOT_FOUND for a job that does not exist, and INVALID_ARGUMENT without an id', async () => {
    const missing = await expectStatus(t.grpc.jobs.listJobEvents({ id: 'missing' }), Code.NotFound, 'id');
    expect(missing?.code).toBe(ErrorCode.JOB_NOT_FOUND);
    await expectStatus(t.grpc.jobs.listJobEvents({ id: '' }), Code.InvalidArgument, 'id');
  });
});
