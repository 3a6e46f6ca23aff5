import { create } from '@bufbuild/protobuf';
import { FieldMaskSchema } from '@bufbuild/protobuf/wkt';
import type { Client } from '@connectrpc/connect';
import type { Page, PageRequest } from '../core/job.js';
import type { ScheduleDefinition } from '../scheduler/schedule-input.js';
import type { TriggerSpec } from '../triggers/trigger.js';
import { ScheduleService } from '../gen/tickwork/v1/schedules_pb.js';
import { timestamp } from '../api/convert/time.js';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { call } from './errors.js';
import { jobFromWire, scheduleFromWire } from './from-wire.js';
import type { ClientJob, ClientSchedule } from './model.js';
import { definitionToWire, triggerToWire } from './to-wire.js';

/** ScheduleService with the library's shapes. */
export class SchedulesClient {
  constructor(
    private readonly rpc: Client<typeof ScheduleService>,
    private readonly namespace: string,
  ) {}

  /** Creates or updates by id; an unchanged trigger keeps its position. */
  async upsert<P>(definition: ScheduleDefinition<P>): Promise<{ schedule: ClientSchedule; created: boolean }> {
    const schedule = definitionToWire(definition as ScheduleDefinition<unknown>);
    const res = await call(() => this.rpc.upsertSchedule({ namespace: this.namespace, schedule }));
    return { schedule: scheduleFromWire(res.schedule!), created: res.created };
  }

  async get(id: string): Promise<ClientSchedule> {
    return scheduleFromWire((await call(() => this.rpc.getSchedule({ namespace: this.namespace, id }))).schedule!);
  }

  async list(
    filter: { paused?: boolean; handler?: string } = {},
    page: PageRequest = {},
  ): Promise<Page<ClientSchedule>> {
    const res = await call(() =>
      this.rpc.listSchedules({
        namespace: this.namespace,
        filter: { paused: filter.paused, handler: filter.handler ?? '' },
        pageSize: page.limit ?? 0,
        pageToken: page.cursor ?? '',
      }),
    );
    return { items: res.schedules.map(scheduleFromWire), nextCursor: res.nextPageToken || null };
  }

  /**
   * Changes the named fields (proto paths: `trigger`, `job.payload`, `paused`, …) to their values in
   * `definition`; a named path missing from it resets to the default.
   */
  async update(id: string, definition: ScheduleDefinition<unknown>, paths: string[]): Promise<ClientSchedule> {
    const schedule = definitionToWire(definition);
    const updateMask = create(FieldMaskSchema, { paths });
    const res = await call(() => this.rpc.updateSchedule({ namespace: this.namespace, id, schedule, updateMask }));
    return scheduleFromWire(res.schedule!);
  }

  async pause(id: string): Promise<ClientSchedule> {
    return scheduleFromWire((await call(() => this.rpc.pauseSchedule({ namespace: this.namespace, id }))).schedule!);
  }

  async resume(id: string): Promise<ClientSchedule> {
    return scheduleFromWire((await call(() => this.rpc.resumeSchedule({ namespace: this.namespace, id }))).schedule!);
  }

  async delete(id: string): Promise<void> {
    await call(() => this.rpc.deleteSchedule({ namespace: this.namespace, id }));
  }

  /** Makes one occurrence now; the schedule's next fire does not move. */
  async runNow(id: string): Promise<ClientJob> {
    return jobFromWire((await call(() => this.rpc.runScheduleNow({ namespace: this.namespace, id }))).job!);
  }

  /** The next fire times (epoch ms) of a stored schedule, or of a trigger spec after `after`. */
  async preview(
    source: string | TriggerSpec,
    options: { count?: number; after?: Date | number } = {},
  ): Promise<number[]> {
    const after = options.after === undefined ? undefined : timestamp(+options.after);
    const res = await call(() =>
      this.rpc.previewSchedule({
        namespace: this.namespace,
        source:
          typeof source === 'string'
            ? { case: 'scheduleId', value: source }
            : { case: 'trigger', value: triggerToWire(source) },
        after,
        count: options.count ?? 0,
      }),
    );
    return res.fireTimes.map((t) => timestampMs(t));
  }
}
