import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError, TickworkError } from '../../src/core/errors.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import { startPostgres, type PostgresServer } from '../harness/postgres-server.js';

const T0 = Date.UTC(2031, 0, 1);

// A server of its own: this file stops and restarts it.
let server: PostgresServer;
let store: PostgresStore;
let other: PostgresStore;

beforeAll(async () => {
  server = await startPostgres();
  store = new PostgresStore({ connectionString: server.url, connectTimeout: 1000 });
  await store.migrate();
  other = new PostgresStore({ connectionString: server.url, connectTimeout: 1000 });
});

afterAll(async () => {
  await store?.close();
  await other?.close();
  await server?.stop();
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the call to fail while the server is down'),
    (error: unknown) => error,
  );
}

describe('PostgresStore when the server goes away', () => {
  it('fails with the retryable StoreUnavailableError, and works again after a restart', async () => {
    await store.setQueuePaused('ns', 'q', true, T0);
    // Hold a connection open across the outage too (the LISTEN client).
    const wakes: string[] = [];
    const stopWaking = store.onWake((wake) => wakes.push(wake.kind));
    // Wait until LISTEN is up: a hint from another store instance arrives.
    await expect
      .poll(async () => {
        await other.setQueuePaused('probe', 'q', false, T0);
        return wakes.includes('jobs');
      })
      .toBe(true);

    await server.down();
    for (const call of [
      () => store.queueStats('ns', T0),
      () =>
        store.acquireJobs({
          workerId: 'w',
          namespace: 'ns',
          queues: null,
          handlers: null,
          limit: 5,
          leaseMs: 1000,
          now: T0,
        }),
      () => store.setQueuePaused('ns', 'q', false, T0),
      () => store.cancelJob('ns', 'nope', T0), // a transaction
    ]) {
      const error = await failure(call());
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as TickworkError).code).toBe('STORE_UNAVAILABLE');
      expect((error as TickworkError).retryable).toBe(true);
    }

    await server.up();
    const stats = await store.queueStats('ns', T0);
    expect(stats.map((s) => [s.queue, s.paused])).toEqual([['q', true]]);
    await store.setQueuePaused('ns', 'q', false, T0);
    expect((await store.queueStats('ns', T0))[0]!.paused).toBe(false);
    // The LISTEN connection comes back by itself and says hints may have been missed.
    await expect.poll(() => wakes.includes('reconnected'), { timeout: 10_000 }).toBe(true);
    stopWaking();
  });
});
