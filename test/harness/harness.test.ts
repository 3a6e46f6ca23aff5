import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { startRedis } from './redis-server.js';
import { createTestDatabase } from './test-database.js';

describe('test harness', () => {
  it('provides a PostgreSQL and a Redis for the run', async () => {
    const client = new pg.Client(inject('databaseUrl'));
    await client.connect();
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    await client.end();
    const redis = new Redis(inject('redisUrl'));
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('creates and drops a database per test file', async () => {
    const db = await createTestDatabase(inject('databaseUrl'));
    const client = new pg.Client(db.url);
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0]!.name).toBe(db.name);
    await client.end();
    await db.drop();
    const admin = new pg.Client(inject('databaseUrl'));
    await admin.connect();
    const left = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name]);
    await admin.end();
    expect(left.rows).toHaveLength(0);
  });

  it('restarts a private Redis with its append-only file, on the same port', async () => {
    const server = await startRedis({ appendOnly: true, appendFsync: 'always' });
    const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.set('k', 'v');
      redis.disconnect();
      await server.restart();
      const again = new Redis(server.url);
      expect(await again.get('k')).toBe('v');
      again.disconnect();
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});
