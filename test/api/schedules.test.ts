import { create } from '@bufbuild/protobuf';
import { durationFromMs, FieldMaskSchema, timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoalescePolicy, OverlapPolicy, type Schedule } from '../../src/gen/tickwork/v1/common_pb.js';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ScheduleSchema } from '../../src/gen/tickwork/v1/common_pb.js';
import { expectStatus, json, plain, startTestServer, type TestServer } from './helpers.js';

type ScheduleInit = MessageInitShape<typeof ScheduleSchema>;

const nightly = (overrides: Partial<ScheduleInit> = {}): ScheduleInit =>
  ({
    id: 'stats.nightly',
    trigger: { kind: { case: 'cron', value: { expression: '0 3 * * *', timezone: 'Asia/Shanghai' } } },
    job: { target: { case: 'handler', value: 'echo' }, payload: json({ scope: 'all' }), queue: 'stats' },
    ...(overrides as object),
  }) as ScheduleInit;

describe('ScheduleService', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('UpsertSchedule creates, then updates in place without moving an unchanged trigger', async () => {
    const first = await t.grpc.schedules.upsertSchedule({ schedule: nightly() });
    expect(first.created).toBe(true);
    expect(first.schedule?.trigger?.kind).toEqual({
      case: 'cron',
      value: expect.objectContaining({ expression: '0 3 * * *', timezone: 'Asia/Shanghai' }),
    });
    expect(first.schedule?.nextFireAt).toBeDefined();
    const again = await t.grpc.schedules.upsertSchedule({
      schedule: nightly({ job: { target: { case: 'handler', value: 'echo' }, payload: json({ scope: 'some' }) } }),
    });
    expect(again.created).toBe(false);
    expect(timestampMs(again.schedule!.nextFireAt!)).toBe(timestampMs(first.schedule!.nextFireAt!));
    expect(plain(again.schedule?.job?.payload)).toEqual({ scope: 'some' });
  });

  it('UpsertSchedule round-trips every trigger kind and the policies', async () => {
    const triggers: ScheduleInit['trigger'][] = [
      { kind: { case: 'date', value: { at: timestampFromMs(Date.now() + 3_600_000) } } },
      { kind: { case: 'interval', value: { every: durationFromMs(60_000) } }, maxFires: 3 },
      {
        kind: {
          case: 'calendar',
          value: { every: 1, unit: 3, timeOfDay: '09:30', timezone: 'Europe/Paris', startDate: '2026-01-31' },
        },
      },
      {
        kind: {
          case: 'anyOf',
          value: {
            triggers: [
              { kind: { case: 'cron', value: { expression: '0 9 * * 1' } } },
              { kind: { case: 'interval', value: { every: durationFromMs(7_200_000) } } },
            ],
          },
        },
        jitter: durationFromMs(500),
      },
    ];
    for (const [i, trigger] of triggers.entries()) {
      const res = await t.connect.schedules.upsertSchedule({
        schedule: nightly({
          id: `s${i}`,
          trigger,
          coalesce: CoalescePolicy.ALL,
          overlap: OverlapPolicy.SKIP,
          misfireGrace: durationFromMs(60_000),
        }),
      });
      expect(res.schedule).toMatchObject({ id: `s${i}`, coalesce: CoalescePolicy.ALL, overlap: OverlapPolicy.SKIP });
      expect(res.schedule?.trigger?.kind.case).toBe(trigger!.kind!.case);
    }
  });

  it('GetSchedule, ListSchedules (filter and paging), DeleteSchedule', async () => {
    for (const id of ['a', 'b', 'c'])
      await t.grpc.schedules.upsertSchedule({ schedule: nightly({ id, paused: id === 'b' }) });
    expect((await t.grpc.schedules.getSchedule({ id: 'a' })).schedule?.id).toBe('a');
    const paused = await t.grpc.schedules.listSchedules({ filter: { paused: true } });
    expect(paused.schedules.map((s: Schedule) => s.id)).toEqual(['b']);
    const page1 = await t.grpc.schedules.listSchedules({ pageSize: 2 });
    expect(page1.schedules.map((s) => s.id)).toEqual(['a', 'b']);
    const page2 = await t.grpc.schedules.listSchedules({ pageSize: 2, pageToken: page1.nextPageToken });
    expect(page2.schedules.map((s) => s.id)).toEqual(['c']);
    await t.grpc.schedules.deleteSchedule({ id: 'c' });
    await expectStatus(t.grpc.schedules.getSchedule({ id: 'c' }), Code.NotFound, 'id');
    await expectStatus(t.grpc.schedules.deleteSchedule({ id: 'c' }), Code.NotFound, 'id');
  });

  it('UpdateSchedule changes the masked fields only; a new trigger restarts', async () => {
    const { schedule } = await t.grpc.schedules.upsertSchedule({ schedule: nightly() });
    const res = await t.grpc.schedules.updateSchedule({
      id: schedule!.id,
      schedule: { job: { payload: json({ scope: 'none' }), queue: 'other' }, overlap: OverlapPolicy.SKIP },
      updateMask: create(FieldMaskSchema, { paths: ['job.payload', 'overlap'] }),
    });
    expect(plain(res.schedule?.job?.payload)).toEqual({ scope: 'none' });
    expect(res.schedule?.job?.queue).toBe('stats');
    expect(res.schedule?.overlap).toBe(OverlapPolicy.SKIP);

    const moved = await t.grpc.schedules.updateSchedule({
      id: schedule!.id,
      schedule: { trigger: { kind: { case: 'interval', value: { every: durationFromMs(1000) } } } },
      updateMask: create(FieldMaskSchema, { paths: ['trigger'] }),
    });
    expect(moved.schedule?.trigger?.kind.case).toBe('interval');
    await expectStatus(
      t.grpc.schedules.updateSchedule({
        id: 'nope',
        schedule: {},
        updateMask: create(FieldMaskSchema, { paths: ['paused'] }),
      }),
      Code.NotFound,
    );
  });

  it('PauseSchedule and ResumeSchedule are idempotent', async () => {
    await t.grpc.schedules.upsertSchedule({ schedule: nightly() });
    expect((await t.grpc.schedules.pauseSchedule({ id: 'stats.nightly' })).schedule?.paused).toBe(true);
    expect((await t.grpc.schedules.pauseSchedule({ id: 'stats.nightly' })).schedule?.paused).toBe(true);
    expect((await t.grpc.schedules.resumeSchedule({ id: 'stats.nightly' })).schedule?.paused).toBe(false);
    expect((await t.connect.schedules.resumeSchedule({ id: 'stats.nightly' })).schedule?.paused).toBe(false);
  });

  it('RunScheduleNow makes an occurrence that runs, without moving the next fire', async () => {
    const { schedule } = await t.grpc.schedules.upsertSchedule({ schedule: nightly({ paused: true }) });
    const { job } = await t.grpc.schedules.runScheduleNow({ id: schedule!.id });
    expect(job).toMatchObject({ scheduleId: 'stats.nightly', queue: 'stats' });
    expect((await t.tw.jobs.wait(job!.id)).result).toEqual({ scope: 'all' });
    const after = await t.grpc.schedules.getSchedule({ id: schedule!.id });
    expect(timestampMs(after.schedule!.nextFireAt!)).toBe(timestampMs(schedule!.nextFireAt!));
  });

  it('PreviewSchedule previews a stored schedule and a trigger spec', async () => {
    await t.grpc.schedules.upsertSchedule({ schedule: nightly() });
    const stored = await t.grpc.schedules.previewSchedule({
      source: { case: 'scheduleId', value: 'stats.nightly' },
      count: 3,
    });
    expect(stored.fireTimes).toHaveLength(3);
    const spec = await t.connect.schedules.previewSchedule({
      source: { case: 'trigger', value: { kind: { case: 'interval', value: { every: durationFromMs(900_000) } } } },
      after: timestampFromMs(Date.UTC(2026, 0, 1)),
    });
    // Strictly after `after`: the 00:00 fire itself is not included. Default count: 5.
    expect(spec.fireTimes.map((t) => new Date(timestampMs(t)).toISOString())).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T00:45:00.000Z',
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T01:15:00.000Z',
    ]);
  });
});
