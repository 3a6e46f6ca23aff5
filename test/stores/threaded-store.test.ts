import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import {
  InvalidStateError,
  JobKeyConflictError,
  JobNotFoundError,
  SchemaTooNewError,
  StoreUnavailableError,
  TickworkError,
} from '../../src/core/errors.js';
import type { TickworkEvent } from '../../src/core/events.js';
import { ThreadedSqliteStore } from '../../src/stores/threaded/threaded-sqlite-store.js';
import { newJob, T0 } from '../conformance/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-threaded-'));
let fileNo = 0;
const freshPath = () => join(dir, `t-${fileNo++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ns = { ns: 'threaded' };
const threadOf = (store: ThreadedSqliteStore) => (store as unknown as { worker: Worker }).worker;

async function opened(): Promise<ThreadedSqliteStore> {
  return ThreadedSqliteStore.open({ path: freshPath(), migrate: true });
}

describe('ThreadedSqliteStore: errors cross the thread as the same typed errors', () => {
  it('rebuilds JobNotFoundError and InvalidStateError with code, field and details', async () => {
    const store = await opened();
    try {
      const missing = await store.cancelJob('threaded', 'nope', T0).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(JobNotFoundError);
      expect(missing).toMatchObject({ code: 'JOB_NOT_FOUND', field: 'id', details: { jobId: 'nope' } });

      const job = newJob(ns, { id: 'done' });
      await store.addJobs([job], T0);
      const [claimed] = (await store.acquireJobs(claim())).jobs;
      await store.finishJobs(
        [{ kind: 'succeeded', id: 'done', attempt: claimed!.attempt, workerId: 'w', result: 1 }],
        T0,
      );
      const invalid = await store.cancelJob('threaded', 'done', T0).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(InvalidStateError);
      expect(invalid).toMatchObject({ code: 'INVALID_STATE', field: 'state', details: { state: 'succeeded' } });
      expect((invalid as Error).stack).toContain('InvalidStateError');
    } finally {
      await store.close();
    }
  });

  it('returns JobKeyConflictError inside AddJobResult.error', async () => {
    const store = await opened();
    try {
      const first = newJob(ns, { id: 'k-1', key: 'k' });
      const second = newJob(ns, { id: 'k-2', key: 'k', onKeyConflict: 'reject' });
      const [a, b] = await store.addJobs([first, second], T0);
      expect(a).toMatchObject({ created: true, job: { id: 'k-1' } });
      expect(a!.error).toBeUndefined();
      expect(b!.created).toBe(false);
      expect(b!.error).toBeInstanceOf(JobKeyConflictError);
      expect(b!.error).toMatchObject({ code: 'JOB_KEY_CONFLICT', details: { key: 'k', existingJobId: 'k-1' } });
    } finally {
      await store.close();
    }
  });

  it('refuses a schema newer than the code with SchemaTooNewError, leaving no thread', async () => {
    const path = freshPath();
    const first = await ThreadedSqliteStore.open({ path, migrate: true });
    await first.close();
    const db = new Database(path);
    db.prepare('INSERT INTO tickwork_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('future');
    db.close();
    const error = await ThreadedSqliteStore.open({ path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect(error).toMatchObject({ code: 'SCHEMA_TOO_NEW', details: { found: 999 } });
  });

  it('rejects bad options before starting a thread', async () => {
    await expect(ThreadedSqliteStore.open({ path: '' })).rejects.toThrow(TypeError);
  });
});

describe('ThreadedSqliteStore: calls and events', () => {
  it('delivers a call’s events to listeners before the call settles, in commit order', async () => {
    const store = await opened();
    const seen: string[] = [];
    store.onEvents((events: TickworkEvent[]) => seen.push(...events.map((e) => e.type)));
    try {
      const added = store.addJobs([newJob(ns, { id: 'e-1' })], T0).then(() => seen.length);
      const cancelled = store.cancelJob('threaded', 'e-1', T0).then(() => seen.length);
      expect(await added).toBe(1);
      expect(await cancelled).toBe(2);
      expect(seen).toEqual(['job.added', 'job.cancelled']);
    } finally {
      await store.close();
    }
  });

  it('returns liveOccurrences as a Map and passes checkpoint through', async () => {
    const store = await opened();
    try {
      const live = await store.liveOccurrences('threaded', ['s-1'], T0);
      expect(live).toBeInstanceOf(Map);
      expect([...live.entries()]).toEqual([['s-1', []]]);
      await store.checkpoint();
    } finally {
      await store.close();
    }
  });

  it('rejects arguments structured clone refuses, and keeps working', async () => {
    const store = await opened();
    try {
      const job = newJob(ns, { payload: { f: () => 1 } as never });
      await expect(store.addJobs([job], T0)).rejects.toThrow();
      expect(await store.getJob('threaded', 'none', T0)).toBeNull();
    } finally {
      await store.close();
    }
  });
});

describe('ThreadedSqliteStore: close and crashes', () => {
  it('closes (twice) and ends its thread; later calls are StoreUnavailableError', async () => {
    const store = await opened();
    const exited = new Promise((resolve) => threadOf(store).once('exit', resolve));
    await Promise.all([store.close(), store.close()]);
    await exited;
    expect(threadOf(store).threadId).toBe(-1);
    const error = await store.getJob('threaded', 'x', T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
  });

  it('answers calls made before close, then closes', async () => {
    const store = await opened();
    const added = store.addJobs([newJob(ns, { id: 'before-close' })], T0);
    const closed = store.close();
    expect((await added)[0]!.created).toBe(true);
    await closed;
  });

  it('a crash rejects pending and later calls with the retryable StoreUnavailableError', async () => {
    const store = await opened();
    store.simulateCrash();
    // Sent after the crash message: the thread dies before it reads this one, so it stays pending.
    const pending = store.getJob('threaded', 'x', T0).catch((e: unknown) => e);
    const error = await pending;
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as TickworkError).retryable).toBe(true);
    expect(String((error as Error).cause)).toContain('simulated crash');
    const later = await store.addJobs([newJob(ns)], T0).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(StoreUnavailableError);
    await store.close();
    expect(threadOf(store).threadId).toBe(-1);
  });

  it('does not keep the process alive: idle unclosed, or after close', () => {
    const url = new URL('../../src/stores/threaded/threaded-sqlite-store.ts', import.meta.url).href;
    for (const closeIt of [true, false]) {
      const script = `
        const { ThreadedSqliteStore } = await import(${JSON.stringify(url)});
        const store = await ThreadedSqliteStore.open({ path: ${JSON.stringify(freshPath())}, migrate: true });
        const next = await store.nextJobDueAt(null, null);
        ${closeIt ? 'await store.close();' : ''}
        console.log('done', next);
      `;
      const started = Date.now();
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('done null');
      expect(run.status).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000);
    }
  });
});

function claim() {
  return { workerId: 'w', namespace: 'threaded', queues: null, handlers: null, limit: 10, leaseMs: 30_000, now: T0 };
}
