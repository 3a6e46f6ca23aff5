import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/stores/sqlite/sqlite-store.js';

const APP = fileURLToPath(new URL('./fixtures/app.ts', import.meta.url));
const JOBS = 300;
const SCHEDULES = 5;
const GRACE_MS = 500;
const DOWNTIME_MS = 2500;

interface Run {
  job_id: string;
  attempt: number;
  fire_time: number | null;
  started: number;
  pid: number;
}

function start(dbPath: string, ledgerPath: string, mode: 'init' | 'resume') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', APP, dbPath, ledgerPath, mode, String(JOBS), String(SCHEDULES)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const acked: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('acked ')) acked.push(line.slice(6));
      if (line === 'ready') resolve();
    });
    child.once('exit', (code) => reject(new Error(`app exited early with ${code}`)));
  });
  return { child, acked, ready };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a SIGKILLed embedded process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-crash-'));
  const dbPath = join(dir, 'tickwork.db');
  const ledgerPath = join(dir, 'ledger.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no job, runs no occurrence twice, and applies the misfire policy to its downtime', async () => {
    const ledger = () => {
      const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT * FROM runs').all() as Run[];
      } finally {
        db.close();
      }
    };

    // 1. Run until some delayed jobs and some cron fires have run, then kill without warning.
    const first = start(dbPath, ledgerPath, 'init');
    await first.ready;
    expect(first.acked).toHaveLength(JOBS);
    await until(() => {
      const runs = ledger();
      return (
        runs.filter((r) => r.fire_time === null).length >= 20 &&
        runs.filter((r) => r.fire_time !== null).length >= SCHEDULES
      );
    }, 'the first runs');
    const firstExit = exited(first.child);
    first.child.kill('SIGKILL');
    await firstExit;
    const killedAt = Date.now();

    // 2. Stay down longer than the misfire grace: fires in this window are too late to run.
    await new Promise((r) => setTimeout(r, DOWNTIME_MS));
    const restartedAt = Date.now();
    const second = start(dbPath, ledgerPath, 'resume');
    await second.ready;

    // 3. Wait until every acknowledged job is done and the crons have fired for a while after restart.
    const store = await SqliteStore.open({ path: dbPath, migrate: false });
    try {
      await until(
        () => ledger().some((r) => r.fire_time !== null && r.fire_time > restartedAt + 1500),
        'crons after restart',
      );
      await until(async () => {
        const jobs = await Promise.all(first.acked.map((id) => store.getJob('default', id, Date.now())));
        return jobs.every((j) => j !== null && j.state === 'succeeded');
      }, 'every acknowledged job to succeed');
      const secondExit = exited(second.child);
      second.child.kill('SIGTERM');
      expect(await secondExit).toBe(0); // blocking mode drains and exits cleanly

      const runs = ledger();
      // No acknowledged job lost: each one succeeded and its handler ran.
      const ranIds = new Set(runs.map((r) => r.job_id));
      for (const id of first.acked) expect(ranIds.has(id)).toBe(true);

      // No attempt ran twice; a job ran more than once only if an attempt was killed in flight (a stall).
      const byJob = new Map<string, Run[]>();
      for (const r of runs) byJob.set(r.job_id, [...(byJob.get(r.job_id) ?? []), r]);
      for (const [id, jobRuns] of byJob) {
        const attempts = jobRuns.map((r) => r.attempt);
        expect(new Set(attempts).size, `attempts of ${id}`).toBe(attempts.length);
        if (jobRuns.length > 1) {
          const job = await store.getJob('default', id, Date.now());
          expect(job!.stalls, `reruns of ${id}`).toBeGreaterThanOrEqual(jobRuns.length - 1);
        }
      }

      // Cron occurrences: one job per (schedule, fire time), and none ran after its deadline.
      const cronRuns = runs.filter((r) => r.fire_time !== null);
      const perOccurrence = new Map<string, number>();
      for (const r of cronRuns) perOccurrence.set(r.job_id, (perOccurrence.get(r.job_id) ?? 0) + 1);
      for (const [id, count] of perOccurrence) {
        if (count > 1) {
          const job = await store.getJob('default', id, Date.now());
          expect(job!.stalls, `reruns of occurrence ${id}`).toBeGreaterThanOrEqual(count - 1);
        }
        const job = await store.getJob('default', id, Date.now());
        expect(job!.id).toBe(`${job!.scheduleId}@${new Date(job!.fireTime!).toISOString()}`);
        expect(job!.startedAt!).toBeLessThanOrEqual(job!.deadline!);
      }

      // Misfire policy: of the fires that fell due while the process was down and were already past
      // their grace at restart, none ran; each schedule recorded misfires.
      const tooLate = cronRuns.filter((r) => r.fire_time! > killedAt && r.fire_time! + GRACE_MS < restartedAt);
      expect(tooLate).toEqual([]);
      for (let s = 0; s < SCHEDULES; s++) {
        const schedule = await store.getSchedule('default', `every-second-${s}`);
        expect(schedule!.misfireCount, `misfires of schedule ${s}`).toBeGreaterThan(0);
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
