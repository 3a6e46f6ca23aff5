import type { ScheduleEvent, ScheduleEventType } from '../../core/events.js';
import type { NewSchedule, Schedule, SchedulePatch } from '../../core/schedule.js';

/** The schedule a NewSchedule becomes when first written. */
export function createSchedule(input: NewSchedule, now: number): Schedule {
  return {
    ...definitionOf(input),
    lastFireAt: null,
    fireCount: 0,
    misfireCount: 0,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Replaces a stored schedule's definition, keeping counters, lastFireAt and createdAt; frees its lease. */
export function replaceSchedule(existing: Schedule, input: NewSchedule, now: number): Schedule {
  return {
    ...definitionOf(input),
    lastFireAt: existing.lastFireAt,
    fireCount: existing.fireCount,
    misfireCount: existing.misfireCount,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: existing.createdAt,
    updatedAt: now,
  };
}

function definitionOf(input: NewSchedule): NewSchedule {
  return {
    id: input.id,
    namespace: input.namespace,
    trigger: input.trigger,
    triggerState: input.triggerState,
    job: input.job,
    paused: input.paused,
    nextFireAt: input.nextFireAt,
    misfireGraceMs: input.misfireGraceMs,
    coalesce: input.coalesce,
    maxCatchUp: input.maxCatchUp,
    overlap: input.overlap,
  };
}

const PATCHABLE = [
  'trigger',
  'triggerState',
  'nextFireAt',
  'misfireGraceMs',
  'coalesce',
  'maxCatchUp',
  'overlap',
] as const satisfies readonly (keyof SchedulePatch & keyof Schedule)[];

/**
 * Applies a patch (the job template merged field by field) and frees the lease. Returns the event types
 * it stands for: paused/resumed when `paused` flips, updated when anything else was set.
 */
export function applySchedulePatch(
  existing: Schedule,
  patch: SchedulePatch,
  now: number,
): { schedule: Schedule; events: ScheduleEventType[] } {
  const next: Schedule = { ...existing, leaseOwner: null, leaseUntil: null, updatedAt: now };
  let updated = false;
  for (const field of PATCHABLE) {
    if (patch[field] === undefined) continue;
    Object.assign(next, { [field]: patch[field] });
    updated = true;
  }
  if (patch.job !== undefined) {
    next.job = { ...existing.job, ...definedOnly(patch.job) };
    updated = true;
  }
  const events: ScheduleEventType[] = [];
  if (patch.paused !== undefined && patch.paused !== existing.paused) {
    next.paused = patch.paused;
    events.push(patch.paused ? 'schedule.paused' : 'schedule.resumed');
  }
  if (updated) events.push('schedule.updated');
  return { schedule: next, events };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function scheduleEvent(
  type: ScheduleEventType,
  namespace: string,
  scheduleId: string,
  at: number,
  extra: { fireTime?: number | null; jobId?: string | null; reason?: string | null } = {},
): ScheduleEvent {
  return {
    type,
    namespace,
    scheduleId,
    at,
    fireTime: extra.fireTime ?? null,
    jobId: extra.jobId ?? null,
    reason: extra.reason ?? null,
  };
}

/** When a schedule could next be acquired: its nextFireAt, or later while another scheduler holds it. */
export function acquirableAt(schedule: Pick<Schedule, 'nextFireAt' | 'leaseOwner' | 'leaseUntil'>): number | null {
  if (schedule.nextFireAt === null) return null;
  if (schedule.leaseOwner === null || schedule.leaseUntil === null) return schedule.nextFireAt;
  return Math.max(schedule.nextFireAt, schedule.leaseUntil);
}
