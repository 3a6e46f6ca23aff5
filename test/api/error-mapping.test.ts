import { Code } from '@connectrpc/connect';
import { afterEach, describe, expect, it } from 'vitest';
import { statusOf, toConnectError } from '../../src/api/error-mapping.js';
import { StoreUnavailableError, TickworkError, type ErrorCode as CoreErrorCode } from '../../src/core/errors.js';
import { ErrorCode, ErrorDetailSchema } from '../../src/gen/tickwork/v1/common_pb.js';
import { HealthStatus } from '../../src/gen/tickwork/v1/admin_pb.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import type { Store } from '../../src/stores/store.js';
import { expectStatus, failure, handlerJob, startTestServer, type TestServer } from './helpers.js';

describe('error mapping', () => {
  // The table of proto/tickwork/v1/common.proto, enum ErrorCode.
  const table: [CoreErrorCode, Code][] = [
    ['INVALID_ARGUMENT', Code.InvalidArgument],
    ['INVALID_TRIGGER', Code.InvalidArgument],
    ['PAYLOAD_NOT_JSON', Code.InvalidArgument],
    ['PAYLOAD_TOO_LARGE', Code.ResourceExhausted],
    ['UNKNOWN_HANDLER', Code.FailedPrecondition],
    ['JOB_NOT_FOUND', Code.NotFound],
    ['SCHEDULE_NOT_FOUND', Code.NotFound],
    ['JOB_KEY_CONFLICT', Code.AlreadyExists],
    ['ALREADY_EXISTS', Code.AlreadyExists],
    ['INVALID_STATE', Code.FailedPrecondition],
    ['STALE_LEASE', Code.FailedPrecondition],
    ['STORE_UNAVAILABLE', Code.Unavailable],
    ['SCHEMA_TOO_NEW', Code.FailedPrecondition],
    ['SHUTTING_DOWN', Code.Unavailable],
    ['UNAUTHENTICATED', Code.Unauthenticated],
    ['PERMISSION_DENIED', Code.PermissionDenied],
  ];

  it.each(table)('%s → %s', (code, status) => {
    expect(statusOf(code)).toBe(status);
    const e = toConnectError(
      new TickworkError(code, 'field.x: bad', { field: 'field.x', details: { a: 1 } }),
      () => {},
    );
    expect(e.code).toBe(status);
    expect(e.rawMessage).toBe('field.x: bad');
    const [detail] = e.findDetails(ErrorDetailSchema);
    expect(detail).toMatchObject({ code: ErrorCode[code], field: 'field.x', details: { a: 1 } });
  });

  it('an unexpected error is INTERNAL with a generic message, and reported', () => {
    const seen: unknown[] = [];
    const e = toConnectError(new Error('SELECT * FROM secrets failed'), (err) => seen.push(err));
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).not.toContain('secrets');
    expect(seen).toHaveLength(1);
  });
});

/** A memory store whose `getJob` fails as the test says: a fault the service did not expect. */
function faultyStore(fault: () => Error): Store {
  const store = new MemoryStore();
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getJob') return () => Promise.reject(fault());
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('faults below the service', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('a bug in the store is INTERNAL, and the server keeps serving', async () => {
    t = await startTestServer({ store: faultyStore(() => new TypeError('cannot read properties of undefined')) });
    const f = await failure(t.grpc.jobs.getJob({ selector: { case: 'id', value: 'x' } }));
    expect(f.code).toBe(Code.Internal);
    expect(f.message).not.toContain('undefined');
    expect((await t.grpc.admin.getHealth({})).status).toBe(HealthStatus.SERVING);
    expect((await t.grpc.jobs.enqueue({ job: handlerJob('echo', null, { key: 'after-fault' }) })).job?.key).toBe(
      'after-fault',
    );
  });

  it('a store that is down is UNAVAILABLE and retryable', async () => {
    t = await startTestServer({
      store: faultyStore(() => new StoreUnavailableError('memory', new Error('ECONNRESET'))),
    });
    const detail = await expectStatus(
      t.connect.jobs.getJob({ selector: { case: 'id', value: 'x' } }),
      Code.Unavailable,
    );
    expect(detail).toMatchObject({ code: ErrorCode.STORE_UNAVAILABLE, retryable: true });
  });
});
