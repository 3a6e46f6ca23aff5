import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTickworkClient, statusCodeOf, type TickworkClient } from '../../src/client/index.js';
import { TickworkError } from '../../src/core/errors.js';
import { cron, every } from '../../src/triggers/index.js';
import { startTestServer, type TestServer } from './helpers.js';

describe.each(['grpc', 'connect'] as const)('the typed client over %s', (transport) => {
  let t: TestServer;
  let client: TickworkClient;
  beforeEach(async () => {
    t = await startTestServer();
    client = createTickworkClient({ baseUrl: t.server.url, transport });
  });
  afterEach(async () => {
    client.close();
    await t.close();
  });

  it('enqueues, reads, waits and cancels jobs with the library shapes', async () => {
    const job = await client.jobs.enqueue('echo', { orderId: 42 }, { delay: '30m', key: 'order:42' });
    expect(job).toMatchObject({ handler: 'echo', payload: { orderId: 42 }, state: 'scheduled', key: 'order:42' });
    expect(job.runAt - job.createdAt).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect((await client.jobs.get({ key: 'order:42' })).id).toBe(job.id);
    expect((await client.jobs.cancel({ key: 'order:42' }, 'paid')).state).toBe('cancelled');

    const run = await client.jobs.submit('echo', [1, 2]);
    expect(run.outcome).toBe('created');
    const updates = [];
    for await (const u of client.jobs.watch(run.job.id)) updates.push(u);
    expect(updates.at(-1)?.job).toMatchObject({ state: 'succeeded', result: [1, 2] });

    const page = await client.jobs.list({ states: ['cancelled'] });
    expect(page.items.map((j) => j.id)).toEqual([job.id]);
    const updated = await client.jobs.update(job.id, { payload: { orderId: 43 } }).catch((e: unknown) => e);
    expect(updated).toBeInstanceOf(TickworkError);
    expect((updated as TickworkError).code).toBe('INVALID_STATE');
  });

  it('batches, and reports key conflicts per item', async () => {
    await client.jobs.enqueue('echo', null, { key: 'k', delay: '1h' });
    const results = await client.jobs.enqueueMany(
      [
        { handler: 'echo', payload: 1, options: { delay: '1h' } },
        { handler: 'echo', payload: 2, options: { key: 'k', onKeyConflict: 'reject' } },
      ],
      { returnJobs: true },
    );
    expect(results.map((r) => r.outcome)).toEqual(['created', 'rejected']);
    expect(results[0]?.job?.payload).toBe(1);
  });

  it('manages schedules from trigger builders', async () => {
    const { schedule, created } = await client.schedules.upsert({
      id: 'stats.nightly',
      trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
      handler: 'echo',
      payload: { scope: 'all' },
      misfireGrace: '10m',
    });
    expect(created).toBe(true);
    expect(schedule).toMatchObject({
      id: 'stats.nightly',
      trigger: { kind: 'cron', expression: '0 3 * * *', timezone: 'Asia/Shanghai' },
      misfireGraceMs: 600_000,
      job: { handler: 'echo', payload: { scope: 'all' } },
    });
    expect((await client.schedules.pause('stats.nightly')).paused).toBe(true);
    expect((await client.schedules.list({ paused: true })).items).toHaveLength(1);
    const times = await client.schedules.preview(every('15m'), { after: Date.UTC(2026, 0, 1), count: 2 });
    expect(times.map((ms) => new Date(ms).toISOString())).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
    ]);
    const occurrence = await client.schedules.runNow('stats.nightly');
    expect(occurrence.scheduleId).toBe('stats.nightly');
    await client.schedules.delete('stats.nightly');
    const gone = await client.schedules.get('stats.nightly').catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'SCHEDULE_NOT_FOUND', field: 'id' });
    expect(statusCodeOf(gone)).toBe(Code.NotFound);
  });

  it('maps failures back to TickworkError with the field in proto terms', async () => {
    const bad = await client.schedules
      .upsert({
        id: 'x',
        trigger: { kind: 'interval', v: 1, everyMs: 1000, anchor: 0 },
        handler: 'echo',
        job: { maxAttempts: 0 },
      })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'schedule.job.max_attempts' });
    const big = await client.jobs.enqueue('echo', 'x'.repeat(2 * 1024 * 1024)).catch((e: unknown) => e);
    expect(big).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'job.payload' });
    expect(await client.admin.health()).toMatchObject({ status: 'serving' });
    expect(await client.admin.version()).toMatchObject({ api: 'tickwork.v1' });
  });

  it('follows the event feed until aborted', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      try {
        for await (const { event } of client.admin.subscribe({ types: ['job.succeeded'] }, { signal: abort.signal })) {
          seen.push(event.type);
          abort.abort();
        }
      } catch {
        // aborted
      }
    })();
    // The subscription is live once an event published after it arrives: enqueue until one does.
    while (seen.length === 0) {
      const job = await client.jobs.enqueue('echo', null);
      await t.tw.jobs.wait(job.id);
      await Promise.race([reading, new Promise((resolve) => setImmediate(resolve))]);
    }
    await reading;
    expect(seen).toEqual(['job.succeeded']);
  });
});
