import { create, fromJson, type JsonValue } from '@bufbuild/protobuf';
import { ValueSchema, type Value } from '@bufbuild/protobuf/wkt';
import { toMs } from '../core/duration.js';
import type { HttpTargetInput } from '../core/http-target.js';
import type { BackoffInput, JobOptions } from '../core/job-input.js';
import { toEpochMs } from '../core/job-input.js';
import { serialisePayload } from '../core/json.js';
import type { ScheduleDefinition } from '../scheduler/schedule-input.js';
import type { JobUpdate } from '../tickwork/jobs.js';
import type { TriggerSpec } from '../triggers/trigger.js';
import { parseTriggerSpec } from '../triggers/validate.js';
import {
  BackoffPolicySchema,
  ScheduleSchema,
  type BackoffPolicy,
  type Schedule,
} from '../gen/tickwork/v1/common_pb.js';
import { JobPatchSchema, JobSubmissionSchema, type JobPatch, type JobSubmission } from '../gen/tickwork/v1/jobs_pb.js';
import type { Trigger } from '../gen/tickwork/v1/trigger_pb.js';
import { backoffTypes, coalescePolicies, keyConflicts, overlapPolicies } from '../api/convert/enums.js';
import { duration, timestamp } from '../api/convert/time.js';
import { triggerToProto } from '../api/convert/trigger.js';

/**
 * The client's inputs (the library's own option shapes: durations as ms or `'30m'`, times as Date or
 * epoch ms) → wire messages. Payloads are checked to be JSON here, so a function or a cycle fails in the
 * caller's process with PAYLOAD_NOT_JSON instead of being silently dropped by JSON encoding.
 */
export function payloadToWire(payload: unknown, field: string): Value {
  return fromJson(ValueSchema, JSON.parse(serialisePayload(payload, field, Number.MAX_SAFE_INTEGER)) as JsonValue);
}

export function backoffToWire(b: BackoffInput | undefined, field: string): BackoffPolicy | undefined {
  if (b === undefined) return undefined;
  return create(BackoffPolicySchema, {
    type: b.type === undefined ? 0 : backoffTypes.wire(b.type),
    delay: b.delay === undefined ? undefined : duration(toMs(b.delay, `${field}.delay`)),
    maxDelay: b.maxDelay === undefined ? undefined : duration(toMs(b.maxDelay, `${field}.maxDelay`)),
    jitter: b.jitter,
  });
}

/** What runs a job, as the client takes it: a handler's name or an HTTP target (`{ url }`). */
export type ClientTarget = string | HttpTargetInput;

function targetToWire(
  target: ClientTarget,
): { case: 'handler'; value: string } | { case: 'http'; value: { url: string; headers: Record<string, string> } } {
  return typeof target === 'string'
    ? { case: 'handler', value: target }
    : { case: 'http', value: { url: target.url, headers: { ...target.headers } } };
}

export function submissionToWire(handler: ClientTarget, payload: unknown, o: JobOptions = {}): JobSubmission {
  if (o.runAt !== undefined && o.delay !== undefined) throw new TypeError('give either runAt or delay, not both');
  return create(JobSubmissionSchema, {
    id: o.id ?? '',
    target: targetToWire(handler),
    payload: payloadToWire(payload, 'payload'),
    queue: o.queue ?? '',
    priority: o.priority,
    when:
      o.runAt !== undefined
        ? { case: 'runAt', value: timestamp(toEpochMs(o.runAt, 'runAt')) }
        : o.delay !== undefined
          ? { case: 'delay', value: duration(toMs(o.delay, 'delay')) }
          : { case: undefined },
    maxAttempts: o.maxAttempts,
    backoff: backoffToWire(o.backoff, 'backoff'),
    timeout: o.timeout === undefined ? undefined : duration(toMs(o.timeout, 'timeout')),
    key: o.key ?? '',
    keyConflict: o.onKeyConflict === undefined ? 0 : keyConflicts.wire(o.onKeyConflict),
    paused: o.paused ?? false,
  });
}

/** An update → the patch and the mask that names exactly its fields (so `timeout: null` clears). */
export function updateToWire(u: JobUpdate): { patch: JobPatch; paths: string[] } {
  const paths: string[] = [];
  const patch = create(JobPatchSchema, {});
  if ('payload' in u) {
    patch.payload = payloadToWire(u.payload ?? null, 'payload');
    paths.push('payload');
  }
  if (u.queue !== undefined) {
    patch.queue = u.queue;
    paths.push('queue');
  }
  if (u.priority !== undefined) {
    patch.priority = u.priority;
    paths.push('priority');
  }
  if (u.runAt !== undefined) {
    patch.runAt = timestamp(toEpochMs(u.runAt, 'runAt'));
    paths.push('run_at');
  }
  if (u.maxAttempts !== undefined) {
    patch.maxAttempts = u.maxAttempts;
    paths.push('max_attempts');
  }
  if (u.backoff !== undefined) {
    patch.backoff = backoffToWire(u.backoff, 'backoff');
    paths.push('backoff');
  }
  if (u.timeout !== undefined) {
    if (u.timeout !== null) patch.timeout = duration(toMs(u.timeout, 'timeout'));
    paths.push('timeout');
  }
  return { patch, paths };
}

/** A trigger spec (from the builders, or plain JSON) → the wire, normalised and checked first. */
export function triggerToWire(spec: TriggerSpec | Record<string, unknown>): Trigger {
  return triggerToProto(parseTriggerSpec(spec, 'trigger'));
}

export function definitionToWire(def: ScheduleDefinition<unknown>): Schedule {
  const job = def.job ?? {};
  return create(ScheduleSchema, {
    id: def.id,
    trigger: triggerToWire(def.trigger),
    job: {
      target: def.target ? targetToWire(def.target) : targetToWire(def.handler ?? ''),
      payload: payloadToWire(def.payload ?? null, 'payload'),
      queue: job.queue ?? '',
      priority: job.priority,
      maxAttempts: job.maxAttempts,
      backoff: backoffToWire(job.backoff, 'job.backoff'),
      timeout: job.timeout === undefined ? undefined : duration(toMs(job.timeout, 'job.timeout')),
    },
    paused: def.paused ?? false,
    misfireGrace:
      def.misfireGrace === undefined || def.misfireGrace === null
        ? undefined
        : duration(toMs(def.misfireGrace, 'misfireGrace')),
    coalesce: def.coalesce === undefined ? 0 : coalescePolicies.wire(def.coalesce),
    maxCatchUp: def.maxCatchUp,
    overlap: def.overlap === undefined ? 0 : overlapPolicies.wire(def.overlap),
  });
}
