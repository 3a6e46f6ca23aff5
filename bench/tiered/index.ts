// End-to-end throughput of the tiered store through the facade: N jobs enqueued in batches, then run
// by a trivial handler at the given concurrency, in each durability mode. Starts its own throwaway
// redis-server and PostgreSQL (test/harness) unless REDIS_URL / DATABASE_URL are set. Bounded: N jobs.
// Usage: npx tsx bench/tiered/index.ts [jobs=20000] [concurrency=100]
import { Tickwork } from '../../src/tickwork/tickwork.js';
import { createTestDatabase, startPostgres, startRedis } from '../../test/harness/index.js';

const total = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 100);

async function run(durability: 'store-first' | 'hot-first', pg: string, redis: string) {
  const db = await createTestDatabase(pg);
  const tw = await Tickwork.open({
    store: db.url,
    redis,
    durability,
    logger: false,
    worker: { concurrency },
    requireKnownHandlers: false,
  });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  tw.handle('noop', () => {
    if (++done === total) resolveAll();
    return null;
  });
  const payload = { data: 'x'.repeat(80) };
  const enqueueStart = performance.now();
  for (let i = 0; i < total; i += 1000) {
    await Promise.all(Array.from({ length: Math.min(1000, total - i) }, () => tw.jobs.enqueue('noop', payload)));
  }
  const enqueueMs = performance.now() - enqueueStart;
  const cpu0 = process.cpuUsage();
  const runStart = performance.now();
  tw.start();
  await all;
  const runMs = performance.now() - runStart;
  const cpu = process.cpuUsage(cpu0);
  await tw.close();
  await db.drop();
  return {
    enqueuePerSec: Math.round(total / (enqueueMs / 1000)),
    processPerSec: Math.round(total / (runMs / 1000)),
    workerCpuUsPerJob: Math.round((cpu.user + cpu.system) / total),
  };
}

const redisServer = process.env.REDIS_URL ? null : await startRedis();
const pgServer = process.env.DATABASE_URL ? null : await startPostgres();
try {
  const redis = process.env.REDIS_URL ?? redisServer!.url;
  const pg = process.env.DATABASE_URL ?? pgServer!.url;
  const storeFirst = await run('store-first', pg, redis);
  const hotFirst = await run('hot-first', pg, redis);
  console.log(JSON.stringify({ bench: 'tiered', jobs: total, concurrency, storeFirst, hotFirst }));
} finally {
  await redisServer?.stop();
  await pgServer?.stop();
}
