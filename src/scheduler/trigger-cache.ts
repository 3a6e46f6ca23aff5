import type { Schedule } from '../core/schedule.js';
import { createTrigger } from '../triggers/index.js';
import type { Trigger } from '../triggers/trigger.js';

/**
 * Parsed triggers by schedule, reused while the schedule's definition is unchanged: parsing a cron
 * expression costs far more than computing its next fire, and a second-level cron fires every second.
 */
export class TriggerCache {
  private readonly cache = new Map<string, { updatedAt: number; trigger: Trigger }>();

  get(schedule: Schedule): Trigger {
    const key = `${schedule.namespace}\u0000${schedule.id}`;
    const hit = this.cache.get(key);
    if (hit && hit.updatedAt === schedule.updatedAt) return hit.trigger;
    const trigger = createTrigger(schedule.trigger, 'trigger');
    this.cache.set(key, { updatedAt: schedule.updatedAt, trigger });
    if (this.cache.size > 100_000) this.cache.delete(this.cache.keys().next().value!);
    return trigger;
  }
}
