import { create } from '@bufbuild/protobuf';
import type { Job as CoreJob, JobFailure as CoreFailure } from '../../core/job.js';
import { JobFailureSchema, JobSchema, JobState, type Job, type JobFailure } from '../../gen/tickwork/v1/common_pb.js';
import { backoffToProto } from './backoff.js';
import { jobStates } from './enums.js';
import { optionalValue, valueFromJson } from './json-value.js';
import { optionalDuration, optionalTimestamp, timestamp } from './time.js';

/** A stored job → the wire. Nulls become absent fields (or empty strings, for proto3 scalars). */
export function jobToProto(job: CoreJob): Job {
  return create(JobSchema, {
    id: job.id,
    namespace: job.namespace,
    queue: job.queue,
    target: job.target
      ? { case: 'http', value: { url: job.target.url, headers: { ...job.target.headers } } }
      : { case: 'handler', value: job.handler },
    payload: valueFromJson(job.payload),
    state: jobStates.wire(job.state),
    runAt: timestamp(job.runAt),
    priority: job.priority,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    key: job.key ?? '',
    scheduleId: job.scheduleId ?? '',
    fireTime: optionalTimestamp(job.fireTime),
    error: job.error === null ? undefined : failureToProto(job.error),
    backoff: backoffToProto(job.backoff),
    timeout: optionalDuration(job.timeoutMs),
    deadline: optionalTimestamp(job.deadline),
    progress: optionalValue(job.progress),
    result: optionalValue(job.result),
    stalls: job.stalls,
    pausedFrom: job.pausedFrom === null ? JobState.UNSPECIFIED : jobStates.wire(job.pausedFrom),
    leaseOwner: job.leaseOwner ?? '',
    leaseUntil: optionalTimestamp(job.leaseUntil),
    createdAt: timestamp(job.createdAt),
    updatedAt: timestamp(job.updatedAt),
    startedAt: optionalTimestamp(job.startedAt),
    finishedAt: optionalTimestamp(job.finishedAt),
  });
}

export function failureToProto(f: CoreFailure): JobFailure {
  return create(JobFailureSchema, {
    message: f.message,
    name: f.name,
    code: f.code ?? '',
    stack: f.stack ?? '',
    retryable: f.retryable,
  });
}
