import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { codeFromHttpStatus, errorFromJsonBytes } from '@connectrpc/connect/protocol-connect';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { HealthStatus } from '../../src/gen/tickwork/v1/admin_pb.js';
import { expectStatus, handlerJob, json, startTestServer, type TestServer } from './helpers.js';

/** One bad request: what to send, the status it must get, and the field its ErrorDetail must name. */
export interface BadInput {
  name: string;
  call: (t: TestServer, seed: Seed) => Promise<unknown>;
  code: Code;
  field?: string;
}

/** Jobs and a schedule in known, stable states, for requests that must not change them. */
export interface Seed {
  scheduledId: string;
  succeededId: string;
  pausedId: string;
  runningId: string;
}

/** Small limits so that "too big" is cheap to send. */
export const LIMITS = { maxPayloadBytes: 1024, readMaxBytes: 256 * 1024, maxBatchSize: 3 };

/**
 * Runs each case against one server, and after each asserts that the server still answers and that
 * the store holds exactly what it held before (every job and schedule, field for field).
 */
export function describeBadInputs(cases: BadInput[]): void {
  let t: TestServer;
  let seed: Seed;
  let before: string;

  const snapshot = async () => {
    const jobs = await t.tw.jobs.list({}, { limit: 1000 });
    const schedules = await t.tw.schedules.list({}, { limit: 1000 });
    return JSON.stringify({ jobs: jobs.items, schedules: schedules.items });
  };

  beforeAll(async () => {
    t = await startTestServer({
      tickwork: { maxPayloadBytes: LIMITS.maxPayloadBytes },
      api: { readMaxBytes: LIMITS.readMaxBytes, limits: { maxBatchSize: LIMITS.maxBatchSize } },
    });
    const later = { case: 'delay' as const, value: durationFromMs(3_600_000) };
    const scheduled = await t.grpc.jobs.enqueue({ job: handlerJob('echo', { n: 1 }, { key: 'seed', when: later }) });
    const succeeded = await t.grpc.jobs.enqueue({ job: handlerJob('echo', { n: 2 }) });
    await t.tw.jobs.wait(succeeded.job!.id);
    const paused = await t.grpc.jobs.enqueue({ job: handlerJob('echo', { n: 3 }, { paused: true, when: later }) });
    const running = await t.grpc.jobs.enqueue({ job: handlerJob('hold', { n: 4 }) });
    await t.tw.jobs.wait(running.job!.id, { states: ['running'] });
    await t.grpc.schedules.upsertSchedule({
      schedule: {
        id: 'seed',
        paused: true,
        trigger: { kind: { case: 'cron', value: { expression: '0 3 * * *' } } },
        job: { target: { case: 'handler', value: 'echo' }, payload: json(null) },
      },
    });
    seed = {
      scheduledId: scheduled.job!.id,
      succeededId: succeeded.job!.id,
      pausedId: paused.job!.id,
      runningId: running.job!.id,
    };
    before = await snapshot();
  });

  afterEach(async () => {
    expect((await t.grpc.admin.getHealth({})).status).toBe(HealthStatus.SERVING);
    expect(await snapshot()).toBe(before);
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(cases)('$name → $code', async ({ call, code, field }) => {
    await expectStatus(call(t, seed), code, field);
  });
}

/**
 * POSTs raw JSON to an RPC over HTTP/1.1 (Connect's protocol), for inputs a typed client cannot send
 * (a string where a number goes). Resolves on success, rejects with the ConnectError the server sent.
 */
export async function postJson(t: TestServer, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${t.server.url}/tickwork.v1.${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.ok) return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  throw errorFromJsonBytes(bytes, undefined, new ConnectError(`HTTP ${res.status}`, codeFromHttpStatus(res.status)));
}
