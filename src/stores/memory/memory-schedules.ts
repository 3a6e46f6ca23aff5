import { ScheduleNotFoundError } from '../../core/errors.js';
import type { Job, Page, PageRequest } from '../../core/job.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
import type { AcquireSchedulesRequest, ReleaseResult, ScheduleRelease } from '../store.js';
import { decodeScheduleCursor, encodeScheduleCursor, pageLimit } from '../shared/paging.js';
import {
  acquirableAt,
  applySchedulePatch,
  createSchedule,
  replaceSchedule,
  scheduleEvent,
} from '../shared/schedule-records.js';
import { isLive, leaseExpired } from '../shared/transitions.js';
import { jobView, scheduleView } from './clone.js';
import { addJobs, cancel } from './memory-jobs.js';
import type { MemoryTx } from './memory-tx.js';

/** Schedules in the memory store. Schedules are few next to jobs: these scan them linearly. */

export function upsertSchedule(tx: MemoryTx, input: NewSchedule): { schedule: Schedule; created: boolean } {
  const copy = structuredClone(input);
  const schedules = tx.data.ns(input.namespace).schedules;
  const existing = schedules.get(input.id);
  const schedule = existing ? replaceSchedule(existing, copy, tx.now) : createSchedule(copy, tx.now);
  schedules.set(schedule.id, schedule);
  const type = existing ? 'schedule.updated' : 'schedule.added';
  tx.events.push(scheduleEvent(type, schedule.namespace, schedule.id, tx.now));
  return { schedule: scheduleView(schedule), created: !existing };
}

export function getSchedule(tx: MemoryTx, namespace: string, id: string): Schedule | null {
  const schedule = tx.data.peek(namespace)?.schedules.get(id);
  return schedule ? scheduleView(schedule) : null;
}

export function listSchedules(tx: MemoryTx, filter: ScheduleFilter, page: PageRequest): Page<Schedule> {
  const after = decodeScheduleCursor(page.cursor);
  const limit = pageLimit(page);
  const all = [...(tx.data.peek(filter.namespace)?.schedules.values() ?? [])].filter(
    (s) =>
      (filter.paused === undefined || s.paused === filter.paused) &&
      (filter.handler === undefined || s.job.handler === filter.handler) &&
      (after === null || s.id > after),
  );
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const items = all.slice(0, limit).map(scheduleView);
  const last = items[items.length - 1];
  return { items, nextCursor: all.length > limit && last ? encodeScheduleCursor(last.id) : null };
}

export function updateSchedule(tx: MemoryTx, namespace: string, id: string, patch: SchedulePatch): Schedule {
  const schedules = tx.data.peek(namespace)?.schedules;
  const existing = schedules?.get(id);
  if (!schedules || !existing) throw new ScheduleNotFoundError(id);
  const { schedule, events } = applySchedulePatch(existing, structuredClone(patch), tx.now);
  schedules.set(id, schedule);
  for (const type of events) tx.events.push(scheduleEvent(type, namespace, id, tx.now));
  return scheduleView(schedule);
}

export function deleteSchedule(tx: MemoryTx, namespace: string, id: string): boolean {
  const schedules = tx.data.peek(namespace)?.schedules;
  if (!schedules?.delete(id)) return false;
  tx.events.push(scheduleEvent('schedule.deleted', namespace, id, tx.now));
  return true;
}

function* allSchedules(tx: MemoryTx): Generator<Schedule> {
  for (const data of tx.data.namespaces.values()) yield* data.schedules.values();
}

export function acquireSchedules(tx: MemoryTx, request: AcquireSchedulesRequest): Schedule[] {
  const { now } = tx;
  const due = [...allSchedules(tx)].filter(
    (s) => !s.paused && s.nextFireAt !== null && s.nextFireAt <= request.dueBefore && leaseExpired(s.leaseUntil, now),
  );
  due.sort((a, b) => a.nextFireAt! - b.nextFireAt!);
  return due.slice(0, Math.max(0, request.limit)).map((s) => {
    const leased = { ...s, leaseOwner: request.schedulerId, leaseUntil: now + request.leaseMs };
    tx.data.ns(s.namespace).schedules.set(s.id, leased);
    return scheduleView(leased);
  });
}

export function releaseSchedules(tx: MemoryTx, schedulerId: string, releases: ScheduleRelease[]): ReleaseResult[] {
  const { now } = tx;
  return releases.map((release) => {
    const schedules = tx.data.peek(release.namespace)?.schedules;
    const schedule = schedules?.get(release.id);
    if (!schedules || !schedule || schedule.leaseOwner !== schedulerId) {
      return { id: release.id, applied: false, occurrences: [] };
    }
    for (const id of release.cancelJobIds) {
      const record = tx.data.getJob(release.namespace, id);
      if (record && isLive(record.job.state)) cancel(tx, record, 'overlap');
    }
    const occurrences = addJobs(tx, release.occurrences);
    for (const r of occurrences) {
      if (!r.created) continue;
      const extra = { fireTime: r.job.fireTime, jobId: r.job.id };
      tx.events.push(scheduleEvent('schedule.fired', release.namespace, release.id, now, extra));
    }
    for (const m of release.misfires) {
      const extra = { fireTime: m.fireTime, reason: m.reason };
      tx.events.push(scheduleEvent('schedule.misfired', release.namespace, release.id, now, extra));
    }
    schedules.set(release.id, {
      ...schedule,
      triggerState: structuredClone(release.triggerState),
      nextFireAt: release.nextFireAt,
      lastFireAt: release.lastFireAt ?? schedule.lastFireAt,
      fireCount: schedule.fireCount + release.fired,
      misfireCount: schedule.misfireCount + release.misfires.length,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    });
    return { id: release.id, applied: true, occurrences };
  });
}

export function liveOccurrences(tx: MemoryTx, namespace: string, scheduleIds: string[]): Map<string, Job[]> {
  const data = tx.data.peek(namespace);
  const result = new Map<string, Job[]>();
  for (const scheduleId of scheduleIds) {
    const records = [...(data?.occurrences.get(scheduleId) ?? [])].map((id) => data!.jobs.get(id)!);
    records.sort((a, b) => a.job.createdAt - b.job.createdAt || a.seq - b.seq);
    result.set(
      scheduleId,
      records.map((r) => jobView(r.job, tx.now)),
    );
  }
  return result;
}

export function nextScheduleDueAt(tx: MemoryTx): number | null {
  let min: number | null = null;
  for (const s of allSchedules(tx)) {
    if (s.paused) continue;
    const at = acquirableAt(s);
    if (at !== null && (min === null || at < min)) min = at;
  }
  return min;
}
