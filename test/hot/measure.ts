/**
 * Throughput and memory of the Redis hot tier against a local redis-server (not a test: numbers
 * depend on the machine). Run: `npx tsx test/hot/measure.ts` (REDIS_URL to use a running server,
 * JOBS=100000 to change the size). Starts a throwaway redis-server otherwise (no AOF, `hz 10`).
 *
 * Measures, each on a fresh namespace:
 *   push (bulk)         batches of 1000 jobs per call
 *   push (single)       one job per call, 100 calls in flight (auto-pipelined)
 *   claim               batches of 100 per call (one worker)
 *   finish              batches of 100 outcomes per call
 *   end to end          claim → finish cycles at concurrency 100 (4 workers × 25), trivial handler
 *   memory              used_memory delta and MEMORY USAGE per job due in 1 h, 100-byte payload
 */
import { Redis } from 'ioredis';
import type { Job } from '../../src/core/job.js';
import type { QueueRef } from '../../src/hot/hot-tier.js';
import { KeyLayout } from '../../src/hot/redis/queue-keys.js';
import { RedisHotTier } from '../../src/hot/redis/redis-hot-tier.js';
import { startRedis } from '../harness/index.js';

const JOBS = Number(process.env.JOBS ?? 100_000);
const PAYLOAD = { orderId: 'ord_0000000001', userId: 123456, items: [1, 2, 3], note: 'x'.repeat(30) };
if (JSON.stringify(PAYLOAD).length !== 100) throw new Error('payload must be 100 bytes of JSON');

let sequence = 0;
function queue(): QueueRef {
  return { namespace: `m${++sequence}`, queue: 'default' };
}

function job(where: QueueRef, i: number, now: number, runAt = now): Job {
  return {
    id: `job-${String(i).padStart(8, '0')}`,
    namespace: where.namespace,
    queue: where.queue,
    handler: 'orders.cancel-if-unpaid',
    payload: PAYLOAD,
    state: 'queued',
    priority: 0,
    runAt,
    attempt: 0,
    maxAttempts: 3,
    backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 3_600_000, jitter: 0 },
    timeoutMs: null,
    key: null,
    scheduleId: null,
    fireTime: null,
    deadline: null,
    target: null,
    traceparent: null,
    progress: null,
    result: null,
    error: null,
    stalls: 0,
    pausedFrom: null,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

function report(name: string, jobs: number, ms: number): void {
  console.log(
    `${name.padEnd(34)} ${String(jobs).padStart(8)} jobs ${ms.toFixed(0).padStart(7)} ms ${Math.round(
      (jobs / ms) * 1000,
    )
      .toString()
      .padStart(9)} jobs/s`,
  );
}

async function timed(name: string, jobs: number, run: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await run();
  report(name, jobs, performance.now() - start);
}

async function pushBulk(hot: RedisHotTier, where: QueueRef, n: number, now: number, runAt = now): Promise<void> {
  const batches: Promise<unknown>[] = [];
  for (let i = 0; i < n; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, n - i) }, (_, k) => job(where, i + k, now, runAt));
    batches.push(hot.push(batch, { now }));
    if (batches.length >= 4) await batches.shift(); // a few batches in flight
  }
  await Promise.all(batches);
}

