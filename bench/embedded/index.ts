/**
 * bench/embedded — tickwork on its embedded SQLite store, on this machine. Four figures:
 *   1. end-to-end jobs/s: 100k trivial jobs submitted in batches while a worker (concurrency 100) runs them;
 *   2. fire lateness of 10k delayed jobs spread over 10 s (handler start − runAt);
 *   3. 1,000 second-level cron schedules for 10 s: fires vs expected, and lateness (start − fire time);
 *   4. bytes per scheduled job in the SQLite file.
 * Run: `npm run bench:embedded` (BENCH_SCALE=0.1 for a quick pass; BENCH_ONLY=e2e,delayed,cron,size for
 * some parts, e.g. under a profiler). The last line is one JSON object.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cron, Tickwork } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite/sqlite-store.js';
import { machine, percentiles, preciseNow, until } from '../lib/stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'e2e,delayed,cron,size').split(','));
const skipped = {};
const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
let fileNo = 0;
const freshDb = () => join(dir, `bench-${fileNo++}.db`);
const log = (text: string) => console.error(text);

async function open(options: Parameters<typeof Tickwork.open>[0] = {}) {
  return Tickwork.open({ store: freshDb(), logger: false, requireKnownHandlers: true, ...options });
}

async function endToEnd(total: number) {
  const tw = await open({ worker: { concurrency: 100 } });
  let done = 0;
  tw.handle('noop', () => void done++);
  tw.start();
  const started = preciseNow();
  const cpuBefore = process.cpuUsage();
  const batch = 1000;
  for (let i = 0; i < total; i += batch) {
    await tw.jobs.enqueueMany(
      Array.from({ length: Math.min(batch, total - i) }, (_, k) => ({ handler: 'noop', payload: { i: i + k } })),
    );
  }
  await until(() => done === total, 120_000, 'end-to-end jobs');
  const seconds = (preciseNow() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await tw.close();
  return {
    jobs: total,
    seconds: Math.round(seconds * 100) / 100,
    jobs_per_s: Math.round(total / seconds),
    // CPU of this process (every thread) per job: steadier than jobs/s on a busy machine.
    cpu_us_per_job: Math.round((cpu.user + cpu.system) / total),
  };
}

async function delayedLateness(total: number, spreadMs: number) {
  const tw = await open({ worker: { concurrency: 100 } });
  const lateness: number[] = [];
  tw.handle('stamp', (_p, ctx) => void lateness.push(preciseNow() - ctx.job.runAt));
  const base = Date.now() + 1000;
  await tw.jobs.enqueueMany(
    Array.from({ length: total }, (_, i) => ({
      handler: 'stamp',
      payload: null,
      options: { runAt: base + Math.floor((i * spreadMs) / total) },
    })),
  );
  tw.start();
  await until(() => lateness.length === total, spreadMs + 30_000, 'delayed jobs');
  await tw.close();
  return { jobs: total, ...percentiles(lateness) };
}

async function cronFires(schedules: number, seconds: number) {
  const tw = await open({ worker: { concurrency: 1000 } });
  const lateness: number[] = [];
  let windowStart = Infinity;
  let windowEnd = -Infinity;
  const fired = new Set<string>();
  tw.handle('fire', (_p, ctx) => {
    const fireTime = ctx.job.fireTime!;
    if (fireTime < windowStart || fireTime > windowEnd) return;
    lateness.push(preciseNow() - fireTime);
    fired.add(ctx.job.id);
  });
  for (let s = 0; s < schedules; s++) {
    await tw.schedules.upsert({ id: `cron-${s}`, trigger: cron('* * * * * *'), handler: 'fire' });
  }
  tw.start();
  // Measure whole seconds, starting two seconds after start-up settles.
  windowStart = Math.ceil(Date.now() / 1000) * 1000 + 2000;
  windowEnd = windowStart + (seconds - 1) * 1000;
  const expected = schedules * seconds;
  await until(() => Date.now() > windowEnd + 3000 || fired.size === expected, seconds * 1000 + 30_000, 'cron fires');
  await tw.close();
  return { schedules, seconds, expected, fired: fired.size, missed: expected - fired.size, ...percentiles(lateness) };
}

async function bytesPerJob(total: number) {
  const path = freshDb();
  const tw = await Tickwork.open({ store: path, logger: false, requireKnownHandlers: false, roles: [] });
  const store = tw.store as SqliteStore;
  await store.checkpoint();
  const before = statSync(path).size;
  const runAt = Date.now() + 30 * 86_400_000;
  for (let i = 0; i < total; i += 1000) {
    await tw.jobs.enqueueMany(
      Array.from({ length: Math.min(1000, total - i) }, (_, k) => ({
        handler: 'orders.cancel-if-unpaid',
        payload: { orderId: i + k, note: 'x'.repeat(60) },
        options: { runAt, key: `order:${i + k}` },
      })),
    );
  }
  await store.checkpoint();
  const after = statSync(path).size;
  await tw.close();
  return { jobs: total, bytes_per_job: Math.round((after - before) / total) };
}

try {
  log(`bench/embedded on ${machine()}, scale ${SCALE}`);
  const e2e: Partial<Awaited<ReturnType<typeof endToEnd>>> = ONLY.has('e2e')
    ? await endToEnd(Math.round(100_000 * SCALE))
    : skipped;
  log(`end to end: ${JSON.stringify(e2e)}`);
  const delayed: Partial<Awaited<ReturnType<typeof delayedLateness>>> = ONLY.has('delayed')
    ? await delayedLateness(Math.round(10_000 * SCALE), 10_000)
    : skipped;
  log(`delayed-job lateness (ms): ${JSON.stringify(delayed)}`);
  const crons: Partial<Awaited<ReturnType<typeof cronFires>>> = ONLY.has('cron')
    ? await cronFires(Math.round(1000 * SCALE), 10)
    : skipped;
  log(`cron fires: ${JSON.stringify(crons)}`);
  const size: Partial<Awaited<ReturnType<typeof bytesPerJob>>> = ONLY.has('size')
    ? await bytesPerJob(Math.round(100_000 * SCALE))
    : skipped;
  log(`size: ${JSON.stringify(size)}`);
  console.log(
    JSON.stringify({
      bench: 'embedded',
      scale: SCALE,
      jobs_per_s: e2e.jobs_per_s,
      cpu_us_per_job: e2e.cpu_us_per_job,
      delayed_p50_ms: delayed.p50,
      delayed_p95_ms: delayed.p95,
      delayed_p99_ms: delayed.p99,
      delayed_max_ms: delayed.max,
      cron_expected: crons.expected,
      cron_fired: crons.fired,
      cron_p99_ms: crons.p99,
      cron_max_ms: crons.max,
      bytes_per_job: size.bytes_per_job,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
