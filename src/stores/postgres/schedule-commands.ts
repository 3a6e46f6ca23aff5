import { ScheduleNotFoundError } from '../../core/errors.js';
import type { TickworkEvent } from '../../core/events.js';
import type { Job, Page, PageRequest } from '../../core/job.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../../core/schedule.js';
import type { AcquireSchedulesRequest, ReleaseResult, ScheduleRelease } from '../store.js';
import { decodeScheduleCursor, encodeScheduleCursor, pageLimit } from '../shared/paging.js';
import { applySchedulePatch, scheduleEvent } from '../shared/schedule-records.js';
import { addKeyed, addUnkeyed, hasKeys } from './add-jobs.js';
import type { StoreContext } from './context.js';
import { JobCommands } from './job-commands.js';
import { toJob, toSchedule, type JobRow, type ScheduleRow } from './rows.js';

const json = (value: unknown): string => JSON.stringify(value);

/** Parameters $1..$11 shared by upsert-schedule.sql and write-schedule.sql. */
function definitionParams(s: NewSchedule): unknown[] {
  return [
    s.namespace,
    s.id,
    json(s.trigger),
    json(s.triggerState),
    json(s.job),
    s.paused,
    s.nextFireAt,
    s.misfireGraceMs,
    s.coalesce,
    s.maxCatchUp,
    s.overlap,
  ];
}

export class ScheduleCommands {
  constructor(private readonly ctx: StoreContext) {}

  async upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }> {
    const [row] = await this.ctx.db.run<ScheduleRow & { created: boolean }>('upsert-schedule', [
      ...definitionParams(schedule),
      now,
    ]);
    const stored = toSchedule(row!);
    const type = row!.created ? 'schedule.added' : 'schedule.updated';
    this.ctx.publish([scheduleEvent(type, stored.namespace, stored.id, now)]);
    return { schedule: stored, created: row!.created };
  }

  async getSchedule(namespace: string, id: string): Promise<Schedule | null> {
    const [row] = await this.ctx.db.run<ScheduleRow>('get-schedule', [namespace, id]);
    return row ? toSchedule(row) : null;
  }

  async listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>> {
    const limit = pageLimit(page);
    const after = decodeScheduleCursor(page.cursor);
    const rows = await this.ctx.db.run<ScheduleRow>('list-schedules', [
      filter.namespace,
      filter.paused ?? null,
      filter.handler ?? null,
      after,
      limit + 1,
    ]);
    const items = rows.slice(0, limit).map(toSchedule);
    const nextCursor = rows.length > limit ? encodeScheduleCursor(items.at(-1)!.id) : null;
    return { items, nextCursor };
  }

  async updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule> {
    const { schedule, events } = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx.run<ScheduleRow>('lock-schedule', [namespace, id]);
      if (!row) throw new ScheduleNotFoundError(id);
      const change = applySchedulePatch(toSchedule(row), patch, now);
      const [written] = await tx.run<ScheduleRow>('write-schedule', [...definitionParams(change.schedule), now]);
      return { schedule: toSchedule(written!), events: change.events };
    });
    this.ctx.publish(events.map((type) => scheduleEvent(type, namespace, id, now)));
    return schedule;
  }

  async deleteSchedule(namespace: string, id: string, now: number): Promise<boolean> {
    const [row] = await this.ctx.db.run<ScheduleRow>('delete-schedule', [namespace, id]);
    if (!row) return false;
    this.ctx.publish([scheduleEvent('schedule.deleted', namespace, id, now)]);
    return true;
  }

  async acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]> {
    if (request.limit <= 0) return [];
    const rows = await this.ctx.db.run<ScheduleRow>('acquire-schedules', [
      request.schedulerId,
      request.limit,
      request.now + request.leaseMs,
      request.dueBefore,
      request.now,
    ]);
    return rows.map(toSchedule).sort((a, b) => (a.nextFireAt ?? 0) - (b.nextFireAt ?? 0));
  }

  async releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]> {
    if (releases.length === 0) return [];
    const { results, events } = await this.ctx.db.transaction(async (tx) => {
      const held = await tx.run<ScheduleRow>('lock-leased-schedules', [
        schedulerId,
        releases.map((r) => r.namespace),
        releases.map((r) => r.id),
      ]);
      const heldRefs = new Set(held.map((row) => `${row.namespace}\u0000${row.id}`));
      const applied = releases.filter((r) => heldRefs.has(`${r.namespace}\u0000${r.id}`));
      const events: TickworkEvent[] = [];
      const results: ReleaseResult[] = [];
      for (const release of releases) {
        if (!applied.includes(release)) {
          results.push({ id: release.id, applied: false, occurrences: [] });
          continue;
        }
        events.push(...(await JobCommands.cancelMany(tx, release.namespace, release.cancelJobIds, now, 'overlap')));
        const occurrences = release.occurrences;
        const added = hasKeys(occurrences)
          ? await addKeyed(tx, occurrences, now)
          : await addUnkeyed(tx, occurrences, now);
        events.push(...added.events);
        for (const result of added.results) {
          if (!result.created) continue;
          const job = result.job;
          events.push(
            scheduleEvent('schedule.fired', release.namespace, release.id, now, {
              fireTime: job.fireTime,
              jobId: job.id,
            }),
          );
        }
        for (const misfire of release.misfires) {
          events.push(
            scheduleEvent('schedule.misfired', release.namespace, release.id, now, {
              fireTime: misfire.fireTime,
              reason: misfire.reason,
            }),
          );
        }
        results.push({ id: release.id, applied: true, occurrences: added.results });
      }
      if (applied.length > 0) {
        await tx.run('release-schedules', [
          now,
          applied.map((r) => r.namespace),
          applied.map((r) => r.id),
          applied.map((r) => json(r.triggerState)),
          applied.map((r) => r.nextFireAt),
          applied.map((r) => r.lastFireAt),
          applied.map((r) => r.fired),
          applied.map((r) => r.misfires.length),
        ]);
      }
      return { results, events };
    });
    this.ctx.publish(events);
    return results;
  }

  async liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>> {
    const result = new Map<string, Job[]>(scheduleIds.map((id) => [id, []]));
    if (scheduleIds.length === 0) return result;
    const rows = await this.ctx.db.run<JobRow>('live-occurrences', [namespace, scheduleIds]);
    for (const row of rows) {
      result.get(row.schedule_id!)?.push(toJob(row, now));
    }
    return result;
  }

  async nextScheduleDueAt(): Promise<number | null> {
    const [row] = await this.ctx.db.run<{ at: number | null }>('next-schedule-due');
    return row?.at ?? null;
  }
}
