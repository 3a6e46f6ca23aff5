import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/stores/sqlite/checkpointer.js';
import { SqliteStore } from '../../src/stores/sqlite/sqlite-store.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-ckpt-'));
  path = join(dir, 'c.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Yields to the event loop until `done()` holds (the checkpoint thread works on its own). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function openDb(): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${1 << 20}`);
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
  return db;
}

const wal = () => statSync(`${path}-wal`).size;

describe('SQLite background checkpoints', () => {
  it('checkpoints from its thread while steps run back to back, and restarts the log past the limit', async () => {
    const db = openDb();
    const restart = () => db.pragma('wal_checkpoint(RESTART)');
    const checkpointer = Checkpointer.start(path, {
      everyCommits: 4,
      restartFrames: 200,
      busyTimeoutMs: 5000,
      restart,
    });
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const step = db.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run('x'.repeat(400));
    });
    let steps = 0;
    // No await in this loop: the checkpointer must not depend on the event loop turning. It runs until
    // the log was restarted twice (bounded, for a thread that never starts).
    while (steps < 20_000 && (steps < 400 || checkpointer.stats.restarts < 2)) {
      step();
      checkpointer.committed();
      steps++;
    }
    const { done, failed, restarts } = checkpointer.stats;
    expect(failed).toBe(0);
    expect(done).toBeGreaterThan(0);
    expect(restarts).toBeGreaterThanOrEqual(2);
    // The steps wrote 20 KB each (8 MB and more); the log was reset and trimmed to the 1 MiB limit.
    expect(steps * 50 * 400).toBeGreaterThanOrEqual(8_000_000);
    expect(wal()).toBeLessThan(4 << 20);
    await checkpointer.close();
    db.close();
  });

  it('ends its thread on close, even if it never ran', async () => {
    const db = openDb();
    const checkpointer = Checkpointer.start(path, {
      everyCommits: 1000,
      restartFrames: 1000,
      busyTimeoutMs: 100,
      restart: () => {},
    });
    await checkpointer.close();
    await checkpointer.close();
    db.close();
  });

  it('checkpoints on the store connection itself once its thread is gone', async () => {
    const db = openDb();
    let restarts = 0;
    const restart = () => {
      restarts++;
      db.pragma('wal_checkpoint(RESTART)');
    };
    const checkpointer = Checkpointer.start(path, {
      everyCommits: 2,
      restartFrames: 1_000_000,
      busyTimeoutMs: 100,
      restart,
    });
    await (checkpointer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until(() => (checkpointer as unknown as { exited: boolean }).exited, 'the thread to exit');
    for (let i = 0; i < 4; i++) checkpointer.committed();
    expect(restarts).toBe(2);
    await checkpointer.close();
    db.close();
  });

  it('is what a file store runs, with SQLite’s own checkpoints off; not for :memory: or when disabled', async () => {
    const store = await SqliteStore.open({ path, migrate: true });
    const inner = store as unknown as { db: Database.Database; checkpointer: Checkpointer | null };
    expect(inner.checkpointer).toBeInstanceOf(Checkpointer);
    expect(inner.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await store.close();
    const plain = await SqliteStore.open({ path, backgroundCheckpoints: false });
    const plainInner = plain as unknown as { db: Database.Database; checkpointer: Checkpointer | null };
    expect(plainInner.checkpointer).toBeNull();
    expect(plainInner.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await plain.close();
    const memory = await SqliteStore.open({ path: ':memory:', migrate: true });
    expect((memory as unknown as { checkpointer: Checkpointer | null }).checkpointer).toBeNull();
    await memory.close();
  });
});
