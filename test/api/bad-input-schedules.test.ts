import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { durationFromMs, FieldMaskSchema } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { describe } from 'vitest';
import type { ScheduleSchema } from '../../src/gen/tickwork/v1/common_pb.js';
import { EventType } from '../../src/gen/tickwork/v1/events_pb.js';
import type { TriggerSchema } from '../../src/gen/tickwork/v1/trigger_pb.js';
import { describeBadInputs, LIMITS, postJson, type BadInput } from './bad-input-harness.js';
import { json } from './helpers.js';

type TriggerInit = MessageInitShape<typeof TriggerSchema>;
const cron = (expression: string, timezone = ''): TriggerInit => ({
  kind: { case: 'cron', value: { expression, timezone } },
});
const schedule = (
  over: Partial<MessageInitShape<typeof ScheduleSchema>> = {},
): MessageInitShape<typeof ScheduleSchema> =>
  ({
    id: 'bad',
    trigger: cron('0 3 * * *'),
    job: { target: { case: 'handler', value: 'echo' }, payload: json(null) },
    ...(over as object),
  }) as MessageInitShape<typeof ScheduleSchema>;
const upsert = (over: Partial<MessageInitShape<typeof ScheduleSchema>>) => (t: Parameters<BadInput['call']>[0]) =>
  t.grpc.schedules.upsertSchedule({ schedule: schedule(over) });
const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

