/**
 * bench/postgres-store — the PostgresStore's raw throughput, no worker loop or handlers: how fast the
 * store accepts batches and hands out and records work. Figures:
 *   1. addJobs: 200k jobs in batches of 1000 (and 100), 1 and 4 concurrent callers;
 *   2. acquire + finish: 4 concurrent claimers (separate pools, as separate processes) taking 100 at a
 *      time and recording each batch's outcomes in one finishJobs;
 *   3. single-job addJobs from 32 concurrent callers (no batching), for the latency of one commit.
 * The server is a throwaway one from test/harness, durable by default (fsync on); BENCH_FSYNC=off skips
 * fsync, DATABASE_URL uses an existing server. BENCH_SCALE=0.1 for a quick pass.
 * Run: `npx tsx bench/postgres-store/index.ts`. The last line is one JSON object.
 */
import type { NewJob } from '../../src/core/job.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import { startPostgres, type PostgresServer } from '../../test/harness/postgres-server.js';
import { createTestDatabase, uniqueName } from '../../test/harness/test-database.js';
import { machine, percentiles, preciseNow } from '../lib/stats.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const log = (text: string) => console.error(text);
const BACKOFF = { type: 'exponential', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 } as const;
let seq = 0;

function jobs(namespace: string, n: number, now: number): NewJob[] {
  return Array.from({ length: n }, () => {
    const i = seq++;
    return {
      id: `b${i}`,
      namespace,
      queue: 'default',
      handler: 'noop',
      payload: { i, user: 'u-12345', order: 'o-987654321' },
      priority: 0,
      runAt: now,
      maxAttempts: 3,
      backoff: BACKOFF,
      timeoutMs: null,
      key: null,
      onKeyConflict: 'return-existing',
      scheduleId: null,
      fireTime: null,
      deadline: null,
      paused: false,
    };
  });
}

async function addBatches(store: PostgresStore, total: number, batch: number, callers: number): Promise<number> {
  const namespace = uniqueName('add');
  const perCaller = Math.ceil(total / callers / batch);
  const started = preciseNow();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < perCaller; i++) await store.addJobs(jobs(namespace, batch, Date.now()), Date.now());
    }),
  );
  return Math.round((perCaller * callers * batch) / ((preciseNow() - started) / 1000));
}

async function acquireFinish(stores: PostgresStore[], total: number): Promise<number> {
  const namespace = uniqueName('work');
  for (let i = 0; i < total; i += 1000)
    await stores[0]!.addJobs(jobs(namespace, Math.min(1000, total - i), Date.now()), Date.now());
  let done = 0;
  const started = preciseNow();
  await Promise.all(
    stores.map(async (store, w) => {
      const workerId = `w${w}`;
      for (;;) {
        const now = Date.now();
        const claimed = await store.acquireJobs({
          workerId,
          namespace,
          queues: null,
          handlers: null,
          limit: 100,
          leaseMs: 30_000,
          now,
        });
        if (claimed.jobs.length === 0) return;
        await store.finishJobs(
          claimed.jobs.map((j) => ({
            kind: 'succeeded' as const,
            id: j.id,
            namespace,
            attempt: j.attempt,
            workerId,
            result: null,
          })),
          Date.now(),
        );
        done += claimed.jobs.length;
      }
    }),
  );
  if (done !== total) throw new Error(`bench: finished ${done} of ${total}`);
  return Math.round(total / ((preciseNow() - started) / 1000));
}

async function singles(store: PostgresStore, total: number, callers: number) {
  const namespace = uniqueName('one');
  const latencies: number[] = [];
  const started = preciseNow();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < total / callers; i++) {
        const t = preciseNow();
        await store.addJobs(jobs(namespace, 1, Date.now()), Date.now());
        latencies.push(preciseNow() - t);
      }
    }),
  );
  return { perSecond: Math.round(latencies.length / ((preciseNow() - started) / 1000)), ms: percentiles(latencies) };
}

async function main(): Promise<void> {
  const durable = process.env.BENCH_FSYNC !== 'off';
  let server: PostgresServer | null = null;
  const base = process.env.DATABASE_URL ?? (server = await startPostgres({ durable })).url;
  const db = await createTestDatabase(base);
  const schema = 'bench';
  const stores = Array.from({ length: 4 }, () => new PostgresStore({ connectionString: db.url, schema, poolSize: 8 }));
  try {
    await stores[0]!.migrate();
    const n = Math.round(200_000 * SCALE);
    log(`postgres store bench on ${machine()}, fsync ${durable ? 'on' : 'off'}`);
    const add1000x1 = await addBatches(stores[0]!, n, 1000, 1);
    log(`addJobs, batches of 1000, 1 caller:  ${add1000x1} jobs/s`);
    const add1000x4 = await addBatches(stores[0]!, n, 1000, 4);
    log(`addJobs, batches of 1000, 4 callers: ${add1000x4} jobs/s`);
    const add100x4 = await addBatches(stores[0]!, n, 100, 4);
    log(`addJobs, batches of 100, 4 callers:  ${add100x4} jobs/s`);
    const work = await acquireFinish(stores, Math.round(100_000 * SCALE));
    log(`acquire 100 + finishJobs, 4 claimers: ${work} jobs/s`);
    const one = await singles(stores[0]!, Math.round(10_000 * SCALE), 32);
    log(`addJobs of 1 job, 32 callers:        ${one.perSecond} jobs/s, latency ms ${JSON.stringify(one.ms)}`);
    console.log(JSON.stringify({ durable, add1000x1, add1000x4, add100x4, acquireFinish: work, singleAdds: one }));
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await db.drop();
    await server?.stop();
  }
}

await main();
