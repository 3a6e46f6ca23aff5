import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startReceiver } from '../http-target/receiver.js';
import { parsed, serve, tickwork, type Served } from './cli-process.js';

// The CLI as scripts use it: real processes against a served instance on a temp SQLite file, checking
// output and exit codes (src/cli/README.md).
// Each CLI call is a fresh Node process compiling TypeScript: on a loaded machine a test of ten of
// them can take a minute, so these get a wider bound than the suite's.
describe('tickwork CLI against tickwork serve', { timeout: 180_000 }, () => {
  let dir: string;
  let served: Served;
  const run = (...args: string[]) => tickwork([...args, '--server', served.url]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tw-cli-'));
    served = await serve([
      '--store',
      join(dir, 'tw.db'),
      '--handlers',
      'test/cli/fixtures/handlers.ts',
      '--max-payload-bytes',
      '200',
    ]);
  });
  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serve says where its API is and that it is loopback-only', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const messages = served.logs.map((l) => String(l.msg));
    expect(messages.some((m) => m.includes('loopback only'))).toBe(true);
    expect(served.logs.find((l) => l.msg === 'handlers loaded')).toMatchObject({ handlers: ['echo', 'fail'] });
  });

  it('enqueue, then jobs get/ls/pause/resume/cancel by id and by key', async () => {
    const enq = await run('enqueue', 'echo', '{"orderId":42}', '--delay', '30m', '--key', 'order:42', '--json');
    expect(enq.code).toBe(0);
    const { job, outcome } = parsed<{ job: { id: string; state: string; payload: unknown }; outcome: string }>(enq);
    expect(outcome).toBe('created');
    expect(job).toMatchObject({ state: 'scheduled', payload: { orderId: 42 } });

    const [get, ls] = await Promise.all([
      run('jobs', 'get', '--key', 'order:42'),
      run('jobs', 'ls', '--state', 'scheduled', '--json'),
    ]);
    const pause = await run('jobs', 'pause', job.id);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain('order:42');
    expect(get.stdout).toMatch(/state\s+scheduled/);
    expect(parsed<{ jobs: { id: string }[] }>(ls).jobs.map((j) => j.id)).toContain(job.id);
    expect(pause).toMatchObject({ code: 0, stdout: `paused ${job.id}: paused\n` });

    expect(await run('jobs', 'resume', job.id)).toMatchObject({ code: 0 });
    const cancel = await run('jobs', 'cancel', '--key', 'order:42', '--reason', 'paid', '--json');
    expect(parsed(cancel)).toMatchObject({ id: job.id, state: 'cancelled' });

    // A cancelled job cannot be resumed: failed precondition.
    const resume = await run('jobs', 'resume', job.id);
    expect(resume.code).toBe(5);
    expect(resume.stderr).toContain('INVALID_STATE');

    // Retry it; it runs now; watch it to the end.
    expect((await run('jobs', 'retry', job.id)).code).toBe(0);
    const watch = await run('jobs', 'watch', job.id, '--json');
    expect(watch.code).toBe(0);
    const updates = watch.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { job?: { state: string } });
    expect(updates.at(-1)?.job?.state).toBe('succeeded');

    expect((await run('jobs', 'rm', job.id)).code).toBe(0);
    expect((await run('jobs', 'rm', job.id)).code).toBe(3);
  });

  it('enqueue --url: serve POSTs the payload to the target and stores the answer', async () => {
    const receiver = await startReceiver((req, _n, res) => reply(res, 200, { got: JSON.parse(req.body) }));
    try {
      const enq = await run(
        'enqueue',
        '--url',
        `${receiver.url}/hook`,
        '--header',
        'x-app: shop',
        '{"orderId":7}',
        '--wait',
        '--json',
      );
      expect(enq.code).toBe(0);
      const { job } = parsed<{ job: { handler: string; target: unknown; result: unknown } }>(enq);
      expect(job).toMatchObject({ handler: 'http', target: { url: `${receiver.url}/hook` } });
      expect(job.result).toEqual({ status: 200, body: { got: { orderId: 7 } }, truncated: false });
      expect(receiver.received[0]!.headers['x-app']).toBe('shop');
      const usage = await run('enqueue', '--url', receiver.url, 'echo', '{}');
      expect(usage.code).toBe(2);
    } finally {
      await receiver.close();
    }
  });

  it('enqueue --count n submits n jobs in batches with a progress display', async () => {
    const result = await run('enqueue', 'echo', '{"bulk":true}', '--count', '2500', '--queue', 'bulk', '--paused');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^created 2500 of 2500 jobs/);
    expect(result.stderr).toContain('enqueued 1000/2500 (40%');
    expect(result.stderr).toContain('enqueued 2500/2500 (100%');
    const json = await run('enqueue', 'echo', '{}', '--count', '3', '--queue', 'bulk', '--paused', '--json');
    expect(parsed(json)).toMatchObject({ count: 3, created: 3 });
    const listed = parsed<{ jobs: unknown[] }>(await run('jobs', 'ls', '--queue', 'bulk', '--limit', '1000', '--json'));
    expect(listed.jobs).toHaveLength(1000);
    expect((await run('enqueue', 'echo', '{}', '--count', '2', '--key', 'k')).code).toBe(2);
  });

  it('enqueue --wait exits 0 for success and 1 for a failed job', async () => {
    const [ok, failed] = await Promise.all([
      run('enqueue', 'echo', '[1,2]', '--wait'),
      run('enqueue', 'fail', '--max-attempts', '1', '--wait', '--json'),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/state\s+succeeded/);
    expect(failed.code).toBe(1);
    expect(parsed<{ job: { state: string; error: { message: string } } }>(failed).job).toMatchObject({
      state: 'failed',
      error: { message: 'boom' },
    });
  });

  it('schedules upsert/ls/get/pause/resume/preview/run/rm', async () => {
    const up = await run(
      'schedules',
      'upsert',
      'nightly',
      '--cron',
      '0 3 * * *',
      '--tz',
      'Asia/Shanghai',
      '--handler',
      'echo',
      '--payload',
      '{"x":1}',
    );
    expect(up).toMatchObject({ code: 0 });
    expect(up.stdout).toMatch(/^created nightly; next fire \d{4}-\d\d-\d\dT19:00:00Z/);

    const [ls, get, preview, spec] = await Promise.all([
      run('schedules', 'ls'),
      run('schedules', 'get', 'nightly', '--json'),
      run('schedules', 'preview', 'nightly', '--count', '3', '--json'),
      run('schedules', 'preview', '--every', '15m', '--after', '2026-01-01T00:00:00Z', '--count', '2'),
    ]);
    expect(ls.stdout).toMatch(/nightly\s+cron 0 3 \* \* \* \(Asia\/Shanghai\)/);
    expect(parsed(get)).toMatchObject({
      id: 'nightly',
      trigger: { expression: '0 3 * * *' },
      job: { payload: { x: 1 } },
    });
    expect(parsed<{ fireTimes: string[] }>(preview).fireTimes).toHaveLength(3);
    expect(spec.stdout).toBe('2026-01-01T00:15:00Z\n2026-01-01T00:30:00Z\n');

    expect((await run('schedules', 'pause', 'nightly', '--json')).stdout).toContain('"paused":true');
    expect((await run('schedules', 'resume', 'nightly')).code).toBe(0);
    const runNow = await run('schedules', 'run', 'nightly', '--json');
    expect(parsed(runNow)).toMatchObject({ scheduleId: 'nightly', handler: 'echo' });
    expect((await run('schedules', 'rm', 'nightly')).code).toBe(0);
    expect((await run('schedules', 'get', 'nightly')).code).toBe(3);
  });

  it('exit codes: invalid argument 4, not found 3, usage 2, unavailable 6, already exists 7', async () => {
    const results = await Promise.all([
      run('schedules', 'upsert', 'bad', '--cron', 'nope', '--handler', 'echo'),
      run('enqueue', 'echo', JSON.stringify({ blob: 'x'.repeat(300) })),
      run('jobs', 'get', 'no-such-job'),
      run('jobs', 'frobnicate'),
      run('enqueue'),
      run('jobs', 'get'),
      run('enqueue', 'echo', '{not json'),
      tickwork(['jobs', 'ls', '--server', 'http://127.0.0.1:1']),
    ]);
    expect(results.map((r) => r.code)).toEqual([4, 4, 3, 2, 2, 2, 2, 6]);
    expect(results[0]!.stderr).toContain('schedule.trigger.cron.expression');
    expect(results[1]!.stderr).toContain('PAYLOAD_TOO_LARGE');
    expect(results[2]!.stderr).toContain('JOB_NOT_FOUND');

    await run('enqueue', 'echo', '--key', 'held', '--delay', '1h');
    const conflict = await run('enqueue', 'echo', '--key', 'held', '--on-key-conflict', 'reject');
    expect(conflict.code).toBe(7);
  });
});

