import type { Logger } from 'pino';
import { Sleeper } from '../core/sleeper.js';
import type { Job } from '../core/job.js';
import type { Schedule } from '../core/schedule.js';
import type { Store } from '../stores/store.js';
import { TriggerCache } from './trigger-cache.js';
import { planFires } from './fire-planner.js';
import { Backoff } from '../core/retry-backoff.js';

export interface SchedulerLoopOptions {
  store: Store;
  schedulerId: string;
  logger: Logger;
  /** How long a scheduler holds a schedule while it fires it. */
  leaseMs: number;
  /** Schedules handled per step. */
  batchSize: number;
  /** Fires due within this window are written ahead as scheduled jobs, so they start on time. */
  aheadMs: number;
}

/**
 * The scheduler role: acquire due schedules under a lease, plan their fires (misfire grace, coalescing,
 * overlap), and write the occurrences, the trigger's new state and the lease release in one store step.
 * Any number of these loops may run against one store: leases keep them apart and occurrence ids make a
 * repeated fire write nothing, so each occurrence is made exactly once.
 */
export class SchedulerLoop {
  private readonly sleeper = new Sleeper();
  private readonly triggers = new TriggerCache();
  private readonly backoff = new Backoff(100, 30_000);
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: SchedulerLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wake();
    await this.running;
    this.running = null;
  }

  /** A hint that a schedule changed or falls due at `at`: recompute the sleep. */
  wake(at?: number): void {
    this.sleeper.wake(at === undefined ? undefined : at - this.options.aheadMs);
  }

  private async loop(): Promise<void> {
    const { store, batchSize, aheadMs, logger } = this.options;
    while (!this.stopped) {
      try {
        const handled = await this.step(Date.now());
        this.backoff.reset();
        if (handled === batchSize) continue;
        const nextDue = await store.nextScheduleDueAt();
        if (this.stopped) break;
        await this.sleeper.sleepUntil(nextDue === null ? Infinity : nextDue - aheadMs);
      } catch (error) {
        logger.error({ err: error }, 'scheduler step failed; backing off');
        await this.sleeper.sleepUntil(Date.now() + this.backoff.next());
      }
    }
  }

  /** One pass: returns how many schedules it handled. */
  async step(now: number): Promise<number> {
    const { store, schedulerId, leaseMs, batchSize, aheadMs, logger } = this.options;
    const schedules = await store.acquireSchedules({
      schedulerId,
      limit: batchSize,
      leaseMs,
      dueBefore: now + aheadMs,
      now,
    });
    if (schedules.length === 0) return 0;
    const live = await this.liveOccurrences(schedules, now);
    const releases = [];
    for (const schedule of schedules) {
      try {
        const trigger = this.triggers.get(schedule);
        releases.push(
          planFires({ schedule, trigger, now, aheadMs, live: live.get(schedule.namespace)?.get(schedule.id) ?? [] }),
        );
      } catch (error) {
        // A stored trigger we cannot read (written by a newer version, or corrupted) must not stop the
        // others: quarantine it by pausing the schedule, and say so loudly.
        logger.error({ err: error, scheduleId: schedule.id }, 'schedule quarantined: its trigger is unreadable');
        await store.updateSchedule(schedule.namespace, schedule.id, { paused: true }, now).catch(() => {});
      }
    }
    const results = await store.releaseSchedules(schedulerId, releases, now);
    for (const r of results) if (!r.applied) logger.warn({ scheduleId: r.id }, 'schedule lease lost before release');
    return schedules.length;
  }

  private async liveOccurrences(schedules: Schedule[], now: number): Promise<Map<string, Map<string, Job[]>>> {
    const byNamespace = new Map<string, string[]>();
    for (const s of schedules) {
      if (s.overlap === 'allow') continue;
      const ids = byNamespace.get(s.namespace) ?? [];
      ids.push(s.id);
      byNamespace.set(s.namespace, ids);
    }
    const result = new Map<string, Map<string, Job[]>>();
    for (const [namespace, ids] of byNamespace) {
      result.set(namespace, await this.options.store.liveOccurrences(namespace, ids, now));
    }
    return result;
  }
}
