import type { ServiceImpl } from '@connectrpc/connect';
import { ScheduleNotFoundError, ValidationError } from '../../core/errors.js';
import { ScheduleService } from '../../gen/tickwork/v1/schedules_pb.js';
import type { ScheduleDefinition } from '../../scheduler/schedule-input.js';
import type { Tickwork } from '../../tickwork/tickwork.js';
import type { ApiContext } from '../context.js';
import { renamingFields } from '../convert/field-path.js';
import { jobToProto } from '../convert/job.js';
import { listFieldToProto, pageFromProto } from '../convert/paging.js';
import { applyScheduleMask } from '../convert/schedule-mask.js';
import { definitionOf, scheduleFieldToProto, scheduleFromProto, scheduleToProto } from '../convert/schedule.js';
import { timestamp, msFromTimestamp } from '../convert/time.js';
import { renamingTriggerFields, triggerFromProto } from '../convert/trigger.js';

const DEFAULT_PREVIEW = 5;

/** Upsert through the facade, with its field names turned into the request's. */
function upsert(tw: Tickwork, def: ScheduleDefinition<unknown>) {
  return renamingTriggerFields(
    () => renamingFields(() => tw.schedules.upsert(def), scheduleFieldToProto),
    def.trigger as unknown as Record<string, unknown>,
    'schedule.trigger',
  );
}

function requireId(id: string): string {
  if (id === '') throw new ValidationError('id', 'is required');
  return id;
}

/** ScheduleService over the facade. */
export function scheduleService(ctx: ApiContext): ServiceImpl<typeof ScheduleService> {
  const scope = (ns: string) => ctx.scopes.get(ns);
  return {
    async upsertSchedule(req) {
      const def = scheduleFromProto(req.schedule, 'schedule');
      const tw = await scope(req.namespace);
      // The facade does not say whether it created; a read just before tells (see the report on issue 4).
      const existed = await exists(tw, def.id);
      const schedule = await upsert(tw, def);
      return { schedule: scheduleToProto(schedule), created: !existed };
    },

    async getSchedule(req) {
      const tw = await scope(req.namespace);
      return { schedule: scheduleToProto(await tw.schedules.get(requireId(req.id))) };
    },

    async listSchedules(req) {
      const tw = await scope(req.namespace);
      const filter: { paused?: boolean; handler?: string } = {};
      if (req.filter?.paused !== undefined) filter.paused = req.filter.paused;
      if (req.filter?.handler) filter.handler = req.filter.handler;
      const page = await renamingFields(
        () => tw.schedules.list(filter, pageFromProto(req.pageSize, req.pageToken)),
        listFieldToProto,
      );
      return { schedules: page.items.map(scheduleToProto), nextPageToken: page.nextCursor ?? '' };
    },

    async updateSchedule(req) {
      const tw = await scope(req.namespace);
      const current = await tw.schedules.get(requireId(req.id));
      const next = applyScheduleMask(definitionOf(current), req.schedule, req.updateMask);
      return { schedule: scheduleToProto(await upsert(tw, { ...next, id: current.id })) };
    },

    async pauseSchedule(req) {
      const tw = await scope(req.namespace);
      return { schedule: scheduleToProto(await tw.schedules.pause(requireId(req.id))) };
    },

    async resumeSchedule(req) {
      const tw = await scope(req.namespace);
      return { schedule: scheduleToProto(await tw.schedules.resume(requireId(req.id))) };
    },

    async deleteSchedule(req) {
      const tw = await scope(req.namespace);
      const id = requireId(req.id);
      if (!(await tw.schedules.delete(id))) throw new ScheduleNotFoundError(id);
      return {};
    },

    async runScheduleNow(req) {
      const tw = await scope(req.namespace);
      return { job: jobToProto(await tw.schedules.runNow(requireId(req.id))) };
    },

    async previewSchedule(req) {
      const tw = await scope(req.namespace);
      const count = req.count === 0 ? DEFAULT_PREVIEW : req.count;
      if (count > 1000) throw new ValidationError('count', 'must be from 1 to 1000');
      let times: Date[];
      switch (req.source.case) {
        case 'scheduleId':
          times = await tw.schedules.preview(requireIdField(req.source.value), count);
          break;
        case 'trigger': {
          const spec = triggerFromProto(req.source.value, 'trigger');
          // The IDL says "strictly after `after`"; the facade counts from `from` inclusive.
          const from = req.after === undefined ? Date.now() : msFromTimestamp(req.after, 'after') + 1;
          times = await renamingTriggerFields(
            async () => tw.schedules.preview(spec as never, count, from),
            spec,
            'trigger',
          );
          break;
        }
        default:
          throw new ValidationError('schedule_id', 'is required: give schedule_id or trigger');
      }
      return { fireTimes: times.map((t) => timestamp(t.getTime())) };
    },
  };
}

async function exists(tw: Tickwork, id: string): Promise<boolean> {
  try {
    await tw.schedules.get(id);
    return true;
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return false;
    throw error;
  }
}

function requireIdField(id: string): string {
  if (id === '') throw new ValidationError('schedule_id', 'is required');
  return id;
}
