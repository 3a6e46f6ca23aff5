import { JOB_STATES, type JobState, type QueueStats } from '../../core/job.js';
import { STATE_CODES } from './row-mapping.js';
import type { SqliteTx } from './sqlite-tx.js';

export function setQueuePaused(tx: SqliteTx, namespace: string, queue: string, paused: boolean): void {
  tx.q['set-queue-paused'].run({ namespace, queue, paused: paused ? 1 : 0 });
}

/** Counts by effective state for every queue of the namespace that has jobs or a pause switch. */
export function queueStats(tx: SqliteTx, namespace: string): QueueStats[] {
  const stats = new Map<string, QueueStats>();
  const entry = (queue: string, paused = false) => {
    let s = stats.get(queue);
    if (!s) {
      const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
      s = { namespace, queue, paused, counts };
      stats.set(queue, s);
    }
    return s;
  };
  for (const row of tx.q['queue-switches'].all({ namespace }) as { queue: string; paused: number }[]) {
    entry(row.queue, row.paused === 1);
  }
  const counts = tx.q['queue-counts'].all({ namespace, now: tx.now }) as { queue: string; state: number; n: number }[];
  for (const row of counts) entry(row.queue).counts[STATE_CODES[row.state]!] += row.n;
  return [...stats.values()].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
}
