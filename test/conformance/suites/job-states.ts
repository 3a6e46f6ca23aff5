import type { Job, JobState } from '../../../src/core/job.js';
import { type Ctx, MIN, T0, addOne, claim, outcome } from '../harness.js';

/** Every state a job can be in, plus a stored-`scheduled` job that is already due (it reads `queued`). */
export const SETUPS = [
  'scheduled',
  'queued',
  'due-scheduled',
  'running',
  'paused',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export type Setup = (typeof SETUPS)[number];

/** The state a setup reads as at T0. */
export function seenAs(setup: Setup): JobState {
  return setup === 'due-scheduled' ? 'queued' : setup;
}

/** Makes job `id` in the given state at T0 (events of the setup are then cleared from `t.events`). */
export async function jobIn(t: Ctx, setup: Setup, id: string, extra: Partial<Job> = {}): Promise<Job> {
  const base = { id, key: extra.key ?? null, queue: extra.queue ?? 'default' };
  switch (setup) {
    case 'scheduled':
      await addOne(t, { ...base, runAt: T0 + MIN });
      break;
    case 'queued':
      await addOne(t, { ...base, runAt: T0 - MIN });
      break;
    case 'due-scheduled':
      await addOne(t, { ...base, runAt: T0 - MIN }, T0 - 2 * MIN);
      break;
    case 'running':
      await addOne(t, { ...base, runAt: T0 - MIN });
      await claim(t, id, { queues: [base.queue] });
      break;
    case 'paused':
      await addOne(t, { ...base, runAt: T0 + MIN, paused: true });
      break;
    case 'succeeded':
    case 'failed': {
      await addOne(t, { ...base, runAt: T0 - MIN });
      const job = await claim(t, id, { queues: [base.queue] });
      await t.store.finishJobs([outcome(job, setup)], T0);
      break;
    }
    case 'cancelled':
      await addOne(t, base);
      await t.store.cancelJob(t.ns, id, T0);
      break;
  }
  const job = await t.store.getJob(t.ns, id, T0);
  if (job?.state !== seenAs(setup)) throw new Error(`setup ${setup} made a ${job?.state} job`);
  t.events.length = 0;
  return job;
}
