import { afterEach, describe, expect, it } from 'vitest';
import { cron } from '../../src/triggers/index.js';
import { httpTargetHandler, verifySignature } from '../../src/http-target/index.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';
import { createTickworkClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../api/helpers.js';
import { reply, startReceiver } from './receiver.js';

const SECRET = 'test-secret';

// HTTP-target jobs end to end: a real Tickwork with the built-in `http` handler, a real HTTP server as
// the target, jobs submitted through the typed client over a real socket.
describe('HTTP-target jobs', () => {
  let server: TestServer | null = null;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await server?.close();
    server = null;
    for (const close of closers.splice(0)) await close();
  });

  async function setup(allowedOrigins?: string[]) {
    server = await startTestServer({ tickwork: { jobDefaults: { backoff: { type: 'fixed', delay: 1 } } } });
    server.tw.handle(
      'http',
      httpTargetHandler({ signingSecrets: [SECRET], ...(allowedOrigins ? { allowedOrigins } : {}) }),
    );
    const client = createTickworkClient({ baseUrl: server.server.url });
    closers.push(async () => client.close());
    const tw = server.tw;
    return Object.assign(client, { wait: (id: string) => tw.jobs.wait(id) });
  }

  it('POSTs the payload signed, and stores the answer as the result', async () => {
    const receiver = await startReceiver((_req, _n, res) => reply(res, 200, { accepted: true, items: [1, 2] }));
    closers.push(receiver.close);
    const client = await setup();
    const job = await client.jobs.enqueue(
      { url: `${receiver.url}/hooks/order?x=1`, headers: { Authorization: 'Bearer abc' } },
      { orderId: 42 },
    );
    expect(job).toMatchObject({ handler: 'http', target: { url: `${receiver.url}/hooks/order?x=1` } });
    const done = await client.wait(job.id);
    expect(done.state).toBe('succeeded');
    expect(done.result).toEqual({ status: 200, body: { accepted: true, items: [1, 2] }, truncated: false });
    const [req] = receiver.received;
    expect(req).toMatchObject({ method: 'POST', url: '/hooks/order?x=1', body: '{"orderId":42}' });
    expect(req!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer abc',
      'tickwork-job-id': job.id,
      'tickwork-attempt': '1',
    });
    const header = req!.headers['tickwork-signature'] as string;
    expect(verifySignature({ secret: SECRET, header, body: req!.body })).toBe(true);
    expect(verifySignature({ secret: 'other', header, body: req!.body })).toBe(false);
    expect(verifySignature({ secret: SECRET, header, body: '{"orderId":43}' })).toBe(false);
    expect(verifySignature({ secret: SECRET, header, body: req!.body, nowMs: Date.now() + 3_600_000 })).toBe(false);
  });

  it('retries a 5xx and a 429 with the job backoff, then succeeds', async () => {
    const receiver = await startReceiver((_req, n, res) =>
      n === 1 ? reply(res, 503, 'busy', 'text/plain') : n === 2 ? reply(res, 429, {}) : reply(res, 201, { n }),
    );
    closers.push(receiver.close);
    const client = await setup();
    const job = await client.jobs.enqueue({ url: receiver.url }, null, { maxAttempts: 5 });
    const done = await client.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', attempt: 3, result: { status: 201, body: { n: 3 } } });
    expect(receiver.received).toHaveLength(3);
    // Each attempt is signed anew, and carries the same idempotency key.
    const keys = new Set(receiver.received.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
  });

  it('does not retry a 4xx: the job fails for good with the status in its error', async () => {
    const receiver = await startReceiver((_req, _n, res) => reply(res, 422, { error: 'no such order' }));
    closers.push(receiver.close);
    const client = await setup();
    const job = await client.jobs.enqueue({ url: receiver.url }, { orderId: 1 }, { maxAttempts: 5 });
    const done = await client.wait(job.id);
    expect(done).toMatchObject({ state: 'failed', attempt: 1 });
    expect(done.error).toMatchObject({ code: 'HTTP_422', retryable: false });
    expect(done.error!.message).toContain('no such order');
    expect(receiver.received).toHaveLength(1);
  });

  it('applies the job timeout to a target that does not answer, and retries', async () => {
    const receiver = await startReceiver(async (_req, n, res) => {
      if (n === 1) return; // never answers
      reply(res, 200, { late: false });
    });
    closers.push(receiver.close);
    const client = await setup();
    const job = await client.jobs.enqueue({ url: receiver.url }, null, { timeout: 300, maxAttempts: 2 });
    const done = await client.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', attempt: 2, result: { status: 200 } });
    const history = await server!.tw.jobs.history(job.id);
    expect(JSON.stringify(history.map((e) => e.data))).toContain('JOB_TIMEOUT');
  });

  it('fails a job whose origin is not allowed, without sending anything', async () => {
    const receiver = await startReceiver((_req, _n, res) => reply(res, 200, {}));
    closers.push(receiver.close);
    const client = await setup(['https://only.example.test']);
    const job = await client.jobs.enqueue({ url: receiver.url }, null, { maxAttempts: 3 });
    const done = await client.wait(job.id);
    expect(done).toMatchObject({ state: 'failed', attempt: 1, error: { code: 'HTTP_TARGET_NOT_ALLOWED' } });
    expect(done.error!.message).toContain(receiver.url);
    expect(receiver.received).toHaveLength(0);
  });

  it('retries an unreachable target', async () => {
    const receiver = await startReceiver((_req, _n, res) => reply(res, 200, {}));
    const url = receiver.url;
    await receiver.close(); // nothing listens there any more
    const client = await setup();
    const job = await client.jobs.enqueue({ url }, null, { maxAttempts: 2 });
    const done = await client.wait(job.id);
    expect(done).toMatchObject({
      state: 'failed',
      attempt: 2,
      error: { code: 'HTTP_TARGET_UNREACHABLE', retryable: true },
    });
  });

  it('a schedule with an HTTP target POSTs on each run', async () => {
    const receiver = await startReceiver((_req, n, res) => reply(res, 200, { n }));
    closers.push(receiver.close);
    const client = await setup();
    const { schedule } = await client.schedules.upsert({
      id: 'reco.refresh',
      trigger: cron('0 3 * * *'),
      target: { url: `${receiver.url}/reco`, headers: { 'x-team': 'reco' } },
      payload: { userId: 7 },
    });
    expect(schedule.job).toMatchObject({ handler: 'http', target: { url: `${receiver.url}/reco` } });
    const run = await client.schedules.runNow('reco.refresh');
    const done = await client.wait(run.id);
    expect(done).toMatchObject({ state: 'succeeded', scheduleId: 'reco.refresh', result: { body: { n: 1 } } });
    expect(receiver.received[0]).toMatchObject({ url: '/reco', body: '{"userId":7}', headers: { 'x-team': 'reco' } });
  });

  it('embedded: tw.jobs.enqueue({ url }) runs through the same handler', async () => {
    const receiver = await startReceiver((req, _n, res) => reply(res, 200, JSON.parse(req.body)));
    closers.push(receiver.close);
    const store = new MemoryStore();
    const tw = await Tickwork.open({ store, logger: false });
    closers.push(async () => {
      await tw.close();
      await store.close();
    });
    tw.handle('http', httpTargetHandler());
    tw.start();
    const job = await tw.jobs.enqueue({ url: receiver.url }, { echo: 'me' });
    expect((await tw.jobs.wait(job.id)).result).toEqual({ status: 200, body: { echo: 'me' }, truncated: false });
    await expect(tw.jobs.enqueue('http', {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'handler' });
    await expect(tw.jobs.enqueue({ url: 'file:///etc/passwd' }, {})).rejects.toMatchObject({ field: 'target.url' });
  });
});
