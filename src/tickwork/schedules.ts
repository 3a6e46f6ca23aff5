import { ScheduleNotFoundError, ValidationError } from '../core/errors.js';
import { newJobId } from '../core/ids.js';
import type { Job, Page, PageRequest } from '../core/job.js';
import type { Schedule } from '../core/schedule.js';
import { resolveSchedule, type ScheduleDefinition } from '../scheduler/schedule-input.js';
import type { Store } from '../stores/store.js';
import { createTrigger, previewTrigger } from '../triggers/index.js';
import { initialTriggerState, type TriggerSpec } from '../triggers/trigger.js';
import { jobFromTemplate } from '../scheduler/job-from-template.js';
import type { ResolvedConfig } from './options.js';

interface SchedulesDeps {
  store: Store;
  config: ResolvedConfig;
  /** Tells the local scheduler loop that a schedule changed. */
  wakeScheduler: (at?: number) => void;
}

/** Runtime management of schedules: add, change, pause, resume, run now, remove, preview. */
export class Schedules {
  constructor(private readonly deps: SchedulesDeps) {}

  private get ns(): string {
    return this.deps.config.namespace;
  }

  /** Creates the schedule or updates the one with this id (its counters and, if the trigger is unchanged, its position kept). */
  async upsert<P>(definition: ScheduleDefinition<P>): Promise<Schedule> {
    const existing =
      typeof definition?.id === 'string' ? await this.deps.store.getSchedule(this.ns, definition.id) : null;
    const now = Date.now();
    const resolved = resolveSchedule(definition as ScheduleDefinition<unknown>, {
      namespace: this.ns,
      now,
      defaults: this.deps.config.jobDefaults,
      maxPayloadBytes: this.deps.config.maxPayloadBytes,
      existing,
    });
    const { schedule } = await this.deps.store.upsertSchedule(resolved, now);
    if (schedule.nextFireAt !== null) this.deps.wakeScheduler(schedule.nextFireAt);
    return schedule;
  }

  async get(id: string): Promise<Schedule> {
    const schedule = await this.deps.store.getSchedule(this.ns, id);
    if (!schedule) throw new ScheduleNotFoundError(id);
    return schedule;
  }

  list(filter: { paused?: boolean; handler?: string } = {}, page: PageRequest = {}): Promise<Page<Schedule>> {
    return this.deps.store.listSchedules({ ...filter, namespace: this.ns }, page);
  }

  async pause(id: string): Promise<Schedule> {
    return this.deps.store.updateSchedule(this.ns, id, { paused: true }, Date.now());
  }

  /**
   * Resumes a paused schedule. Fires missed while paused are handled like fires missed while down:
   * the misfire grace time and coalescing decide what runs.
   */
  async resume(id: string): Promise<Schedule> {
    const schedule = await this.deps.store.updateSchedule(this.ns, id, { paused: false }, Date.now());
    if (schedule.nextFireAt !== null) this.deps.wakeScheduler(schedule.nextFireAt);
    return schedule;
  }

  /** Moves the schedule to a new trigger; it restarts from now. */
  async reschedule(id: string, spec: TriggerSpec): Promise<Schedule> {
    const trigger = createTrigger(spec, 'trigger');
    const first = trigger.next(Date.now() - 1, initialTriggerState());
    const schedule = await this.deps.store.updateSchedule(
      this.ns,
      id,
      { trigger: trigger.spec, triggerState: first?.state ?? initialTriggerState(), nextFireAt: first?.at ?? null },
      Date.now(),
    );
    if (schedule.nextFireAt !== null) this.deps.wakeScheduler(schedule.nextFireAt);
    return schedule;
  }

  delete(id: string): Promise<boolean> {
    return this.deps.store.deleteSchedule(this.ns, id, Date.now());
  }

  /** Runs the schedule's job once now, outside its trigger (the trigger's position is unchanged). */
  async runNow(id: string): Promise<Job> {
    const schedule = await this.get(id);
    const now = Date.now();
    const job = jobFromTemplate(schedule, { id: newJobId(now), runAt: now, fireTime: null, deadline: null });
    const [result] = await this.deps.store.addJobs([job], now);
    return result!.job;
  }

  /** The next `count` fire times of a stored schedule (by id) or of a trigger spec. */
  async preview(idOrTrigger: string | TriggerSpec, count = 5, from = Date.now()): Promise<Date[]> {
    if (!Number.isInteger(count) || count < 1 || count > 1000)
      throw new ValidationError('count', 'must be an integer from 1 to 1000');
    if (typeof idOrTrigger === 'string') {
      const schedule = await this.get(idOrTrigger);
      if (schedule.nextFireAt === null) return [];
      // previewTrigger includes `from`, so starting at the stored next fire lists it first.
      return previewTrigger(createTrigger(schedule.trigger), count, schedule.nextFireAt).map(
        (t: number) => new Date(t),
      );
    }
    return previewTrigger(createTrigger(idOrTrigger), count, from).map((t: number) => new Date(t));
  }
}