async function main(): Promise<void> {
  const server = process.env.REDIS_URL ? null : await startRedis();
  const url = process.env.REDIS_URL ?? server!.url;
  const hot = await RedisHotTier.open({ redis: url, horizon: '2h' });
  const raw = new Redis(url);
  const now = Date.now();
  console.log(`hot tier on ${url}, ${JOBS} jobs, 100-byte payload`);

  const bulk = queue();
  await timed('push (bulk, 1000 per call)', JOBS, () => pushBulk(hot, bulk, JOBS, now));

  const single = queue();
  const singles = Math.min(JOBS, 50_000);
  await timed('push (single, 100 in flight)', singles, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        while (next < singles) await hot.push([job(single, next++, now)], { now });
      }),
    );
  });

  const claimed: Job[] = [];
  await timed('claim (100 per call)', JOBS, async () => {
    for (;;) {
      const { jobs } = await hot.claim({ ...bulk, workerId: 'w1', limit: 100, leaseMs: 60_000, now });
      if (jobs.length === 0) break;
      for (const j of jobs) claimed.push(j);
    }
  });

  await timed('finish (100 per call)', claimed.length, async () => {
    for (let i = 0; i < claimed.length; i += 100) {
      await hot.finish(
        claimed.slice(i, i + 100).map((j) => ({
          ...bulk,
          kind: 'succeeded' as const,
          id: j.id,
          attempt: j.attempt,
          workerId: 'w1',
          result: null,
        })),
        now,
      );
    }
  });

  const e2e = queue();
  await pushBulk(hot, e2e, JOBS, now);
  const workers = await Promise.all(Array.from({ length: 4 }, () => RedisHotTier.open({ redis: url, horizon: '2h' })));
  await timed('end to end (concurrency 100)', JOBS, async () => {
    let done = 0;
    await Promise.all(
      workers.map(async (worker, w) => {
        // Each worker keeps 25 jobs in flight: claims what it has room for, "runs" them, reports in one batch.
        while (done < JOBS) {
          const { jobs } = await worker.claim({ ...e2e, workerId: `w${w}`, limit: 25, leaseMs: 60_000, now });
          if (jobs.length === 0) {
            if (done >= JOBS) break;
            await new Promise((r) => setImmediate(r));
            continue;
          }
          await worker.finish(
            jobs.map((j) => ({
              ...e2e,
              kind: 'succeeded' as const,
              id: j.id,
              attempt: j.attempt,
              workerId: `w${w}`,
              result: null,
            })),
            now,
          );
          done += jobs.length;
        }
      }),
    );
  });

  // Memory: jobs due in one hour (delayed), after draining the change log as the flusher would.
  const mem = queue();
  const n = Math.min(JOBS, 100_000);
  await raw.call('MEMORY', 'PURGE').catch(() => null);
  const before = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))![1]);
  await pushBulk(hot, mem, n, now, now + 3_600_000);
  let batch = await hot.readChanges({ consumer: 'measure', limit: 1000, namespace: mem.namespace });
  const logged = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))![1]);
  while (batch.changes.length > 0) {
    await hot.ackChanges(batch.receipt, now);
    batch = await hot.readChanges({ consumer: 'measure', limit: 1000, namespace: mem.namespace });
  }
  const after = Number(/used_memory:(\d+)/.exec(await raw.info('memory'))![1]);
  const keys = new KeyLayout('tw').keys(mem);
  const hash = Number(await raw.call('MEMORY', 'USAGE', keys.jobs, 'SAMPLES', '0'));
  const zset = Number(await raw.call('MEMORY', 'USAGE', keys.delayed, 'SAMPLES', '0'));
  const record = (await raw.hget(keys.jobs, job(mem, 0, now).id))!;
  console.log(`memory, job due in 1 h (${n} jobs):`);
  console.log(`  used_memory delta, log flushed      ${((after - before) / n).toFixed(0)} bytes/job`);
  console.log(`  used_memory delta, log not flushed  ${((logged - before) / n).toFixed(0)} bytes/job`);
  console.log(`  MEMORY USAGE jobs hash              ${(hash / n).toFixed(0)} bytes/job`);
  console.log(`  MEMORY USAGE delayed zset           ${(zset / n).toFixed(0)} bytes/job`);
  console.log(`  record                              ${Buffer.byteLength(record)} bytes`);
  console.log(JSON.stringify(record));
  const far = await hot.push([job(queue(), 0, now, now + 30 * 86_400_000)], { now });
  console.log(`job due in 30 days: ${far[0]!.refused ?? 'stored'} (0 bytes in Redis until promoted)`);

  await Promise.all([hot.close(), ...workers.map((w) => w.close()), raw.quit()]);
  await server?.stop();
}

await main();
