// Proves the generated code (`npm run gen` → src/gen) works and still matches the core model: a Job
// survives binary and JSON round trips, the services have the RPCs the contract promises, and the
// IDL's enums cover every state, event type and error code the core defines.
import { create, equals, fromBinary, fromJson, toBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { anyUnpack, durationFromMs, timestampFromMs, ValueSchema } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { findTrailerError, setTrailerStatus } from '@connectrpc/connect/protocol-grpc';
import { describe, expect, it } from 'vitest';
import type { ErrorCode as CoreErrorCode } from '../../src/core/errors.js';
import type { JobEventType, ScheduleEventType } from '../../src/core/events.js';
import { JOB_STATES } from '../../src/core/job.js';
import { AdminService } from '../../src/gen/tickwork/v1/admin_pb.js';
import {
  BackoffType,
  ErrorCode,
  ErrorDetailSchema,
  JobSchema,
  JobState,
  RpcStatusSchema,
  type Job,
} from '../../src/gen/tickwork/v1/common_pb.js';
import { EventService, EventType } from '../../src/gen/tickwork/v1/events_pb.js';
import { JobService } from '../../src/gen/tickwork/v1/jobs_pb.js';
import { ScheduleService } from '../../src/gen/tickwork/v1/schedules_pb.js';
import { WorkerService } from '../../src/gen/tickwork/v1/workers_pb.js';

const payload = { orderId: 42, items: [{ sku: 'A-1', qty: 2 }], note: null, paid: false };

function orderTimeoutJob(): Job {
  return create(JobSchema, {
    id: '01J9Z7K1Q2',
    namespace: 'shop',
    queue: 'orders',
    target: { case: 'handler', value: 'orders.cancel-if-unpaid' },
    payload: fromJson(ValueSchema, payload),
    state: JobState.FAILED,
    runAt: timestampFromMs(Date.UTC(2026, 2, 8, 7, 0, 0, 250)),
    priority: -5,
    attempt: 3,
    maxAttempts: 3,
    key: 'order:42',
    error: { message: 'stock service down', name: 'Error', code: 'ECONNREFUSED', stack: '', retryable: true },
    backoff: {
      type: BackoffType.EXPONENTIAL,
      delay: durationFromMs(1000),
      maxDelay: durationFromMs(3_600_000),
      jitter: 0.2,
    },
    timeout: durationFromMs(30_000),
    stalls: 1,
    createdAt: timestampFromMs(Date.UTC(2026, 2, 8, 6, 30)),
  });
}

describe('generated code', () => {
  it('round-trips a Job through the binary format', () => {
    const job = orderTimeoutJob();
    const bytes = toBinary(JobSchema, job);
    const back = fromBinary(JobSchema, bytes);
    expect(equals(JobSchema, back, job)).toBe(true);
    expect(back.target).toEqual({ case: 'handler', value: 'orders.cancel-if-unpaid' });
    expect(toJson(ValueSchema, back.payload!)).toEqual(payload);
  });

  it('round-trips a Job through JSON, with the payload as plain JSON', () => {
    const job = orderTimeoutJob();
    const json = toJson(JobSchema, job) as { [key: string]: JsonValue };
    // What curl and Connect's JSON protocol see: camelCase names, RFC 3339 times, enum names.
    expect(json.payload).toEqual(payload);
    expect(json.runAt).toBe('2026-03-08T07:00:00.250Z');
    expect(json.state).toBe('JOB_STATE_FAILED');
    expect(json.timeout).toBe('30s');
    expect(json.handler).toBe('orders.cancel-if-unpaid');
    const back = fromJson(JobSchema, JSON.parse(JSON.stringify(json)) as JsonValue);
    expect(equals(JobSchema, back, job)).toBe(true);
  });

  it('round-trips an HTTP-target job and an error detail', () => {
    const job = create(JobSchema, {
      id: 'j2',
      target: { case: 'http', value: { url: 'https://shop.example/hooks/expire', headers: { 'x-tenant': 'eu' } } },
    });
    expect(equals(JobSchema, fromBinary(JobSchema, toBinary(JobSchema, job)), job)).toBe(true);
    const detail = create(ErrorDetailSchema, {
      code: ErrorCode.JOB_KEY_CONFLICT,
      field: 'key',
      details: { key: 'order:42', existingJobId: 'j1' },
    });
    expect(toJson(ErrorDetailSchema, detail)).toEqual({
      code: 'ERROR_CODE_JOB_KEY_CONFLICT',
      field: 'key',
      details: { key: 'order:42', existingJobId: 'j1' },
    });
  });

  it('carries an ErrorDetail in the gRPC status trailer, readable with RpcStatus', () => {
    const error = new ConnectError('key: "order:42" is held by live job "j1"', Code.AlreadyExists, undefined, [
      { desc: ErrorDetailSchema, value: { code: ErrorCode.JOB_KEY_CONFLICT, field: 'key' } },
    ]);
    const trailer = setTrailerStatus(new Headers(), error);
    // What a client without google.rpc protos (Debian's Python) does with the raw trailer.
    const status = fromBinary(RpcStatusSchema, base64Decode(trailer.get('grpc-status-details-bin')!));
    expect(status.code).toBe(Code.AlreadyExists);
    const detail = anyUnpack(status.details[0]!, ErrorDetailSchema);
    expect(detail?.code).toBe(ErrorCode.JOB_KEY_CONFLICT);
    expect(detail?.field).toBe('key');
    // And what Connect clients do.
    expect(findTrailerError(trailer)?.findDetails(ErrorDetailSchema)[0]?.field).toBe('key');
  });

  it('exposes the services and RPCs of the contract', () => {
    const rpcs = (service: { methods: { name: string; methodKind: string }[] }) =>
      Object.fromEntries(service.methods.map((m) => [m.name, m.methodKind]));
    expect(rpcs(JobService)).toEqual({
      Enqueue: 'unary',
      EnqueueBatch: 'unary',
      GetJob: 'unary',
      ListJobs: 'unary',
      UpdateJob: 'unary',
      PauseJob: 'unary',
      ResumeJob: 'unary',
      CancelJob: 'unary',
      DeleteJob: 'unary',
      RetryJob: 'unary',
      WatchJob: 'server_streaming',
      ListJobEvents: 'unary',
    });
    expect(Object.keys(rpcs(ScheduleService))).toEqual([
      'UpsertSchedule',
      'GetSchedule',
      'ListSchedules',
      'UpdateSchedule',
      'PauseSchedule',
      'ResumeSchedule',
      'DeleteSchedule',
      'RunScheduleNow',
      'PreviewSchedule',
    ]);
    expect(rpcs(WorkerService)).toEqual({ Connect: 'bidi_streaming' });
    expect(rpcs(EventService)).toEqual({ Subscribe: 'server_streaming' });
    expect(Object.keys(rpcs(AdminService))).toEqual([
      'GetQueueStats',
      'PauseQueue',
      'ResumeQueue',
      'GetHealth',
      'GetVersion',
      'ListWorkers',
    ]);
  });
});

// The compiler keeps these lists complete: a code, state or event type added to the core without
// being listed here fails the type check, and the tests then ask for it in the IDL.
const CORE_ERROR_CODES = Object.keys({
  INVALID_ARGUMENT: 1,
  INVALID_TRIGGER: 1,
  PAYLOAD_NOT_JSON: 1,
  PAYLOAD_TOO_LARGE: 1,
  UNKNOWN_HANDLER: 1,
  JOB_NOT_FOUND: 1,
  SCHEDULE_NOT_FOUND: 1,
  JOB_KEY_CONFLICT: 1,
  ALREADY_EXISTS: 1,
  INVALID_STATE: 1,
  STALE_LEASE: 1,
  STORE_UNAVAILABLE: 1,
  SCHEMA_TOO_NEW: 1,
  SHUTTING_DOWN: 1,
  JOB_TIMEOUT: 1,
  JOB_CANCELLED: 1,
  MISFIRED: 1,
  WORKER_CRASHED: 1,
  UNAUTHENTICATED: 1,
  PERMISSION_DENIED: 1,
  HANDLER_ERROR: 1,
} satisfies Record<CoreErrorCode, 1>);

const CORE_EVENT_TYPES = Object.keys({
  'job.added': 1,
  'job.updated': 1,
  'job.started': 1,
  'job.progress': 1,
  'job.succeeded': 1,
  'job.failed': 1,
  'job.retried': 1,
  'job.stalled': 1,
  'job.paused': 1,
  'job.resumed': 1,
  'job.cancelled': 1,
  'job.deleted': 1,
  'schedule.added': 1,
  'schedule.updated': 1,
  'schedule.paused': 1,
  'schedule.resumed': 1,
  'schedule.deleted': 1,
  'schedule.fired': 1,
  'schedule.misfired': 1,
} satisfies Record<JobEventType | ScheduleEventType, 1>);

describe('the IDL mirrors the core model', () => {
  const upper = (name: string) => name.replace(/[.-]/g, '_').toUpperCase();

  it('has every error code', () => {
    for (const code of CORE_ERROR_CODES) expect(ErrorCode[code as keyof typeof ErrorCode], code).toBeTypeOf('number');
  });

  it('has every job state', () => {
    for (const state of JOB_STATES) expect(JobState[upper(state) as keyof typeof JobState], state).toBeTypeOf('number');
  });

  it('has every event type', () => {
    for (const type of CORE_EVENT_TYPES)
      expect(EventType[upper(type) as keyof typeof EventType], type).toBeTypeOf('number');
  });
});
