import { create } from '@bufbuild/protobuf';
import { durationFromMs, FieldMaskSchema } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { describe } from 'vitest';
import { JobState } from '../../src/gen/tickwork/v1/common_pb.js';
import { describeBadInputs, LIMITS, postJson, type BadInput } from './bad-input-harness.js';
import { handlerJob, json } from './helpers.js';

const big = (bytes: number) => ({ blob: 'x'.repeat(bytes) });
const id = (value: string) => ({ case: 'id' as const, value });
const key = (value: string) => ({ case: 'key' as const, value });
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

// Every JobService RPC with missing fields, wrong types, oversized payloads and unknown ids. Each must
// get its typed status naming the field, leave the server up, and leave the store as it was.
const cases: BadInput[] = [
  // Enqueue
  { name: 'Enqueue without a job', call: (t) => t.grpc.jobs.enqueue({}), code: Code.InvalidArgument, field: 'job' },
  {
    name: 'Enqueue without a target',
    call: (t) => t.grpc.jobs.enqueue({ job: { payload: json(1) } }),
    code: Code.InvalidArgument,
    field: 'job.handler',
  },
  {
    name: 'Enqueue with a bad handler name',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('has spaces') }),
    code: Code.InvalidArgument,
    field: 'job.handler',
  },
  {
    name: 'Enqueue of a handler no worker has',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('nobody.handles.this') }),
    code: Code.FailedPrecondition,
    field: 'job.handler',
  },
  {
    name: 'Enqueue of an HTTP target that is not http(s)',
    call: (t) => t.grpc.jobs.enqueue({ job: { target: { case: 'http', value: { url: 'ftp://example.test/' } } } }),
    code: Code.InvalidArgument,
    field: 'job.http.url',
  },
  {
    name: 'Enqueue of an HTTP target with a relative URL',
    call: (t) => t.grpc.jobs.enqueue({ job: { target: { case: 'http', value: { url: '/hook' } } } }),
    code: Code.InvalidArgument,
    field: 'job.http.url',
  },
  {
    name: 'Enqueue of an HTTP target setting a reserved header',
    call: (t) =>
      t.grpc.jobs.enqueue({
        job: {
          target: { case: 'http', value: { url: 'http://127.0.0.1:1/', headers: { 'Tickwork-Signature': 'x' } } },
        },
      }),
    code: Code.InvalidArgument,
    field: 'job.http.headers.Tickwork-Signature',
  },
  {
    name: 'Enqueue of an HTTP target on a server that does not dispatch them',
    call: (t) => t.grpc.jobs.enqueue({ job: { target: { case: 'http', value: { url: 'http://127.0.0.1:1/' } } } }),
    code: Code.FailedPrecondition,
    field: 'job.handler',
  },
  {
    name: 'Enqueue with a priority out of range',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { priority: 2_000_000 }) }),
    code: Code.InvalidArgument,
    field: 'job.priority',
  },
  {
    name: 'Enqueue with max_attempts 0',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { maxAttempts: 0 }) }),
    code: Code.InvalidArgument,
    field: 'job.max_attempts',
  },
  {
    name: 'Enqueue with a negative delay',
    call: (t) =>
      t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { when: { case: 'delay', value: durationFromMs(-5) } }) }),
    code: Code.InvalidArgument,
    field: 'job.delay',
  },
  {
    name: 'Enqueue with a bad id',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { id: 'no spaces allowed' }) }),
    code: Code.InvalidArgument,
    field: 'job.id',
  },
  {
    name: 'Enqueue with an unknown key-conflict policy',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { key: 'k', keyConflict: 42 }) }),
    code: Code.InvalidArgument,
    field: 'job.key_conflict',
  },
  {
    name: 'Enqueue with a backoff jitter over 1',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { backoff: { jitter: 2 } }) }),
    code: Code.InvalidArgument,
    field: 'job.backoff.jitter',
  },
  {
    name: 'Enqueue with a payload over the limit',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', big(LIMITS.maxPayloadBytes)) }),
    code: Code.ResourceExhausted,
    field: 'job.payload',
  },
  {
    name: 'Enqueue of a message over the read limit',
    call: (t) => t.grpc.jobs.enqueue({ job: handlerJob('echo', big(LIMITS.readMaxBytes)) }),
    code: Code.ResourceExhausted,
  },
  {
    name: 'Enqueue in a malformed namespace',
    call: (t) => t.grpc.jobs.enqueue({ namespace: 'no spaces', job: handlerJob('echo') }),
    code: Code.InvalidArgument,
    field: 'namespace',
  },
  {
    name: 'Enqueue with a wrong type (JSON)',
    call: (t) => postJson(t, 'JobService/Enqueue', { job: { handler: 'echo', priority: 'high' } }),
    code: Code.InvalidArgument,
  },
  {
    name: 'Enqueue with a malformed body (JSON)',
    call: (t) => postJson(t, 'JobService/Enqueue', '{"job": {'),
    code: Code.InvalidArgument,
  },
  // EnqueueBatch
  {
    name: 'EnqueueBatch with no jobs',
    call: (t) => t.grpc.jobs.enqueueBatch({ jobs: [] }),
    code: Code.InvalidArgument,
    field: 'jobs',
  },
  {
    name: 'EnqueueBatch over the batch limit',
    call: (t) =>
      t.grpc.jobs.enqueueBatch({ jobs: Array.from({ length: LIMITS.maxBatchSize + 1 }, () => handlerJob('echo')) }),
    code: Code.InvalidArgument,
    field: 'jobs',
  },
  {
    name: 'EnqueueBatch with one bad item writes nothing',
    call: (t) =>
      t.grpc.jobs.enqueueBatch({ jobs: [handlerJob('echo'), handlerJob('echo', null, { priority: -2_000_000 })] }),
    code: Code.InvalidArgument,
    field: 'jobs[1].priority',
  },
  {
    name: 'EnqueueBatch with one item missing its target',
    call: (t) => t.grpc.jobs.enqueueBatch({ jobs: [handlerJob('echo'), {}] }),
    code: Code.InvalidArgument,
    field: 'jobs[1].handler',
  },
  {
    name: 'EnqueueBatch with one payload over the limit',
    call: (t) =>
      t.grpc.jobs.enqueueBatch({ jobs: [handlerJob('echo', big(LIMITS.maxPayloadBytes)), handlerJob('echo')] }),
    code: Code.ResourceExhausted,
    field: 'jobs[0].payload',
  },
  // GetJob
  { name: 'GetJob without a selector', call: (t) => t.grpc.jobs.getJob({}), code: Code.InvalidArgument, field: 'id' },
  {
    name: 'GetJob of an unknown id',
    call: (t) => t.grpc.jobs.getJob({ selector: id('nope') }),
    code: Code.NotFound,
    field: 'id',
  },
  {
    name: 'GetJob of an unheld key',
    call: (t) => t.grpc.jobs.getJob({ selector: key('nope') }),
    code: Code.NotFound,
    field: 'key',
  },
  {
    name: 'GetJob with a wrong type (JSON)',
    call: (t) => postJson(t, 'JobService/GetJob', { id: 42 }),
    code: Code.InvalidArgument,
  },
  // ListJobs
  {
    name: 'ListJobs filtering on UNSPECIFIED',
    call: (t) => t.grpc.jobs.listJobs({ filter: { states: [JobState.UNSPECIFIED] } }),
    code: Code.InvalidArgument,
    field: 'filter.states[0]',
  },
  {
    name: 'ListJobs with a forged page token',
    call: (t) => t.grpc.jobs.listJobs({ pageToken: 'not-a-token' }),
    code: Code.InvalidArgument,
    field: 'page_token',
  },
  {
    name: 'ListJobs with a wrong type (JSON)',
    call: (t) => postJson(t, 'JobService/ListJobs', { pageSize: 'many' }),
    code: Code.InvalidArgument,
  },
  // UpdateJob
  {
    name: 'UpdateJob without a patch',
    call: (t, s) => t.grpc.jobs.updateJob({ selector: id(s.scheduledId) }),
    code: Code.InvalidArgument,
    field: 'patch',
  },
  {
    name: 'UpdateJob with an unknown mask path',
    call: (t, s) => t.grpc.jobs.updateJob({ selector: id(s.scheduledId), patch: {}, updateMask: mask('colour') }),
    code: Code.InvalidArgument,
    field: 'update_mask.paths[0]',
  },
  {
    name: 'UpdateJob clearing a field that cannot be cleared',
    call: (t, s) => t.grpc.jobs.updateJob({ selector: id(s.scheduledId), patch: {}, updateMask: mask('queue') }),
    code: Code.InvalidArgument,
    field: 'patch.queue',
  },
  {
    name: 'UpdateJob with a payload over the limit',
    call: (t, s) =>
      t.grpc.jobs.updateJob({ selector: id(s.scheduledId), patch: { payload: json(big(LIMITS.maxPayloadBytes)) } }),
    code: Code.ResourceExhausted,
    field: 'patch.payload',
  },
  {
    name: 'UpdateJob of a running job',
    call: (t, s) => t.grpc.jobs.updateJob({ selector: id(s.runningId), patch: { priority: 1 } }),
    code: Code.FailedPrecondition,
  },
  {
    name: 'UpdateJob of a finished job',
    call: (t, s) => t.grpc.jobs.updateJob({ selector: id(s.succeededId), patch: { priority: 1 } }),
    code: Code.FailedPrecondition,
  },
  {
    name: 'UpdateJob of an unknown id',
    call: (t) => t.grpc.jobs.updateJob({ selector: id('nope'), patch: { priority: 1 } }),
    code: Code.NotFound,
  },
  // PauseJob, ResumeJob, CancelJob, DeleteJob, RetryJob
  {
    name: 'PauseJob without a selector',
    call: (t) => t.grpc.jobs.pauseJob({}),
    code: Code.InvalidArgument,
    field: 'id',
  },
  {
    name: 'PauseJob of a finished job',
    call: (t, s) => t.grpc.jobs.pauseJob({ selector: id(s.succeededId) }),
    code: Code.FailedPrecondition,
  },
  {
    name: 'PauseJob of an unknown id',
    call: (t) => t.grpc.jobs.pauseJob({ selector: id('nope') }),
    code: Code.NotFound,
  },
  {
    name: 'ResumeJob of a finished job',
    call: (t, s) => t.grpc.jobs.resumeJob({ selector: id(s.succeededId) }),
    code: Code.FailedPrecondition,
  },
  {
    name: 'ResumeJob of an unheld key',
    call: (t) => t.grpc.jobs.resumeJob({ selector: key('nope') }),
    code: Code.NotFound,
    field: 'key',
  },
  {
    name: 'CancelJob of a succeeded job',
    call: (t, s) => t.grpc.jobs.cancelJob({ selector: id(s.succeededId) }),
    code: Code.FailedPrecondition,
  },
  {
    name: 'CancelJob of an unknown id',
    call: (t) => t.connect.jobs.cancelJob({ selector: id('nope') }),
    code: Code.NotFound,
  },
  {
    name: 'DeleteJob without a selector',
    call: (t) => t.grpc.jobs.deleteJob({}),
    code: Code.InvalidArgument,
    field: 'id',
  },
  {
    name: 'DeleteJob of an unknown id',
    call: (t) => t.grpc.jobs.deleteJob({ selector: id('nope') }),
    code: Code.NotFound,
  },
  { name: 'RetryJob without an id', call: (t) => t.grpc.jobs.retryJob({}), code: Code.InvalidArgument, field: 'id' },
  {
    name: 'RetryJob of a scheduled job',
    call: (t, s) => t.grpc.jobs.retryJob({ id: s.scheduledId }),
    code: Code.FailedPrecondition,
  },
  { name: 'RetryJob of an unknown id', call: (t) => t.grpc.jobs.retryJob({ id: 'nope' }), code: Code.NotFound },
  // WatchJob
  {
    name: 'WatchJob of an unknown id',
    call: async (t) => {
      for await (const _ of t.grpc.jobs.watchJob({ selector: id('nope') })) void _;
    },
    code: Code.NotFound,
    field: 'id',
  },
  {
    name: 'WatchJob without a selector (Connect)',
    call: async (t) => {
      for await (const _ of t.connect.jobs.watchJob({})) void _;
    },
    code: Code.InvalidArgument,
    field: 'id',
  },
];

describe('JobService refuses bad input', () => {
  describeBadInputs(cases);
});