const cases: BadInput[] = [
  // UpsertSchedule
  {
    name: 'Upsert without a schedule',
    call: (t) => t.grpc.schedules.upsertSchedule({}),
    code: Code.InvalidArgument,
    field: 'schedule',
  },
  { name: 'Upsert without an id', call: upsert({ id: '' }), code: Code.InvalidArgument, field: 'schedule.id' },
  { name: 'Upsert with a bad id', call: upsert({ id: 'a b' }), code: Code.InvalidArgument, field: 'schedule.id' },
  {
    name: 'Upsert without a trigger',
    call: upsert({ trigger: undefined }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger',
  },
  {
    name: 'Upsert with a trigger of no kind',
    call: upsert({ trigger: { maxFires: 2 } }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger',
  },
  {
    name: 'Upsert with a bad cron',
    call: upsert({ trigger: cron('61 * * * *') }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.cron.expression',
  },
  {
    name: 'Upsert with an unknown time zone',
    call: upsert({ trigger: cron('0 3 * * *', 'Mars/Olympus') }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.cron.timezone',
  },
  {
    name: 'Upsert with a bad cron inside any_of',
    call: upsert({
      trigger: {
        kind: {
          case: 'anyOf',
          value: { triggers: [{ kind: { case: 'interval', value: { every: durationFromMs(1000) } } }, cron('nope')] },
        },
      },
    }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.any_of.triggers[1].cron.expression',
  },
  {
    name: 'Upsert with a zero interval',
    call: upsert({ trigger: { kind: { case: 'interval', value: { every: durationFromMs(0) } } } }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.interval.every',
  },
  {
    name: 'Upsert with a calendar of no unit',
    call: upsert({ trigger: { kind: { case: 'calendar', value: { timeOfDay: '03:00', startDate: '2026-01-01' } } } }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.calendar.unit',
  },
  {
    name: 'Upsert with a bad calendar time',
    call: upsert({
      trigger: { kind: { case: 'calendar', value: { unit: 1, timeOfDay: '25:00', startDate: '2026-01-01' } } },
    }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.calendar.time_of_day',
  },
  {
    name: 'Upsert with a date trigger of no time',
    call: upsert({ trigger: { kind: { case: 'date', value: {} } } }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.date.at',
  },
  { name: 'Upsert without a job', call: upsert({ job: undefined }), code: Code.InvalidArgument, field: 'schedule.job' },
  {
    name: 'Upsert with a bad handler name',
    call: upsert({ job: { target: { case: 'handler', value: 'no spaces' } } }),
    code: Code.InvalidArgument,
    field: 'schedule.job.handler',
  },
  {
    name: 'Upsert with max_attempts 0',
    call: upsert({ job: { target: { case: 'handler', value: 'echo' }, maxAttempts: 0 } }),
    code: Code.InvalidArgument,
    field: 'schedule.job.max_attempts',
  },
  {
    name: 'Upsert with a payload over the limit',
    call: upsert({
      job: { target: { case: 'handler', value: 'echo' }, payload: json('x'.repeat(LIMITS.maxPayloadBytes)) },
    }),
    code: Code.ResourceExhausted,
    field: 'schedule.job.payload',
  },
  {
    name: 'Upsert with a wrong type (JSON)',
    call: (t) =>
      postJson(t, 'ScheduleService/UpsertSchedule', { schedule: { id: 'x', trigger: { cron: { expression: 5 } } } }),
    code: Code.InvalidArgument,
  },
  // GetSchedule, ListSchedules
  {
    name: 'GetSchedule without an id',
    call: (t) => t.grpc.schedules.getSchedule({}),
    code: Code.InvalidArgument,
    field: 'id',
  },
  {
    name: 'GetSchedule of an unknown id',
    call: (t) => t.grpc.schedules.getSchedule({ id: 'nope' }),
    code: Code.NotFound,
    field: 'id',
  },
  {
    name: 'ListSchedules with a forged page token',
    call: (t) => t.grpc.schedules.listSchedules({ pageToken: '%%%' }),
    code: Code.InvalidArgument,
    field: 'page_token',
  },
  // UpdateSchedule
  {
    name: 'UpdateSchedule without a mask',
    call: (t) => t.grpc.schedules.updateSchedule({ id: 'seed', schedule: { paused: false } }),
    code: Code.InvalidArgument,
    field: 'update_mask',
  },
  {
    name: 'UpdateSchedule with an output-only path',
    call: (t) => t.grpc.schedules.updateSchedule({ id: 'seed', schedule: {}, updateMask: mask('fire_count') }),
    code: Code.InvalidArgument,
    field: 'update_mask.paths[0]',
  },
  {
    name: 'UpdateSchedule resetting the trigger',
    call: (t) => t.grpc.schedules.updateSchedule({ id: 'seed', schedule: {}, updateMask: mask('trigger') }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger',
  },
  {
    name: 'UpdateSchedule to a bad cron',
    call: (t) =>
      t.grpc.schedules.updateSchedule({ id: 'seed', schedule: { trigger: cron('x') }, updateMask: mask('trigger') }),
    code: Code.InvalidArgument,
    field: 'schedule.trigger.cron.expression',
  },
  {
    name: 'UpdateSchedule of an unknown id',
    call: (t) => t.grpc.schedules.updateSchedule({ id: 'nope', schedule: {}, updateMask: mask('paused') }),
    code: Code.NotFound,
  },
  // PauseSchedule, ResumeSchedule, DeleteSchedule, RunScheduleNow
  {
    name: 'PauseSchedule of an unknown id',
    call: (t) => t.grpc.schedules.pauseSchedule({ id: 'nope' }),
    code: Code.NotFound,
  },
  {
    name: 'ResumeSchedule without an id',
    call: (t) => t.grpc.schedules.resumeSchedule({}),
    code: Code.InvalidArgument,
    field: 'id',
  },
  {
    name: 'DeleteSchedule of an unknown id',
    call: (t) => t.connect.schedules.deleteSchedule({ id: 'nope' }),
    code: Code.NotFound,
  },
  {
    name: 'RunScheduleNow of an unknown id',
    call: (t) => t.grpc.schedules.runScheduleNow({ id: 'nope' }),
    code: Code.NotFound,
  },
  // PreviewSchedule
  {
    name: 'PreviewSchedule without a source',
    call: (t) => t.grpc.schedules.previewSchedule({}),
    code: Code.InvalidArgument,
    field: 'schedule_id',
  },
  {
    name: 'PreviewSchedule of too many fires',
    call: (t) => t.grpc.schedules.previewSchedule({ source: { case: 'scheduleId', value: 'seed' }, count: 1001 }),
    code: Code.InvalidArgument,
    field: 'count',
  },
  {
    name: 'PreviewSchedule of a bad cron',
    call: (t) => t.grpc.schedules.previewSchedule({ source: { case: 'trigger', value: cron('0 0 31 2 *x') } }),
    code: Code.InvalidArgument,
    field: 'trigger.cron.expression',
  },
  {
    name: 'PreviewSchedule of an unknown schedule',
    call: (t) => t.grpc.schedules.previewSchedule({ source: { case: 'scheduleId', value: 'nope' } }),
    code: Code.NotFound,
  },
  // EventService, AdminService
  {
    name: 'Subscribe filtering on UNSPECIFIED',
    call: async (t) => {
      for await (const _ of t.grpc.events.subscribe({
        filter: { types: [EventType.JOB_ADDED, EventType.UNSPECIFIED] },
      }))
        void _;
    },
    code: Code.InvalidArgument,
    field: 'filter.types[1]',
  },
  {
    name: 'Subscribe in a malformed namespace',
    call: async (t) => {
      for await (const _ of t.grpc.events.subscribe({ namespace: '!' })) void _;
    },
    code: Code.InvalidArgument,
    field: 'namespace',
  },
  {
    name: 'PauseQueue without a queue',
    call: (t) => t.grpc.admin.pauseQueue({}),
    code: Code.InvalidArgument,
    field: 'queue',
  },
  {
    name: 'ResumeQueue with a bad queue',
    call: (t) => t.grpc.admin.resumeQueue({ queue: 'a b' }),
    code: Code.InvalidArgument,
    field: 'queue',
  },
  {
    name: 'GetQueueStats in a malformed namespace',
    call: (t) => t.grpc.admin.getQueueStats({ namespace: 'x'.repeat(101) }),
    code: Code.InvalidArgument,
    field: 'namespace',
  },
  {
    name: 'GetQueueStats with a wrong type (JSON)',
    call: (t) => postJson(t, 'AdminService/GetQueueStats', { queues: 'default' }),
    code: Code.InvalidArgument,
  },
];

describe('ScheduleService, EventService and AdminService refuse bad input', () => {
  describeBadInputs(cases);
});
