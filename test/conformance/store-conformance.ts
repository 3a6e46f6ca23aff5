import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { Ctx, StoreFactory } from './harness.js';
import { randomNamespace } from './harness.js';
import { LeakCheck } from './leak-check.js';
import { acquireTests } from './suites/acquire.js';
import { addJobsTests } from './suites/add-jobs.js';
import { eventsTests } from './suites/events.js';
import { leaseTests } from './suites/leases.js';
import { lifecycleTests } from './suites/lifecycle.js';
import { listJobsTests } from './suites/list-jobs.js';
import { manageJobsTests } from './suites/manage-jobs.js';
import { queueTests } from './suites/queues.js';
import { scheduleLeaseTests } from './suites/schedule-leases.js';
import { scheduleTests } from './suites/schedules.js';

export type { StoreFactory } from './harness.js';

/**
 * The Store contract (src/stores/store.ts) as one vitest suite. An adapter runs it from a `*.test.ts`
 * file with a factory that opens a ready (migrated, empty or not) store and a cleanup that disposes of
 * it. One store serves the whole suite; each test works in its own random namespaces, and a leak check
 * after each test (see leak-check.ts) proves it left nothing behind and touched nothing else.
 */
export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    let opened: Awaited<ReturnType<StoreFactory>>;
    let leaks: LeakCheck;
    let unsubscribe: () => void = () => {};
    const t = {} as Ctx;

    beforeAll(async () => {
      opened = await factory();
      t.store = opened.store;
      leaks = new LeakCheck(opened.store);
      await leaks.seed();
    });

    afterAll(async () => {
      await opened?.cleanup();
    });

    beforeEach(() => {
      t.ns = randomNamespace('test');
      t.otherNs = randomNamespace('other');
      const events: Ctx['events'] = [];
      t.events = events;
      const mine = new Set([t.ns, t.otherNs]);
      unsubscribe = t.store.onEvents((batch) => {
        for (const e of batch) if (mine.has(e.namespace)) events.push({ ...e });
      });
    });

    afterEach(async () => {
      unsubscribe();
      await leaks.check([t.ns, t.otherNs]);
    });

    addJobsTests(t);
    listJobsTests(t);
    manageJobsTests(t);
    eventsTests(t);
    acquireTests(t);
    leaseTests(t);
    queueTests(t);
    scheduleTests(t);
    scheduleLeaseTests(t);
    lifecycleTests(t, factory);
  });
}
