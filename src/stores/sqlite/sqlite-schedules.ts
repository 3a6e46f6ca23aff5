import { ScheduleNotFoundError } from '../../core/errors.js';
import type { Page, PageRequest } from '../../core/job.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
import type { AcquireSchedulesRequest, ReleaseResult, ScheduleRelease } from '../store.js';
import { decodeScheduleCursor, encodeScheduleCursor, pageLimit } from '../shared/paging.js';
import { applySchedulePatch, createSchedule, replaceSchedule, scheduleEvent } from '../shared/schedule-records.js';
import { isLive } from '../shared/transitions.js';
import { docToSchedule, scheduleParams } from './row-mapping.js';
import { addJobs, cancel } from './sqlite-jobs.js';
import type { SqliteTx } from './sqlite-tx.js';

/** Schedules in SQLite (one transaction per call). */

function read(tx: SqliteTx, namespace: string, id: string): Schedule | null {
  const doc = tx.q['get-schedule'].get({ namespace, id }) as string | undefined;
  return doc === undefined ? null : docToSchedule(doc);
}

export const getSchedule = read;

export function upsertSchedule(tx: SqliteTx, input: NewSchedule): { schedule: Schedule; created: boolean } {
  const existing = read(tx, input.namespace, input.id);
  const schedule = existing ? replaceSchedule(existing, input, tx.now) : createSchedule(input, tx.now);
  tx.q[existing ? 'write-schedule' : 'insert-schedule'].run(scheduleParams(schedule));
  const type = existing ? 'schedule.updated' : 'schedule.added';
  tx.events.push(scheduleEvent(type, schedule.namespace, schedule.id, tx.now));
  return { schedule: structuredClone(schedule), created: !existing };
}

export function listSchedules(tx: SqliteTx, filter: ScheduleFilter, page: PageRequest): Page<Schedule> {
  const after = decodeScheduleCursor(page.cursor);
  const limit = pageLimit(page);
  const rows = tx.q['list-schedules'].all({
    namespace: filter.namespace,
    after,
    paused: filter.paused === undefined ? null : filter.paused ? 1 : 0,
    handler: filter.handler ?? null,
    limit: limit + 1,
  }) as string[];
  const items = rows.slice(0, limit).map(docToSchedule);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeScheduleCursor(last.id) : null };
}

export function updateSchedule(tx: SqliteTx, namespace: string, id: string, patch: SchedulePatch): Schedule {
  const existing = read(tx, namespace, id);
  if (!existing) throw new ScheduleNotFoundError(id);
  const { schedule, events } = applySchedulePatch(existing, patch, tx.now);
  tx.q['write-schedule'].run(scheduleParams(schedule));
  for (const type of events) tx.events.push(scheduleEvent(type, namespace, id, tx.now));
  return structuredClone(schedule);
}

export function deleteSchedule(tx: SqliteTx, namespace: string, id: string): boolean {
  if (tx.q['delete-schedule'].run({ namespace, id }).changes === 0) return false;
  tx.events.push(scheduleEvent('schedule.deleted', namespace, id, tx.now));
  return true;
}

export function acquireSchedules(tx: SqliteTx, request: AcquireSchedulesRequest): Schedule[] {
  if (request.limit <= 0) return [];
  const rows = tx.q['acquire-schedules'].all({
    schedulerId: request.schedulerId,
    leaseUntil: tx.now + request.leaseMs,
    dueBefore: request.dueBefore,
    now: tx.now,
    limit: request.limit,
  }) as string[];
  // RETURNING comes back in no promised order.
  return rows.map(docToSchedule).sort((a, b) => a.nextFireAt! - b.nextFireAt!);
}

export function releaseSchedules(tx: SqliteTx, schedulerId: string, releases: ScheduleRelease[]): ReleaseResult[] {
  const { q, now } = tx;
  return releases.map((release) => {
    const { namespace, id } = release;
    const released = q['release-schedule'].run({
      namespace,
      id,
      schedulerId,
      triggerState: JSON.stringify(release.triggerState),
      nextFireAt: release.nextFireAt,
      lastFireAt: release.lastFireAt,
      fired: release.fired,
      misfired: release.misfires.length,
      now,
    });
    if (released.changes === 0) return { id, applied: false, occurrences: [] };
    for (const jobId of release.cancelJobIds) {
      const row = tx.getRow(namespace, jobId);
      if (row && isLive(row.job.state)) cancel(tx, row.seq, row.job, 'overlap');
    }
    const occurrences = addJobs(tx, release.occurrences);
    for (const r of occurrences) {
      if (!r.created) continue;
      tx.events.push(
        scheduleEvent('schedule.fired', namespace, id, now, { fireTime: r.job.fireTime, jobId: r.job.id }),
      );
    }
    for (const m of release.misfires) {
      tx.events.push(
        scheduleEvent('schedule.misfired', namespace, id, now, { fireTime: m.fireTime, reason: m.reason }),
      );
    }
    return { id, applied: true, occurrences };
  });
}

export function nextScheduleDueAt(tx: SqliteTx): number | null {
  const unleased = tx.q['next-unleased-fire'].get() as { next_fire_at: number } | undefined;
  const leased = tx.q['next-leased-fire'].get() as { at: number | null };
  const candidates = [unleased?.next_fire_at ?? null, leased.at].filter((v): v is number => v !== null);
  return candidates.length === 0 ? null : Math.min(...candidates);
}
