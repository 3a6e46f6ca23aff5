import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Job } from '../../src/core/job.js';
import type { PushJob, QueueRef } from '../../src/hot/hot-tier.js';
import { RedisHotTier } from '../../src/hot/redis/redis-hot-tier.js';
import type { RedisHotTierOptions } from '../../src/hot/redis/options.js';
import { startRedis, type RedisServer } from '../harness/index.js';

/** A fixed clock: tests pass times explicitly, so nothing depends on how fast they run. */
export const T0 = 1_800_000_000_000;

export interface HotFixture {
  server: RedisServer;
  hot: RedisHotTier;
  /** Opens another hot tier on its own connection (another "process"); closed after the file. */
  open(options?: Partial<RedisHotTierOptions>): Promise<RedisHotTier>;
}

/** A private redis-server (AOF on, as hot-first runs it) and a hot tier for one test file. */
export function useHotTier(options: Partial<RedisHotTierOptions> = {}): HotFixture {
  const fixture = {} as HotFixture;
  const opened: RedisHotTier[] = [];
  beforeAll(async () => {
    fixture.server = await startRedis({ appendOnly: true });
    fixture.open = async (more = {}) => {
      const hot = await RedisHotTier.open({ redis: fixture.server.url, horizon: '1h', ...options, ...more });
      opened.push(hot);
      return hot;
    };
    fixture.hot = await fixture.open();
  });
  afterAll(async () => {
    await Promise.all(opened.map((hot) => hot.close()));
    await fixture.server?.stop();
  });
  return fixture;
}

/** A namespace no other test uses: every test works in its own. */
export function freshQueue(queue = 'default'): QueueRef {
  return { namespace: `t_${randomBytes(5).toString('hex')}`, queue };
}

export function makeJob(where: QueueRef, id: string, overrides: Partial<PushJob> = {}): PushJob {
  return {
    id,
    namespace: where.namespace,
    queue: where.queue,
    handler: 'test.handler',
    payload: { id, text: 'x'.repeat(60) },
    state: 'queued',
    priority: 0,
    runAt: T0,
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
    createdAt: T0,
    updatedAt: T0,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

export function ref(where: QueueRef, id: string): QueueRef & { id: string } {
  return { ...where, id };
}

export const failure = (message: string): NonNullable<Job['error']> => ({
  message,
  name: 'Error',
  code: null,
  stack: null,
  retryable: true,
});

/** Retries `probe` until it resolves (a condition, not a sleep), failing after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
