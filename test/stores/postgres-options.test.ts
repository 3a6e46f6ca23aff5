import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { PostgresStore } from '../../src/stores/postgres/index.js';
import type { TestDatabase } from '../harness/test-database.js';
import { uniqueName } from '../harness/test-database.js';
import { testDatabase } from './postgres-fixtures.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await testDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('PostgresStore options and ownership', () => {
  it('uses a pool passed in and leaves it open on close', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    try {
      const store = new PostgresStore({ pool, schema: uniqueName('s') });
      await store.migrate();
      await store.setQueuePaused('ns', 'q', true, 1);
      await store.close();
      const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]!.one).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it('listens on a connection borrowed from a pool passed in, and gives it back', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const schema = uniqueName('s');
    const listening = new PostgresStore({ pool, schema });
    const writing = new PostgresStore({ connectionString: db.url, schema });
    try {
      await writing.migrate();
      const queues: (string | null)[] = [];
      const stop = listening.onWake((wake) => wake.kind === 'jobs' && queues.push(wake.queue));
      await expect
        .poll(async () => {
          await writing.setQueuePaused('ns', 'q', false, 1);
          return queues.includes('q');
        })
        .toBe(true);
      expect(pool.totalCount - pool.idleCount).toBe(1);
      stop();
      await listening.close();
      expect(pool.totalCount - pool.idleCount).toBe(0);
    } finally {
      await writing.close();
      await pool.end();
    }
  });

  it('ends the pool it opened itself', async () => {
    const store = new PostgresStore({ connectionString: db.url, schema: uniqueName('s') });
    await store.migrate();
    await store.close();
    await expect(store.queueStats('ns', 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('says when the schema was never migrated', async () => {
    const store = new PostgresStore({ connectionString: db.url, schema: uniqueName('s') });
    try {
      await expect(store.getJob('ns', 'x', 1)).rejects.toThrow(/run migrate\(\) first/);
    } finally {
      await store.close();
    }
  });

  it('validates its options', () => {
    expect(() => new PostgresStore({ connectionString: db.url, schema: 'Bad-Name' })).toThrow(ValidationError);
    expect(() => new PostgresStore({ schema: 'ok' })).toThrow(ValidationError);
    expect(() => new PostgresStore({ connectionString: db.url, poolSize: 0 })).toThrow(ValidationError);
  });
});
