/**
 * bench/api: the service's ingestion from TypeScript over gRPC (HTTP/2), against `tickwork serve` as a
 * separate process (roles: api only, so workers do not compete for the 2 cores):
 *
 * - EnqueueBatch throughput: 4 callers × batches of 1,000 jobs for BENCH_SECONDS (8 s);
 * - unary Enqueue latency at a fixed 2,000 requests/s with at most 100 in flight, for BENCH_SECONDS.
 *   Latency counts from each request's *scheduled* send time, so a stall is not hidden by sending
 *   less (no coordinated omission).
 *
 * Modes (BENCH_MODES, comma-separated): `embedded` (SQLite file), `postgres` (PostgreSQL only),
 * `tiered` (PostgreSQL + Redis hot tier, hot-first). PostgreSQL and Redis are throwaway servers from
 * test/harness (or DATABASE_URL / REDIS_URL). Last line: one JSON object of figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import { EnqueueBatchRequestSchema, EnqueueRequestSchema, JobService } from '../../src/gen/tickwork/v1/jobs_pb.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import { startPostgres, type PostgresServer } from '../../test/harness/postgres-server.js';
import { startRedis, type RedisServer } from '../../test/harness/redis-server.js';
import { createTestDatabase } from '../../test/harness/test-database.js';
import { machine, percentiles, preciseNow } from '../lib/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const MODES = (process.env.BENCH_MODES ?? 'embedded,postgres,tiered').split(',').filter(Boolean);
const RATE = 2000;
const IN_FLIGHT = 100;
const BATCH = 1000;
const CALLERS = 4;
const log = (text: string) => console.error(text);

const payload = create(ValueSchema, {
  kind: {
    case: 'structValue',
    value: { fields: { orderId: { kind: { case: 'numberValue', value: 42 } } } },
  },
});

interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `tickwork serve --roles api` on a free port; resolves with its URL from the start-up log. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--roles', 'api', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, TICKWORK_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: unknown };
        if (typeof entry.url === 'string') {
          resolve({
            url: entry.url,
            child,
            stop: async () => {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      } catch {
        // not a log line
      }
    });
    void exited.then(() => reject(new Error(`serve exited before listening:\n${stderr}`)));
  });
}

async function batchThroughput(jobs: Client<typeof JobService>): Promise<{ jobsPerSecond: number; jobs: number }> {
  const request = create(EnqueueBatchRequestSchema, {
    jobs: Array.from({ length: BATCH }, () => ({ target: { case: 'handler' as const, value: 'bench.noop' }, payload })),
  });
  await jobs.enqueueBatch(request); // warm-up
  let written = 0;
  const started = preciseNow();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (preciseNow() < end) {
        const res = await jobs.enqueueBatch(request);
        written += res.results.length;
      }
    }),
  );
  const elapsed = (preciseNow() - started) / 1000;
  return { jobsPerSecond: Math.round(written / elapsed), jobs: written };
}

async function unaryLatency(jobs: Client<typeof JobService>) {
  const request = create(EnqueueRequestSchema, { job: { target: { case: 'handler', value: 'bench.noop' }, payload } });
  for (let i = 0; i < 200; i++) await jobs.enqueue(request); // warm-up
  const total = RATE * SECONDS;
  const latencies: number[] = [];
  let inFlight = 0;
  let waiting: (() => void) | null = null;
  let errors = 0;
  const t0 = preciseNow() + 10;
  const pending: Promise<void>[] = [];
  // Bounded: a server far below the rate would otherwise keep this loop going for minutes.
  const deadline = t0 + SECONDS * 3000;
  let sent = 0;
  for (let i = 0; i < total && preciseNow() < deadline; i++, sent++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - preciseNow();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (waiting = r));
    inFlight++;
    pending.push(
      jobs
        .enqueue(request)
        .then(
          () => void latencies.push(preciseNow() - due),
          () => void errors++,
        )
        .finally(() => {
          inFlight--;
          const w = waiting;
          waiting = null;
          w?.();
        }),
    );
  }
  await Promise.all(pending);
  const elapsed = (preciseNow() - t0) / 1000;
  return {
    ...percentiles(latencies),
    achievedPerSecond: Math.round(latencies.length / elapsed),
    errors,
    unsent: total - sent,
  };
}

async function run(mode: string, infra: { pg?: string; redis?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-api-'));
  let args: string[];
  if (mode === 'embedded') args = ['--store', join(dir, 'tickwork.db')];
  else {
    const db = await createTestDatabase(infra.pg!);
    const store = new PostgresStore({ connectionString: db.url });
    await store.migrate();
    await store.close();
    args = ['--store', db.url];
    if (mode === 'tiered') args.push('--redis', infra.redis!);
  }
  const served = await serve(args);
  const sessionManager = new Http2SessionManager(served.url);
  const jobs = createClient(JobService, createGrpcTransport({ baseUrl: served.url, sessionManager }));
  try {
    log(`${mode}: EnqueueBatch, ${CALLERS} callers × ${BATCH} jobs, ${SECONDS} s`);
    const batch = await batchThroughput(jobs);
    log(`${mode}: ${batch.jobsPerSecond} jobs/s batched (${batch.jobs} jobs)`);
    log(`${mode}: unary Enqueue at ${RATE}/s, ≤ ${IN_FLIGHT} in flight, ${SECONDS} s`);
    const unary = await unaryLatency(jobs);
    log(`${mode}: unary p50 ${unary.p50} ms, p99 ${unary.p99} ms, max ${unary.max} ms, ${unary.achievedPerSecond}/s`);
    return { batchJobsPerSecond: batch.jobsPerSecond, unary };
  } finally {
    sessionManager.abort();
    await served.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

let pg: PostgresServer | undefined;
let redis: RedisServer | undefined;
const figures: Record<string, unknown> = {};
try {
  log(`bench/api on ${machine()}`);
  const needsPg = MODES.some((m) => m !== 'embedded');
  const pgUrl = needsPg ? (process.env.DATABASE_URL ?? (pg = await startPostgres({ durable: true })).url) : undefined;
  const redisUrl = MODES.includes('tiered') ? (process.env.REDIS_URL ?? (redis = await startRedis()).url) : undefined;
  for (const mode of MODES) figures[mode] = await run(mode, { pg: pgUrl, redis: redisUrl });
} finally {
  await redis?.stop();
  await pg?.stop();
}
console.log(
  JSON.stringify({ bench: 'api', seconds: SECONDS, rate: RATE, inFlight: IN_FLIGHT, batch: BATCH, ...figures }),
);
