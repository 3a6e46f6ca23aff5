import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { ValueSchema, type Value } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient, type Client } from '@connectrpc/connect';
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { expect } from 'vitest';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src/api/server.js';
import { ErrorDetailSchema, type ErrorDetail } from '../../src/gen/tickwork/v1/common_pb.js';
import { AdminService } from '../../src/gen/tickwork/v1/admin_pb.js';
import { EventService } from '../../src/gen/tickwork/v1/events_pb.js';
import { JobService } from '../../src/gen/tickwork/v1/jobs_pb.js';
import { ScheduleService } from '../../src/gen/tickwork/v1/schedules_pb.js';
import { WorkerService } from '../../src/gen/tickwork/v1/workers_pb.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import type { Store } from '../../src/stores/store.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';
import type { TickworkOptions } from '../../src/tickwork/options.js';

export interface Clients {
  jobs: Client<typeof JobService>;
  schedules: Client<typeof ScheduleService>;
  events: Client<typeof EventService>;
  admin: Client<typeof AdminService>;
  workers: Client<typeof WorkerService>;
}

export interface TestServer {
  tw: Tickwork;
  server: ApiServer;
  /** gRPC over HTTP/2. */
  grpc: Clients;
  /** Connect's JSON protocol over HTTP/1.1. */
  connect: Clients;
  /** Releases every `hold` job that is running or will run. */
  release(): void;
  close(): Promise<void>;
}

function clients(transport: Parameters<typeof createClient>[1]): Clients {
  return {
    jobs: createClient(JobService, transport),
    schedules: createClient(ScheduleService, transport),
    events: createClient(EventService, transport),
    admin: createClient(AdminService, transport),
    workers: createClient(WorkerService, transport),
  };
}

/**
 * A real server on 127.0.0.1:0 over a real Tickwork (memory store unless one is given), with test
 * handlers: `echo` returns its payload, `fail` throws, `hold` runs until release() (or its abort).
 */
export async function startTestServer(
  options: { store?: Store; tickwork?: Partial<TickworkOptions>; api?: Partial<ApiServerOptions> } = {},
): Promise<TestServer> {
  const store = options.store ?? new MemoryStore();
  const tw = await Tickwork.open({
    store,
    logger: false,
    jobDefaults: { backoff: { type: 'fixed', delay: 1 } },
    ...options.tickwork,
  });
  let releaseAll: () => void = () => {};
  let released = new Promise<void>((resolve) => (releaseAll = resolve));
  tw.handle('echo', (payload: unknown) => payload as never);
  tw.handle('fail', () => {
    throw new Error('boom');
  });
  tw.handle('hold', async (_payload: unknown, ctx) => {
    await Promise.race([
      released,
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true })),
    ]);
    return 'released';
  });
  tw.start();
  const server = await startApiServer({ tickwork: tw, port: 0, ...options.api });
  const sessions = new Http2SessionManager(server.url);
  return {
    tw,
    server,
    grpc: clients(createGrpcTransport({ baseUrl: server.url, sessionManager: sessions })),
    connect: clients(createConnectTransport({ baseUrl: server.url, httpVersion: '1.1' })),
    release() {
      releaseAll();
      released = new Promise<void>((resolve) => (releaseAll = resolve));
    },
    async close() {
      releaseAll();
      sessions.abort();
      await server.close();
      await tw.close();
      await store.close();
    },
  };
}

export const json = (value: unknown): Value => fromJson(ValueSchema, value as JsonValue);
export const plain = (value: Value | undefined): unknown =>
  value === undefined ? undefined : toJson(ValueSchema, value);

/** Awaits a call expected to fail, and returns its status with the ErrorDetail the server attached. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: Code; message: string; detail: ErrorDetail | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = ConnectError.from(error);
    return { code: e.code, message: e.rawMessage, detail: e.findDetails(ErrorDetailSchema)[0] };
  }
  throw new Error('expected the call to fail');
}

/** Asserts a failure's status and the field its ErrorDetail names. */
export async function expectStatus(
  promise: Promise<unknown>,
  code: Code,
  field?: string,
): Promise<ErrorDetail | undefined> {
  const f = await failure(promise);
  expect({ code: Code[f.code], message: f.message }).toMatchObject({ code: Code[code] });
  if (field !== undefined) {
    expect(f.detail?.field).toBe(field);
    expect(f.message).toContain(field);
  }
  return f.detail;
}

/** Polls `check` until it holds: for conditions no event announces (a subscription count). */
export async function until(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A handler submission for the common case. */
export function handlerJob(handler: string, payload: unknown = null, extra: Record<string, unknown> = {}) {
  return { target: { case: 'handler' as const, value: handler }, payload: json(payload), ...extra };
}
