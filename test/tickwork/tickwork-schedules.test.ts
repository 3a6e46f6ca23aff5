import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cron, every, Tickwork, type ScheduleEvent } from '../../src/index.js';
import type { Store } from '../../src/stores/store.js';
import { embeddedStores } from './stores.js';

describe.each(embeddedStores)('Tickwork schedules on $name', ({ open }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let tw: Tickwork;

  beforeEach(async () => {
    ({ store, cleanup } = await open());
    tw = await Tickwork.open({ store, logger: false, scheduler: { fireAhead: 0 } });
  });
  afterEach(async () => {
    await tw.close();
    await cleanup();
  });

  it('fires an interval schedule, one occurrence per fire time', async () => {
    const fires: number[] = [];
    tw.handle('tick', (_p, ctx) => void fires.push(ctx.job.fireTime!));
    tw.start();
    // coalesce 'all': a scheduler delayed by a loaded machine still makes one occurrence per fire time.
    const schedule = await tw.schedules.upsert({ id: 'ticker', trigger: every(50), handler: 'tick', coalesce: 'all' });
    await expect.poll(() => fires.length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    await tw.schedules.pause(schedule.id);
    const occurrences = (await tw.jobs.list({ scheduleId: 'ticker' }, { limit: 1000 })).items;
    const ids = occurrences.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const job of occurrences) expect(job.id).toBe(`ticker@${new Date(job.fireTime!).toISOString()}`);
    const sorted = [...fires].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBe(50);
  });

  it('upserting the same id updates instead of duplicating, keeping an unchanged trigger in place', async () => {
    tw.handle('h', () => null);
    const first = await tw.schedules.upsert({
      id: 's',
      trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
      handler: 'h',
    });
    const again = await tw.schedules.upsert({
      id: 's',
      trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
      handler: 'h',
      payload: { v: 2 },
    });
    expect(again.nextFireAt).toBe(first.nextFireAt);
    expect(again.job.payload).toEqual({ v: 2 });
    expect((await tw.schedules.list()).items).toHaveLength(1);
    // 03:00 in Shanghai is 19:00 UTC the day before.
    expect(new Date(first.nextFireAt!).getUTCHours()).toBe(19);
  });

  it('previews fire times, runs now, pauses, resumes and deletes', async () => {
    tw.handle('h', () => 'ran');
    tw.start();
    const s = await tw.schedules.upsert({
      id: 'daily',
      trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
      handler: 'h',
    });
    const preview = await tw.schedules.preview('daily', 3);
    expect(preview.map((d) => d.getTime())[0]).toBe(s.nextFireAt);
    expect(preview[1]!.getTime() - preview[0]!.getTime()).toBe(86_400_000);
    const run = await tw.schedules.runNow('daily');
    expect((await tw.jobs.wait(run.id)).result).toBe('ran');
    expect((await tw.schedules.pause('daily')).paused).toBe(true);
    expect((await tw.schedules.resume('daily')).paused).toBe(false);
    expect(await tw.schedules.delete('daily')).toBe(true);
    await expect(tw.schedules.get('daily')).rejects.toMatchObject({ code: 'SCHEDULE_NOT_FOUND' });
  });

  it('reschedules onto a new trigger, keeping the job template and settings', async () => {
    tw.handle('h', () => null);
    await tw.schedules.upsert({
      id: 'moving',
      trigger: cron('0 3 * * *', { timezone: 'Asia/Shanghai' }),
      handler: 'h',
      payload: { keep: true },
      overlap: 'skip',
      misfireGrace: '1h',
    });
    const moved = await tw.schedules.reschedule('moving', cron('30 4 * * *', { timezone: 'UTC' }));
    expect(new Date(moved.nextFireAt!).getUTCHours()).toBe(4);
    expect(new Date(moved.nextFireAt!).getUTCMinutes()).toBe(30);
    expect(moved.trigger).toMatchObject({ kind: 'cron', expression: '30 4 * * *', timezone: 'UTC' });
    expect(moved).toMatchObject({
      job: { handler: 'h', payload: { keep: true } },
      overlap: 'skip',
      misfireGraceMs: 3_600_000,
    });
    await expect(
      tw.schedules.reschedule('moving', { kind: 'cron', v: 1, expression: 'nope', timezone: 'UTC' }),
    ).rejects.toMatchObject({
      code: 'INVALID_TRIGGER',
    });
    await expect(tw.schedules.reschedule('absent', cron('* * * * *'))).rejects.toMatchObject({
      code: 'SCHEDULE_NOT_FOUND',
    });
  });

  it('rejects a bad trigger with a typed error naming the field', async () => {
    await expect(
      tw.schedules.upsert({
        id: 'bad',
        trigger: { kind: 'cron', v: 1, expression: '61 * * * *', timezone: 'UTC' },
        handler: 'h',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TRIGGER', field: expect.stringContaining('trigger.expression') });
    await expect(
      tw.schedules.upsert({
        id: 'bad',
        trigger: { kind: 'cron', v: 1, expression: '* * * * *', timezone: 'Mars/Base' },
        handler: 'h',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TRIGGER', field: expect.stringContaining('trigger.timezone') });
    await expect(tw.schedules.upsert({ id: 'has space', trigger: every(1000), handler: 'h' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'schedule.id',
    });
    expect((await tw.schedules.list()).items).toHaveLength(0);
  });

  it('skips a fire while the previous occurrence still runs (overlap skip)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    tw.handle('slow', async () => {
      runs++;
      await gate;
    });
    const misfires: ScheduleEvent[] = [];
    tw.on('schedule.misfired', (e) => misfires.push(e as ScheduleEvent));
    tw.start();
    try {
      // coalesce 'all': a late scheduler judges every missed fire for overlap instead of coalescing.
      await tw.schedules.upsert({
        id: 'one-at-a-time',
        trigger: every(30),
        handler: 'slow',
        overlap: 'skip',
        coalesce: 'all',
      });
      await expect.poll(() => misfires.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      expect(runs).toBe(1);
      expect(misfires[0]!.reason).toBe('overlap');
      await tw.schedules.pause('one-at-a-time');
    } finally {
      release();
    }
  });
});
