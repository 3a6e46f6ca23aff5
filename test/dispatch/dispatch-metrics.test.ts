import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewJob } from '../../src/core/job.js';
import type { DispatchMetrics } from '../../src/observability/metrics/index.js';
import { tieredFixture } from './support.js';

/** The dispatch loops report their passes to the DispatchMetrics a server plugs in (its /metrics). */
describe('dispatch metrics', () => {
  let fixture: Awaited<ReturnType<typeof tieredFixture>>;
  beforeAll(async () => {
    fixture = await tieredFixture();
  });
  afterAll(async () => {
    await fixture.closeAll();
  });

  const job = (id: string, runAt: number): NewJob => ({
    id,
    namespace: 'metrics',
    queue: 'default',
    handler: 'h',
    payload: null,
    priority: 0,
    runAt,
    maxAttempts: 1,
    backoff: { type: 'fixed', delayMs: 1000, maxDelayMs: 1000, jitter: 0 },
    timeoutMs: null,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: null,
    fireTime: null,
    deadline: null,
    paused: false,
  });

  it('reports promoter and flusher batches and lag', async () => {
    const seen = {
      promoted: [] as number[],
      promoterLag: [] as number[],
      flushed: [] as number[],
      flusherLag: [] as number[],
    };
    const metrics: DispatchMetrics = {
      promoterBatch: (n) => void seen.promoted.push(n),
      promoterLag: (ms) => void seen.promoterLag.push(ms),
      flusherBatch: (n) => void seen.flushed.push(n),
      flusherLag: (ms) => void seen.flusherLag.push(ms),
    };
    const store = await fixture.open({
      horizon: '1s',
      promoteInterval: '100ms',
      flushInterval: '50ms',
      durability: 'hot-first',
    });
    store.setDispatchMetrics(metrics);
    store.startDispatch(null);
    const now = Date.now();
    // Beyond the horizon: written cold, then moved to Redis by a promoter pass.
    await store.addJobs([job('far', now + 1500)], now);
    await expect.poll(() => seen.promoted.some((n) => n >= 1), { timeout: 10_000 }).toBe(true);
    // Hot-first: acknowledged by Redis, written to PostgreSQL by a flusher pass.
    await store.addJobs([job('near', now)], now);
    await expect.poll(() => seen.flushed.some((n) => n >= 1), { timeout: 10_000 }).toBe(true);
    expect(seen.promoterLag.every((ms) => ms >= 0)).toBe(true);
    expect(seen.flusherLag.length).toBeGreaterThan(0);
    expect(seen.flusherLag.every((ms) => ms >= 0)).toBe(true);
    await store.stopDispatch();
  });
});
