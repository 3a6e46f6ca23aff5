import { expect } from 'vitest';
import type { Store } from '../../src/stores/store.js';
import { FAR, T0, newJob, newSchedule, randomNamespace } from './harness.js';

/**
 * Isolation for a suite that shares one store between tests.
 *
 * A sentinel namespace is seeded once with rows whose ids, keys and queue names the tests reuse (job
 * ids `job-1`…, key `k1`, queue `q-paused`), in states no global call may touch: a due job in a paused
 * queue, a paused keyed job, a succeeded job, a paused due schedule. After every test its fingerprint
 * must be unchanged: a call that crossed the namespace wall shows up here.
 *
 * Then the test's own namespaces are emptied through the Store API, and global probes (the calls that
 * span namespaces: acquire jobs and schedules, reap, next-due) run at a far future time: they must find
 * nothing. A lease left held, a row a delete missed, or a row written into a namespace nobody named
 * would be found — and is removed, so one leak fails one test, not the ones after it.
 */
export class LeakCheck {
  readonly sentinel = randomNamespace('sentinel');
  private fingerprint = '';

  constructor(private readonly store: Store) {}

  async seed(): Promise<void> {
    const t = { ns: this.sentinel };
    const { store } = this;
    await store.setQueuePaused(this.sentinel, 'q-paused', true, T0);
    const added = await store.addJobs(
      [
        newJob(t, { id: 'job-1', queue: 'q-paused', runAt: T0 - 10_000 }),
        newJob(t, { id: 'job-2', key: 'k1', paused: true, runAt: T0 - 10_000 }),
        newJob(t, { id: 'job-3', runAt: T0 - 10_000, payload: { sentinel: true } }),
      ],
      T0 - 5000,
    );
    expect(added.map((r) => r.created)).toEqual([true, true, true]);
    const { jobs } = await store.acquireJobs({
      workerId: 'sentinel-worker',
      namespace: this.sentinel,
      queues: ['default'],
      handlers: null,
      limit: 10,
      leaseMs: 1000,
      now: T0 - 4000,
    });
    expect(jobs.map((j) => j.id)).toEqual(['job-3']);
    const [finished] = await store.finishJobs(
      [
        {
          kind: 'succeeded',
          id: 'job-3',
          attempt: 1,
          workerId: 'sentinel-worker',
          result: 1,
          namespace: this.sentinel,
        },
      ],
      T0 - 3000,
    );
    expect(finished?.applied).toBe(true);
    await store.upsertSchedule(newSchedule(t, { id: 'sched-1', paused: true, nextFireAt: T0 - 1000 }), T0 - 5000);
    this.fingerprint = await this.read();
  }

  private async read(): Promise<string> {
    const { store, sentinel } = this;
    const jobs = await store.listJobs({ namespace: sentinel }, { limit: 1000 }, T0);
    const history = await Promise.all(jobs.items.map((j) => store.listJobEvents(sentinel, j.id)));
    const schedules = await store.listSchedules({ namespace: sentinel }, { limit: 1000 });
    const queues = await store.queueStats(sentinel, T0);
    return JSON.stringify({ jobs: jobs.items, history, schedules: schedules.items, queues });
  }

  /** Runs after each test: the sentinel is unchanged, the test's namespaces empty out, nothing is left. */
  async check(namespaces: string[]): Promise<void> {
    const { store } = this;
    expect(await this.read(), 'the sentinel namespace was changed by a call scoped elsewhere').toBe(this.fingerprint);
    for (const ns of namespaces) await this.empty(ns);

    const leaks: string[] = [];
    const nextJob = await store.nextJobDueAt(null, null, null);
    if (nextJob !== null) leaks.push(`nextJobDueAt() = ${nextJob}`);
    const nextSchedule = await store.nextScheduleDueAt();
    if (nextSchedule !== null) leaks.push(`nextScheduleDueAt() = ${nextSchedule}`);
    const schedules = await store.acquireSchedules({
      schedulerId: 'leak-probe',
      limit: 1000,
      leaseMs: 1,
      dueBefore: FAR,
      now: FAR,
    });
    for (const s of schedules) {
      leaks.push(`schedule ${s.namespace}/${s.id}`);
      await store.deleteSchedule(s.namespace, s.id, FAR);
    }
    const { jobs, misfired } = await store.acquireJobs({
      workerId: 'leak-probe',
      namespace: null,
      queues: null,
      handlers: null,
      limit: 1000,
      leaseMs: 1,
      now: FAR,
    });
    const reaped = await store.reapAbandonedJobs(FAR, 1000);
    for (const j of [...jobs, ...misfired, ...reaped]) {
      leaks.push(`job ${j.namespace}/${j.id} (${j.state})`);
      await store.deleteJob(j.namespace, j.id, FAR);
    }
    expect(leaks, 'rows or leases left behind outside the sentinel').toEqual([]);
  }

  private async empty(ns: string): Promise<void> {
    const { store } = this;
    // Bounded: a delete that reports success but leaves the row must fail the test, not loop.
    for (let round = 0; ; round++) {
      const page = await store.listJobs({ namespace: ns }, { limit: 1000 }, FAR);
      if (page.items.length === 0) break;
      expect(round, `jobs of ${ns} survive deleteJob`).toBeLessThan(20);
      for (const job of page.items) expect(await store.deleteJob(ns, job.id, FAR)).toBe(true);
    }
    for (let round = 0; ; round++) {
      const page = await store.listSchedules({ namespace: ns }, { limit: 1000 });
      if (page.items.length === 0) break;
      expect(round, `schedules of ${ns} survive deleteSchedule`).toBeLessThan(20);
      for (const s of page.items) expect(await store.deleteSchedule(ns, s.id, FAR)).toBe(true);
    }
    for (const q of await store.queueStats(ns, FAR)) {
      if (q.paused) await store.setQueuePaused(ns, q.queue, false, FAR);
    }
  }
}
