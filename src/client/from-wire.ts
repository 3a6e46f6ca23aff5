import { durationMs, timestampMs, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { TickworkEvent } from '../core/events.js';
import { HTTP_HANDLER, type JobFailure as CoreFailure } from '../core/job.js';
import { HealthStatus, type ComponentHealth as WireComponentHealth } from '../gen/tickwork/v1/admin_pb.js';
import type { BackoffPolicy, Job, JobFailure, Schedule } from '../gen/tickwork/v1/common_pb.js';
import { EnqueueOutcome as WireOutcome } from '../gen/tickwork/v1/jobs_pb.js';
import type { Event } from '../gen/tickwork/v1/events_pb.js';
import { backoffTypes, coalescePolicies, eventTypes, jobStates, overlapPolicies } from '../api/convert/enums.js';
import { jsonFromValue } from '../api/convert/json-value.js';
import { triggerFromProto } from '../api/convert/trigger.js';
import { parseTriggerSpec } from '../triggers/validate.js';
import type { ClientJob, ClientSchedule, ComponentHealth, EnqueueOutcome } from './model.js';
import type { Json } from '../core/json.js';

const ms = (t: Timestamp | undefined): number | null => (t === undefined ? null : timestampMs(t));
const must = (t: Timestamp | undefined): number => (t === undefined ? 0 : timestampMs(t));

export function jobFromWire(j: Job): ClientJob {
  const job: ClientJob = {
    id: j.id,
    namespace: j.namespace,
    queue: j.queue,
    handler: j.target.case === 'handler' ? j.target.value : j.target.case === 'http' ? HTTP_HANDLER : '',
    payload: jsonFromValue(j.payload, 'payload'),
    state: jobStates.core(j.state, 'state'),
    priority: j.priority,
    runAt: must(j.runAt),
    attempt: j.attempt,
    maxAttempts: j.maxAttempts,
    backoff: backoffFromWire(j.backoff),
    timeoutMs: j.timeout === undefined ? null : durationMs(j.timeout),
    key: j.key || null,
    scheduleId: j.scheduleId || null,
    fireTime: ms(j.fireTime),
    deadline: ms(j.deadline),
    target: j.target.case === 'http' ? { url: j.target.value.url, headers: { ...j.target.value.headers } } : null,
    progress: j.progress === undefined ? null : jsonFromValue(j.progress, 'progress'),
    result: j.result === undefined ? null : (jsonFromValue(j.result, 'result') as Json),
    error: j.error === undefined ? null : failureFromWire(j.error),
    stalls: j.stalls,
    pausedFrom: j.pausedFrom === 0 ? null : (jobStates.core(j.pausedFrom, 'paused_from') as 'scheduled' | 'queued'),
    leaseOwner: j.leaseOwner || null,
    leaseUntil: ms(j.leaseUntil),
    createdAt: must(j.createdAt),
    updatedAt: must(j.updatedAt),
    startedAt: ms(j.startedAt),
    finishedAt: ms(j.finishedAt),
  };
  return job;
}

function backoffFromWire(b: BackoffPolicy | undefined): ClientJob['backoff'] {
  return {
    type: b && b.type !== 0 ? backoffTypes.core(b.type, 'backoff.type') : 'exponential',
    delayMs: b?.delay ? durationMs(b.delay) : 0,
    maxDelayMs: b?.maxDelay ? durationMs(b.maxDelay) : 0,
    jitter: b?.jitter ?? 0,
  };
}

function failureFromWire(f: JobFailure): CoreFailure {
  return { message: f.message, name: f.name, code: f.code || null, stack: f.stack || null, retryable: f.retryable };
}

export function scheduleFromWire(s: Schedule): ClientSchedule {
  const t = s.job;
  return {
    id: s.id,
    namespace: s.namespace,
    trigger: parseTriggerSpec(triggerFromProto(s.trigger, 'trigger'), 'trigger'),
    job: {
      handler: t?.target.case === 'handler' ? t.target.value : t?.target.case === 'http' ? HTTP_HANDLER : '',
      target: t?.target.case === 'http' ? { url: t.target.value.url, headers: { ...t.target.value.headers } } : null,
      payload: jsonFromValue(t?.payload, 'job.payload'),
      queue: t?.queue ?? '',
      priority: t?.priority ?? 0,
      maxAttempts: t?.maxAttempts ?? 0,
      backoff: backoffFromWire(t?.backoff),
      timeoutMs: t?.timeout === undefined ? null : durationMs(t.timeout),
    },
    paused: s.paused,
    nextFireAt: ms(s.nextFireAt),
    lastFireAt: ms(s.lastFireAt),
    fireCount: s.fireCount,
    misfireCount: s.misfireCount,
    misfireGraceMs: s.misfireGrace === undefined ? null : durationMs(s.misfireGrace),
    coalesce: s.coalesce === 0 ? 'latest' : coalescePolicies.core(s.coalesce, 'coalesce'),
    maxCatchUp: s.maxCatchUp ?? 100,
    overlap: s.overlap === 0 ? 'allow' : overlapPolicies.core(s.overlap, 'overlap'),
    createdAt: must(s.createdAt),
    updatedAt: must(s.updatedAt),
  };
}

export function eventFromWire(e: Event): TickworkEvent {
  const type = eventTypes.core(e.type, 'type');
  const at = must(e.at);
  if (e.subject.case === 'job') {
    const j = e.subject.value;
    return {
      type: type as Extract<TickworkEvent, { jobId: string; queue: string }>['type'],
      namespace: e.namespace,
      jobId: j.jobId,
      queue: j.queue,
      handler: j.handler,
      state: jobStates.core(j.state, 'state'),
      attempt: j.attempt,
      at,
      runAt: must(j.runAt),
      data: j.data === undefined ? null : jsonFromValue(j.data, 'data'),
    };
  }
  const s = e.subject.value;
  return {
    type: type as Extract<TickworkEvent, { scheduleId: string }>['type'],
    namespace: e.namespace,
    scheduleId: s?.scheduleId ?? '',
    at,
    fireTime: ms(s?.fireTime),
    jobId: s?.jobId || null,
    reason: s?.reason || null,
  };
}

const OUTCOMES: Record<number, EnqueueOutcome> = {
  [WireOutcome.CREATED]: 'created',
  [WireOutcome.EXISTING]: 'existing',
  [WireOutcome.REPLACED]: 'replaced',
  [WireOutcome.REJECTED]: 'rejected',
};

export function outcomeFromWire(o: WireOutcome): EnqueueOutcome {
  return OUTCOMES[o] ?? 'created';
}

const HEALTH: Record<number, ComponentHealth['status']> = {
  [HealthStatus.SERVING]: 'serving',
  [HealthStatus.DEGRADED]: 'degraded',
  [HealthStatus.NOT_SERVING]: 'not-serving',
};

export function healthFromWire(status: HealthStatus): ComponentHealth['status'] {
  return HEALTH[status] ?? 'unknown';
}

export function componentFromWire(c: WireComponentHealth): ComponentHealth {
  return {
    name: c.name,
    status: healthFromWire(c.status),
    message: c.message,
    latencyMs: c.latency === undefined ? null : durationMs(c.latency),
  };
}