describe('tickwork serve and migrate', { timeout: 180_000 }, () => {
  it('refuses a non-loopback host and bad settings with exit 2', async () => {
    const results = await Promise.all([
      tickwork(['serve', '--host', '0.0.0.0', '--store', ':memory:']),
      tickwork(['serve', '--port', 'abc']),
      tickwork(['serve', '--store', ':memory:'], { TICKWORK_ROLES: 'api,juggler' }),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0]!.stderr).toContain('loopback');
    expect(results[2]!.stderr).toContain('TICKWORK_ROLES');
  });

  it('with auth: binds beyond loopback, and client commands pass --token / TICKWORK_TOKEN (exit 8, 9)', async () => {
    const auth = {
      tokens: [
        { name: 'ops', token: 'ops-token-0123456789', namespaces: ['*'], verbs: ['*'] },
        { name: 'ro', token: 'ro-token-0123456789', namespaces: ['default'], verbs: ['jobs:read'] },
      ],
    };
    const secured = await serve(['--store', ':memory:', '--host', '0.0.0.0'], { TICKWORK_AUTH: JSON.stringify(auth) });
    try {
      expect(secured.logs.find((l) => String(l.msg).startsWith('auth:'))).toMatchObject({
        staticTokens: ['ops', 'ro'],
      });
      const server = secured.url.replace('0.0.0.0', '127.0.0.1');
      const as = (token: string | null, ...args: string[]) =>
        tickwork([...args, '--server', server], token ? { TICKWORK_TOKEN: token } : {});
      const [none, ro, ops] = await Promise.all([
        as(null, 'jobs', 'ls'),
        as('ro-token-0123456789', 'enqueue', 'echo', '{}'),
        as(null, 'enqueue', 'echo', '{}', '--token', 'ops-token-0123456789', '--json'),
      ]);
      expect(none.code).toBe(8);
      expect(none.stderr).toContain('UNAUTHENTICATED');
      expect(ro.code).toBe(9);
      expect(ro.stderr).toContain('PERMISSION_DENIED');
      expect(ops.code).toBe(0);
      const list = await as('ro-token-0123456789', 'jobs', 'ls', '--json');
      expect(parsed<{ jobs: unknown[] }>(list).jobs).toHaveLength(1);
    } finally {
      await secured.stop();
    }
  });

  it('runs the API role alone, and shuts down cleanly on SIGTERM', async () => {
    const api = await serve(['--store', ':memory:', '--roles', 'api']);
    try {
      const enq = await tickwork(['enqueue', 'anything', '--server', api.url, '--json']);
      expect(parsed(enq)).toMatchObject({ outcome: 'created', job: { state: 'queued' } });
    } finally {
      expect(await api.stop()).toBe(0);
    }
    expect(api.logs.at(-1)).toMatchObject({ msg: 'stopped' });
  });

  it('migrate creates an SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-migrate-'));
    try {
      const res = await tickwork(['migrate', '--store', join(dir, 'new.db'), '--json']);
      expect(res.code).toBe(0);
      expect(parsed(res)).toMatchObject({ store: 'sqlite', migrated: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
