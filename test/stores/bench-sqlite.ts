/**
 * A measurement, not a test: the SQLite store's hot paths end to end on this machine.
 *   npx tsx test/stores/bench-sqlite.ts [jobs=100000] [synchronous=NORMAL] [keyed]
 * Adds `jobs` due jobs in batches of 1000, then claims 100 at a time and finishes them in batches of 100
 * (succeeded, with a result), every transition recorded in the history. Then times single-job rounds
 * (add 1, acquire 1, finish 1) for call latency. Prints one JSON line, with wall and CPU time: on a
 * shared machine under load the wall figures measure the neighbours too.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewJob } from '../../src/core/job.js';
import { SqliteStore } from '../../src/stores/sqlite/sqlite-store.js';

const total = Number(process.argv[2] ?? 100_000);
const synchronous = (process.argv[3] ?? 'NORMAL') as 'NORMAL' | 'FULL';
/** With `keyed`, every job carries a key (`order:<n>`), as order timeouts do. */
const keyed = process.argv[4] === 'keyed';
const dir = mkdtempSync(join(tmpdir(), 'tw-bench-'));
const path = join(dir, 'bench.db');
const store = await SqliteStore.open({ path, migrate: true, synchronous });
let events = 0;
store.onEvents((batch) => (events += batch.length));

const job = (i: number, now: number): NewJob => ({
  id: `job-${i}`,
  namespace: 'bench',
  queue: 'default',
  handler: 'work',
  payload: { orderId: i, note: 'x'.repeat(40) },
  priority: 0,
  runAt: now,
  maxAttempts: 3,
  backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
  timeoutMs: null,
  key: keyed ? `order:${i}` : null,
  onKeyConflict: 'return-existing',
  scheduleId: null,
  fireTime: null,
  deadline: null,
  paused: false,
});

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const t0 = Date.now();
for (let i = 0; i < total; i += 1000) {
  await store.addJobs(
    Array.from({ length: Math.min(1000, total - i) }, (_, k) => job(i + k, t0)),
    Date.now(),
  );
}
const addMs = ms(start);
const claimStart = process.hrtime.bigint();
let acquireMs = 0;
let finishMs = 0;
let done = 0;
let walMax = 0;
const walBytes = () => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};
for (;;) {
  walMax = Math.max(walMax, walBytes());
  const a = process.hrtime.bigint();
  const { jobs } = await store.acquireJobs({
    workerId: 'w',
    namespace: 'bench',
    queues: null,
    handlers: ['work'],
    limit: 100,
    leaseMs: 30_000,
    now: Date.now(),
  });
  acquireMs += ms(a);
  if (jobs.length === 0) break;
  const f = process.hrtime.bigint();
  const results = await store.finishJobs(
    jobs.map((j) => ({
      kind: 'succeeded' as const,
      id: j.id,
      attempt: j.attempt,
      workerId: 'w',
      result: { ok: true },
    })),
    Date.now(),
  );
  finishMs += ms(f);
  done += results.filter((r) => r.applied).length;
}
const runMs = ms(claimStart);
const totalMs = ms(start);
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;

// Latency of single-job rounds, as a lightly loaded embedded instance sees them.
const latencies: number[] = [];
for (let i = 0; i < 2000; i++) {
  const s = process.hrtime.bigint();
  const now = Date.now();
  await store.addJobs([job(total + i, now)], now);
  const { jobs } = await store.acquireJobs({
    workerId: 'w',
    namespace: 'bench',
    queues: null,
    handlers: ['work'],
    limit: 10,
    leaseMs: 30_000,
    now,
  });
  await store.finishJobs([{ kind: 'succeeded', id: jobs[0]!.id, attempt: 1, workerId: 'w', result: null }], now);
  latencies.push(ms(s));
}
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(3));

walMax = Math.max(walMax, walBytes());
await store.checkpoint();
const bytes = statSync(path).size;
await store.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    jobs: total,
    synchronous,
    keyed,
    done,
    events,
    end_to_end_jobs_per_s: Math.round(total / (totalMs / 1000)),
    // On a shared, loaded machine wall time measures the neighbours; CPU time measures the store.
    end_to_end_jobs_per_cpu_s: Math.round(total / (cpuMs / 1000)),
    load_average: Number((await import('node:os')).loadavg()[0]!.toFixed(2)),
    add_jobs_per_s: Math.round(total / (addMs / 1000)),
    acquire_finish_jobs_per_s: Math.round(total / (runMs / 1000)),
    acquire_ms_per_100: Number(((acquireMs / total) * 100).toFixed(3)),
    finish_ms_per_100: Number(((finishMs / total) * 100).toFixed(3)),
    round_trip_ms: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
    db_bytes_per_job: Math.round(bytes / (total + 2000)),
    wal_max_mib: Number((walMax / 2 ** 20).toFixed(1)),
  }),
);
