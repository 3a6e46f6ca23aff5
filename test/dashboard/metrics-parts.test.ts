// Metrics parts against the real servers: a tiered store's PostgreSQL and Redis pinged apart, failed
// pings, and the dispatch hook the promoter and flusher report through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TickworkMetrics } from '../../src/observability/metrics/index.js';
import { tieredFixture } from '../dispatch/support.js';
import { parsePrometheus, total } from './prometheus-text.js';

describe('round-trip metrics', () => {
  let fixture: Awaited<ReturnType<typeof tieredFixture>>;
  beforeAll(async () => {
    fixture = await tieredFixture();
  });
  afterAll(async () => {
    await fixture?.closeAll();
  });

  it('times PostgreSQL and Redis apart for a tiered store, and counts a failed ping', async () => {
    const store = await fixture.open();
    const metrics = new TickworkMetrics({ store, namespaces: ['default'], processMetrics: false, pingIntervalMs: 50 });
    try {
      const count = async (name: string, target: string) =>
        total(parsePrometheus((await metrics.scrape()).body), name, { target });
      await expect
        .poll(() => count('tickwork_round_trip_seconds_count', 'postgres'), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expect
        .poll(() => count('tickwork_round_trip_seconds_count', 'redis'), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await count('tickwork_round_trip_failures_seconds_count', 'redis')).toBe(0);
    } finally {
      metrics.close();
    }
  });

  it('counts pings that fail instead of timing them', async () => {
    let fail = true;
    const store = await fixture.open();
    const metrics = new TickworkMetrics({
      store,
      namespaces: ['default'],
      processMetrics: false,
      pingIntervalMs: 50,
      pingers: [{ target: 'flaky', ping: async () => (fail ? Promise.reject(new Error('down')) : null) }],
    });
    try {
      const count = async (name: string) =>
        total(parsePrometheus((await metrics.scrape()).body), name, { target: 'flaky' });
      await expect
        .poll(() => count('tickwork_round_trip_failures_seconds_count'), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await count('tickwork_round_trip_seconds_count')).toBe(0);
      fail = false;
      await expect.poll(() => count('tickwork_round_trip_seconds_count'), { timeout: 10_000 }).toBeGreaterThan(0);
    } finally {
      metrics.close();
    }
  });

  it('DispatchMetrics: lag as a gauge per stage, batch sizes as a histogram', async () => {
    const store = await fixture.open();
    const metrics = new TickworkMetrics({ store, namespaces: ['default'], processMetrics: false, pingers: [] });
    try {
      metrics.dispatch.promoterLag(1500);
      metrics.dispatch.promoterBatch(40);
      metrics.dispatch.promoterBatch(2);
      metrics.dispatch.flusherLag(0);
      metrics.dispatch.flusherBatch(7);
      const samples = parsePrometheus((await metrics.scrape()).body);
      expect(total(samples, 'tickwork_dispatch_lag_seconds', { stage: 'promoter' })).toBe(1.5);
      expect(total(samples, 'tickwork_dispatch_lag_seconds', { stage: 'flusher' })).toBe(0);
      expect(total(samples, 'tickwork_dispatch_batch_size_count', { stage: 'promoter' })).toBe(2);
      expect(total(samples, 'tickwork_dispatch_batch_size_sum', { stage: 'promoter' })).toBe(42);
      expect(total(samples, 'tickwork_dispatch_batch_size_bucket', { stage: 'flusher', le: '10' })).toBe(1);
    } finally {
      metrics.close();
    }
  });
});
