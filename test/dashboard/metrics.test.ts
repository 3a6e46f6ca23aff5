// /metrics of a real `tickwork serve`: the figures match what the test did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { every } from '../../src/triggers/index.js';
import { parsePrometheus, total, type Sample } from './prometheus-text.js';
import { startServedTickwork, untilState, type ServedTickwork } from './served-tickwork.js';

async function scrape(url: string): Promise<{ samples: Sample[]; contentType: string }> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  return { samples: parsePrometheus(await res.text()), contentType: res.headers.get('content-type') ?? '' };
}

describe('/metrics', () => {
  let tw: ServedTickwork;
  beforeAll(async () => {
    tw = await startServedTickwork();
  });
  afterAll(async () => {
    await tw?.stop();
  });

  it('counts what was enqueued, completed, failed and cancelled, and the jobs by queue and state', async () => {
    const N = 7;
    const M = 3;
    const { jobs } = tw.client;
    const ok = await Promise.all(Array.from({ length: N }, (_, i) => jobs.enqueue('echo', { i }, { queue: 'm-ok' })));
    const bad = await Promise.all(Array.from({ length: M }, (_, i) => jobs.enqueue('fail', { i }, { queue: 'm-bad' })));
    const held = await jobs.enqueue('hold', null, { queue: 'm-hold' });
    const later = await jobs.enqueue('echo', null, { queue: 'm-later', delay: '1h' });
    await Promise.all([
      ...ok.map((j) => untilState(tw.client, j.id, 'succeeded')),
      ...bad.map((j) => untilState(tw.client, j.id, 'failed')),
      untilState(tw.client, held.id, 'running'),
    ]);
    await jobs.cancel({ id: held.id });

    const { samples, contentType } = await scrape(tw.url);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const ns = { namespace: 'default' };
    expect(total(samples, 'tickwork_jobs_enqueued_total', { ...ns, queue: 'm-ok' })).toBe(N);
    expect(total(samples, 'tickwork_jobs_enqueued_total', ns)).toBe(N + M + 2);
    expect(total(samples, 'tickwork_jobs_completed_total', { ...ns, handler: 'echo' })).toBe(N);
    expect(total(samples, 'tickwork_jobs_failed_total', { ...ns, queue: 'm-bad', handler: 'fail' })).toBe(M);
    expect(total(samples, 'tickwork_jobs_cancelled_total', { ...ns, queue: 'm-hold' })).toBe(1);
    // Every attempt timed, by how it ended, and its lateness measured.
    expect(total(samples, 'tickwork_job_run_seconds_count', { outcome: 'succeeded' })).toBe(N);
    expect(total(samples, 'tickwork_job_run_seconds_count', { outcome: 'failed' })).toBe(M);
    expect(total(samples, 'tickwork_job_run_seconds_count', { outcome: 'cancelled', queue: 'm-hold' })).toBe(1);
    expect(total(samples, 'tickwork_job_lateness_seconds_count', ns)).toBe(N + M + 1);
    // The gauge is the store's count now.
    const jobsIn = (queue: string, state: string) => total(samples, 'tickwork_jobs', { ...ns, queue, state });
    expect(jobsIn('m-ok', 'succeeded')).toBe(N);
    expect(jobsIn('m-bad', 'failed')).toBe(M);
    expect(jobsIn('m-hold', 'cancelled')).toBe(1);
    expect(jobsIn('m-hold', 'running')).toBe(0);
    expect(jobsIn('m-later', 'scheduled')).toBe(1);
    expect(total(samples, 'tickwork_lease_expiries_total')).toBe(0);
    expect(later.state).toBe('scheduled');
  });

  it('reports a paused queue, schedule fires, store round trips and the dispatch metrics', async () => {
    await tw.client.admin.pauseQueue('m-paused');
    await tw.client.schedules.upsert({
      id: 'm.sched',
      trigger: every('1s'),
      handler: 'echo',
      job: { queue: 'm-sched' },
    });
    await expect
      .poll(async () => total((await scrape(tw.url)).samples, 'tickwork_schedule_fires_total'), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await tw.client.schedules.pause('m.sched');
    // A fire already leased when the pause landed may still commit: compare once both sides agree.
    let fired = -1;
    await expect
      .poll(
        async () => {
          fired = (await tw.client.schedules.get('m.sched')).fireCount;
          const counted = total((await scrape(tw.url)).samples, 'tickwork_schedule_fires_total', {
            namespace: 'default',
          });
          return counted - fired;
        },
        { timeout: 15_000 },
      )
      .toBe(0);
    // The store is pinged at start and every 5 s: wait for the first ping's sample.
    await expect
      .poll(
        async () => total((await scrape(tw.url)).samples, 'tickwork_round_trip_seconds_count', { target: 'sqlite' }),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThanOrEqual(1);
    const { samples } = await scrape(tw.url);
    expect(total(samples, 'tickwork_queue_paused', { queue: 'm-paused' })).toBe(1);
    expect(total(samples, 'tickwork_queue_paused', { queue: 'm-ok' })).toBe(0);
    // Every fire of this process counted (the schedule is paused, so both figures are final).
    expect(total(samples, 'tickwork_schedule_fires_total', { namespace: 'default' })).toBe(fired);
    expect(total(samples, 'tickwork_jobs_enqueued_total', { queue: 'm-sched' })).toBe(fired);
    // Declared for the dispatch (promoter, flusher), which this embedded server does not run.
    const names = new Set(samples.map((s) => s.name));
    expect(names.has('tickwork_process_cpu_seconds_total')).toBe(true);
    const text = await (await fetch(`${tw.url}/metrics`)).text();
    expect(text).toContain('# TYPE tickwork_dispatch_lag_seconds gauge');
    expect(text).toContain('# TYPE tickwork_dispatch_batch_size histogram');
  });
});
