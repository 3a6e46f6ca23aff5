import type { TickworkEvent } from '../../core/events.js';
import { isJobEvent } from '../../core/events.js';

/**
 * A hint that work may be due sooner than a sleeping loop thinks. Hints never carry truth: a loop that
 * gets one re-reads the store (nextJobDueAt, acquire…), and a loop that misses one still wakes on its
 * capped timer. Kinds:
 * - `jobs`: jobs of this namespace/queue (null: any) became claimable at `runAt` (added, resumed,
 *   retried, rescheduled, re-queued after a stall, or their queue was resumed);
 * - `schedules`: a schedule was added, changed or resumed;
 * - `reconnected`: the notification connection was lost and is back: hints may have been missed.
 */
export type StoreWake =
  | { kind: 'jobs'; namespace: string | null; queue: string | null; runAt: number }
  | { kind: 'schedules' }
  | { kind: 'reconnected' };

/**
 * An optional store capability: wake-up hints from writes in any process that shares the store (for
 * PostgreSQL, LISTEN/NOTIFY), and from this store instance's own writes, after they commit.
 */
export interface WakeSource {
  onWake(listener: (wake: StoreWake) => void): () => void;
}

export function hasWakeups(store: object): store is WakeSource {
  return typeof (store as Partial<WakeSource>).onWake === 'function';
}

/** Job event types after which the job waits to be claimed. */
const CLAIMABLE_AFTER = new Set(['job.added', 'job.resumed', 'job.updated', 'job.retried', 'job.stalled']);
const SCHEDULE_WAKES = new Set(['schedule.added', 'schedule.updated', 'schedule.resumed']);

/** The hints a committed step implies: the earliest runAt per (namespace, queue), one schedules hint. */
export function wakesFor(events: TickworkEvent[]): StoreWake[] {
  const jobs = new Map<string, StoreWake & { kind: 'jobs' }>();
  let schedules = false;
  for (const event of events) {
    if (!isJobEvent(event)) {
      if (SCHEDULE_WAKES.has(event.type)) schedules = true;
      continue;
    }
    if (!CLAIMABLE_AFTER.has(event.type) || (event.state !== 'queued' && event.state !== 'scheduled')) continue;
    const key = `${event.namespace}\u0000${event.queue}`;
    const seen = jobs.get(key);
    if (!seen) jobs.set(key, { kind: 'jobs', namespace: event.namespace, queue: event.queue, runAt: event.runAt });
    else seen.runAt = Math.min(seen.runAt, event.runAt);
  }
  const wakes: StoreWake[] = [...jobs.values()];
  if (schedules) wakes.push({ kind: 'schedules' });
  return wakes;
}
