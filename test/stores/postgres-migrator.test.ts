import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from '../../src/core/errors.js';
import type { TestDatabase } from '../harness/test-database.js';
import { uniqueName } from '../harness/test-database.js';
import { openStore, testDatabase } from './postgres-fixtures.js';

let db: TestDatabase;
let admin: pg.Client;

beforeAll(async () => {
  db = await testDatabase();
  admin = new pg.Client(db.url);
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

async function versions(schema: string): Promise<number[]> {
  const { rows } = await admin.query<{ version: number }>(
    `SELECT version FROM "${schema}".migrations ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

describe('PostgreSQL migrator', () => {
  it('creates nothing until migrate() is called', async () => {
    const store = openStore(db.url);
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [store.schema]);
      expect(rows).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('applies the migrations once when several processes migrate at the same time', async () => {
    const schema = uniqueName('s');
    const stores = Array.from({ length: 6 }, () => openStore(db.url, { schema, poolSize: 1 }));
    try {
      await Promise.all(stores.map((s) => s.migrate()));
      const applied = await versions(schema);
      expect(applied.length).toBeGreaterThan(0);
      expect(new Set(applied).size).toBe(applied.length);
      expect(applied[0]).toBe(1);
      // A later migrate() finds nothing to do, and the store works.
      await stores[0]!.migrate();
      expect(await versions(schema)).toEqual(applied);
      expect(await stores[1]!.nextJobDueAt(null, null)).toBeNull();
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('refuses a schema newer than the code', async () => {
    const store = openStore(db.url);
    try {
      await store.migrate();
      await admin.query(`INSERT INTO "${store.schema}".migrations (version, name) VALUES (999, 'from_the_future')`);
      const error = await store.migrate().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect((error as SchemaTooNewError).code).toBe('SCHEMA_TOO_NEW');
      expect((error as SchemaTooNewError).details).toMatchObject({ found: 999 });
    } finally {
      await store.close();
    }
  });

  it('keeps schemas apart', async () => {
    const a = openStore(db.url);
    const b = openStore(db.url);
    try {
      await Promise.all([a.migrate(), b.migrate()]);
      await a.setQueuePaused('ns', 'q', true, 1);
      expect(await a.queueStats('ns', 1)).toHaveLength(1);
      expect(await b.queueStats('ns', 1)).toHaveLength(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
