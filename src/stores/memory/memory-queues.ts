import { JOB_STATES, effectiveState, type JobState, type QueueStats } from '../../core/job.js';
import type { MemoryTx } from './memory-tx.js';

/** Counts by effective state for every queue of the namespace that has jobs or a pause switch. */
export function queueStats(tx: MemoryTx, namespace: string): QueueStats[] {
  const data = tx.data.peek(namespace);
  if (!data) return [];
  const stats = new Map<string, QueueStats>();
  const entry = (queue: string) => {
    let s = stats.get(queue);
    if (!s) {
      const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
      s = { namespace, queue, paused: data.pausedQueues.get(queue) === true, counts };
      stats.set(queue, s);
    }
    return s;
  };
  for (const queue of data.pausedQueues.keys()) entry(queue);
  for (const { job } of data.jobs.values()) entry(job.queue).counts[effectiveState(job.state, job.runAt, tx.now)]++;
  return [...stats.values()].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
}
