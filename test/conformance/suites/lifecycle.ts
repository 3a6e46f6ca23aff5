import { describe, expect, it } from 'vitest';
import type { Ctx, StoreFactory } from '../harness.js';
import { T0, newJob } from '../harness.js';

export function lifecycleTests(t: Ctx, factory: StoreFactory): void {
  describe('lifecycle', () => {
    it('names its kind and migrates again without harm', async () => {
      expect(t.store.kind).toMatch(/^[a-z][a-z0-9+-]*$/);
      await t.store.migrate();
      await t.store.addJobs([newJob(t, { id: 'after-migrate' })], T0);
      expect(await t.store.getJob(t.ns, 'after-migrate', T0)).not.toBeNull();
    });

    it('closes (twice without harm) a store of its own', async () => {
      const other = await factory();
      try {
        await other.store.addJobs([newJob(t, { id: 'x' })], T0);
        await other.store.close();
        await other.store.close();
      } finally {
        await other.cleanup();
      }
    });
  });
}
