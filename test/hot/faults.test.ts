import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import { HotTierUnavailableError } from '../../src/hot/hot-tier-unavailable-error.js';
import type { QuarantinedRecord } from '../../src/hot/hot-tier.js';
import { KeyLayout } from '../../src/hot/redis/queue-keys.js';
import { RedisHotTier } from '../../src/hot/redis/redis-hot-tier.js';
import { freePort } from '../harness/free-port.js';
import { eventually, freshQueue, makeJob, T0, useHotTier } from './support.js';

const fx = useHotTier();
const layout = new KeyLayout('tw');
let raw: Redis;

beforeAll(async () => {
  raw = new Redis(fx.server.url);
  raw.on('error', () => {}); // it reconnects on its own while the server restarts
});
afterAll(async () => {
  await raw.quit();
});

describe('Redis going away', () => {
  it('calls fail with the retryable HotTierUnavailableError, then recover after a restart with the data', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a'), makeJob(q, 'b')], { now: T0 });
    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 60_000, now: T0 });

    await fx.server.down();
    const failed = fx.hot.claim({ ...q, workerId: 'w', limit: 1, leaseMs: 60_000, now: T0 });
    await expect(failed).rejects.toBeInstanceOf(HotTierUnavailableError);
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    await expect(fx.hot.getJob({ ...q, id: 'a' }, T0)).rejects.toBeInstanceOf(HotTierUnavailableError);
    await expect(fx.hot.readChanges({ consumer: 'f', limit: 10 })).rejects.toBeInstanceOf(HotTierUnavailableError);

    await fx.server.up();
    // The AOF brought the jobs back; the script cache did not survive, and EVALSHA falls back to EVAL.
    const running = await eventually(() => fx.hot.getJob({ ...q, id: jobs[0]!.id }, T0));
    expect(running).toMatchObject({ state: 'running', attempt: 1, leaseOwner: 'w' });
    const [done] = await fx.hot.finish(
      [{ ...q, kind: 'succeeded', id: jobs[0]!.id, attempt: 1, workerId: 'w', result: null }],
      T0 + 1,
    );
    expect(done!.applied).toBe(true);
    const next = await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 60_000, now: T0 + 1 });
    expect(next.jobs).toHaveLength(1);
  });

  it('open() rejects with HotTierUnavailableError when nothing listens', async () => {
    const port = await freePort();
    await expect(
      RedisHotTier.open({ redis: `redis://127.0.0.1:${port}`, commandTimeout: '2s' }),
    ).rejects.toBeInstanceOf(HotTierUnavailableError);
  });

  it('leaves a connection the caller passed in open', async () => {
    const own = new Redis(fx.server.url);
    const hot = await RedisHotTier.open({ redis: own });
    await hot.push([makeJob(freshQueue(), 'a')], { now: T0 });
    await hot.close();
    expect(await own.ping()).toBe('PONG');
    await own.quit();
  });
});

describe('malformed records', () => {
  it('a claim quarantines a record it cannot decode and claims the rest', async () => {
    const q = freshQueue();
    const keys = layout.keys(q);
    const seen: QuarantinedRecord[] = [];
    const stop = fx.hot.onQuarantine((r) => seen.push(r));
    await fx.hot.push([makeJob(q, 'good', { runAt: T0 - 1 })], { now: T0 });
    const bad = 'q|not a number|1|1|1||||||||||h\n\n\n\n{}\n{}'; // six lines, but the state line is wrong
    await raw.hset(keys.jobs, 'bad', bad);
    await raw.zadd(keys.ready, String(T0 - 10), 'bad');

    const { jobs } = await fx.hot.claim({ ...q, workerId: 'w', limit: 5, leaseMs: 1000, now: T0 });
    stop();
    expect(jobs.map((j) => j.id)).toEqual(['good']);
    expect(seen).toEqual([expect.objectContaining({ ...q, id: 'bad', reason: 'state line is malformed' })]);
    expect(await fx.hot.listQuarantined(q)).toEqual([expect.objectContaining({ id: 'bad', raw: bad })]);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ total: 1, ready: 0, quarantined: 1 });
  });

  it('a read quarantines a record whose payload is not JSON and reports it absent', async () => {
    const q = freshQueue();
    const keys = layout.keys(q);
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    const lines = (await raw.hget(keys.jobs, 'a'))!.split('\n');
    lines[5] = '{not json'; // the payload line: Lua never parses it, the reader does
    await raw.hset(keys.jobs, 'a', lines.join('\n'));
    const seen: string[] = [];
    const stop = fx.hot.onQuarantine((r) => seen.push(r.reason));
    expect(await fx.hot.getJob({ ...q, id: 'a' }, T0)).toBeNull();
    stop();
    expect(seen).toEqual(['payload is not JSON']);
    expect(await fx.hot.queueInfo(q)).toMatchObject({ total: 0, ready: 0, quarantined: 1 });
  });

  it('a change record that cannot be decoded is reported and acked away, not retried forever', async () => {
    const q = freshQueue();
    await fx.hot.push([makeJob(q, 'a')], { now: T0 });
    await raw.xadd(layout.keys(q).log, '*', 'a', 'garbage');
    const seen: string[] = [];
    const stop = fx.hot.onQuarantine((r) => seen.push(r.id));
    const batch = await fx.hot.readChanges({ consumer: 'f', limit: 10, namespace: q.namespace });
    stop();
    expect(batch.changes.map((c) => c.type)).toEqual(['job.added']);
    expect(seen).toEqual(['a']);
    await fx.hot.ackChanges(batch.receipt, T0);
    expect((await fx.hot.queueInfo(q)).logEntries).toBe(0);
  });
});
