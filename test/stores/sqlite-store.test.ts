import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError, StoreUnavailableError, TickworkError } from '../../src/core/errors.js';
import { SqliteStore } from '../../src/stores/sqlite/sqlite-store.js';
import { Migrator } from '../../src/stores/sqlite/migrator.js';
import { T0, newJob } from '../conformance/harness.js';

let dir: string;
let path: string;
const opened: { close(): unknown }[] = [];
const track = <T extends { close(): unknown }>(x: T): T => (opened.push(x), x);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-sqlite-'));
  path = join(dir, 'tickwork.db');
});

afterEach(async () => {
  for (const x of opened.splice(0)) await x.close();
  rmSync(dir, { recursive: true, force: true });
});

const ns = { ns: 'sqlite-test' };

describe('SqliteStore: schema', () => {
  it('migrates its own file when asked, and records each version once', async () => {
    const store = track(await SqliteStore.open({ path, migrate: true }));
    await store.migrate();
    await store.addJobs([newJob(ns, { id: 'a' })], T0);
    const db = track(new Database(path, { readonly: true }));
    const rows = db.prepare('SELECT version, name FROM tickwork_migrations ORDER BY version').all();
    expect(rows).toEqual([
      { version: 1, name: 'init' },
      { version: 2, name: 'job_target' },
      { version: 3, name: 'traceparent' },
    ]);
  });

  it('opens an unmigrated file without touching it; calls fail until migrate()', async () => {
    const store = track(await SqliteStore.open({ path }));
    const error = await store.getJob('x', 'a', T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TickworkError);
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/run migrate\(\)/) });
    await store.migrate();
    expect(await store.getJob('x', 'a', T0)).toBeNull();
  });

  it('refuses a schema newer than the code, however it is opened', async () => {
    track(await SqliteStore.open({ path, migrate: true })).close();
    const db = new Database(path);
    db.prepare('INSERT INTO tickwork_migrations (version, name, applied_at) VALUES (99, ?, 0)').run('future');
    db.close();
    for (const migrate of [true, false]) {
      const error = await SqliteStore.open({ path, migrate }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect(error).toMatchObject({ code: 'SCHEMA_TOO_NEW', details: { found: 99, supported: 3 } });
    }
    const raw = track(new Database(path));
    expect(() => new Migrator(raw).migrate()).toThrow(SchemaTooNewError);
  });

  it('lets two connections migrate the same file: the second finds nothing to do', async () => {
    const a = track(new Database(path));
    const b = track(new Database(path));
    new Migrator(a).migrate();
    new Migrator(b).migrate();
    expect(new Migrator(b).current()).toBe(3);
    expect(a.prepare('SELECT COUNT(*) AS n FROM tickwork_migrations').get()).toEqual({ n: 3 });
  });
});

describe('SqliteStore: connection', () => {
  it('runs WAL with synchronous NORMAL by default, FULL on request, and the busy timeout given', async () => {
    const normal = track(await SqliteStore.open({ path, migrate: true, busyTimeoutMs: 1234 }));
    const db = (normal as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    const full = track(await SqliteStore.open({ path, synchronous: 'FULL' }));
    expect((full as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await expect(SqliteStore.open({ path, synchronous: 'OFF' as 'FULL' })).rejects.toThrow(/NORMAL or FULL/);
  });

  it('keeps what it committed across close and reopen', async () => {
    const first = await SqliteStore.open({ path, migrate: true });
    await first.addJobs([newJob(ns, { id: 'kept', payload: { v: 1 } })], T0);
    await first.close();
    const second = track(await SqliteStore.open({ path }));
    expect(await second.getJob(ns.ns, 'kept', T0)).toMatchObject({ payload: { v: 1 }, state: 'queued' });
    expect((await second.listJobEvents(ns.ns, 'kept')).map((e) => e.type)).toEqual(['job.added']);
  });

  it('leaves a connection it was given open', async () => {
    const db = track(new Database(path));
    const store = await SqliteStore.fromDatabase(db, { migrate: true });
    await store.addJobs([newJob(ns, { id: 'a' })], T0);
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 1 });
  });

  it('fails with the retryable StoreUnavailableError once closed', async () => {
    const store = await SqliteStore.open({ path, migrate: true });
    await store.close();
    const error = await store.addJobs([newJob(ns)], T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
  });

  it('fails with StoreUnavailableError when another connection holds the write lock past the busy timeout', async () => {
    const store = track(await SqliteStore.open({ path, migrate: true, busyTimeoutMs: 20 }));
    const other = track(new Database(path));
    other.exec('BEGIN IMMEDIATE');
    const error = await store.addJobs([newJob(ns)], T0).catch((e: unknown) => e);
    other.exec('ROLLBACK');
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(await store.addJobs([newJob(ns)], T0)).toHaveLength(1);
  });

  it('shares one file between two stores: each sees the other, no job is claimed twice', async () => {
    const a = track(await SqliteStore.open({ path, migrate: true }));
    const b = track(await SqliteStore.open({ path }));
    await a.addJobs(
      Array.from({ length: 50 }, (_, i) => newJob(ns, { id: `j${i}` })),
      T0,
    );
    const request = { namespace: ns.ns, queues: null, handlers: null, limit: 7, leaseMs: 1000, now: T0 };
    const claimed: string[] = [];
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([
        a.acquireJobs({ ...request, workerId: 'a' }),
        b.acquireJobs({ ...request, workerId: 'b' }),
      ]);
      for (const r of results) claimed.push(...r.jobs.map((j) => j.id));
    }
    expect(claimed).toHaveLength(50);
    expect(new Set(claimed).size).toBe(50);
    expect((await b.getJob(ns.ns, 'j0', T0))!.state).toBe('running');
  });
});

describe('SqliteStore: events', () => {
  it('emits a call’s events synchronously, before the call’s promise settles', async () => {
    const store = track(await SqliteStore.open({ path, migrate: true }));
    const seen: string[] = [];
    store.onEvents((events) => seen.push(...events.map((e) => e.type)));
    const pending = store.addJobs([newJob(ns, { id: 'a' })], T0);
    expect(seen).toEqual(['job.added']);
    await pending;
  });
});
