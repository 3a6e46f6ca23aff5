import type { Client } from '@connectrpc/connect';
import type { QueueStats } from '../core/job.js';
import { AdminService } from '../gen/tickwork/v1/admin_pb.js';
import { EventService } from '../gen/tickwork/v1/events_pb.js';
import { eventTypes } from '../api/convert/enums.js';
import type { EventFilter } from '../events/event-bus.js';
import { call, fromConnectError } from './errors.js';
import { componentFromWire, eventFromWire, healthFromWire } from './from-wire.js';
import type { Health, SubscribeUpdate, VersionInfo } from './model.js';

/** Subscribe's filter: the library's, with lists where the API allows several values. */
export interface SubscribeFilter {
  types?: NonNullable<EventFilter['types']>;
  jobIds?: string[];
  queues?: string[];
  scheduleIds?: string[];
}

/** EventService and AdminService with the library's shapes. */
export class AdminClient {
  constructor(
    private readonly admin: Client<typeof AdminService>,
    private readonly events: Client<typeof EventService>,
    private readonly namespace: string,
  ) {}

  async queueStats(queues: string[] = []): Promise<QueueStats[]> {
    const res = await call(() => this.admin.getQueueStats({ namespace: this.namespace, queues }));
    return res.queues.map((q) => ({
      namespace: q.namespace,
      queue: q.queue,
      paused: q.paused,
      counts: {
        scheduled: Number(q.counts?.scheduled ?? 0n),
        queued: Number(q.counts?.queued ?? 0n),
        running: Number(q.counts?.running ?? 0n),
        succeeded: Number(q.counts?.succeeded ?? 0n),
        failed: Number(q.counts?.failed ?? 0n),
        cancelled: Number(q.counts?.cancelled ?? 0n),
        paused: Number(q.counts?.paused ?? 0n),
      },
    }));
  }

  async pauseQueue(queue: string): Promise<void> {
    await call(() => this.admin.pauseQueue({ namespace: this.namespace, queue }));
  }

  async resumeQueue(queue: string): Promise<void> {
    await call(() => this.admin.resumeQueue({ namespace: this.namespace, queue }));
  }

  async health(): Promise<Health> {
    const res = await call(() => this.admin.getHealth({}));
    return { status: healthFromWire(res.status), components: res.components.map(componentFromWire) };
  }

  async version(): Promise<VersionInfo> {
    const res = await call(() => this.admin.getVersion({}));
    return {
      version: res.version,
      api: res.api,
      runtime: res.runtime,
      store: res.store,
      schemaVersion: res.schemaVersion,
      hotTier: res.hotTier,
      roles: [...res.roles],
    };
  }

  /** Live events matching `filter` until `signal` aborts. */
  async *subscribe(
    filter: SubscribeFilter = {},
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<SubscribeUpdate> {
    try {
      const stream = this.events.subscribe(
        {
          namespace: this.namespace,
          filter: {
            types: (filter.types ?? []).map((t) => eventTypes.wire(t)),
            jobIds: filter.jobIds ?? [],
            queues: filter.queues ?? [],
            scheduleIds: filter.scheduleIds ?? [],
          },
        },
        options.signal ? { signal: options.signal } : {},
      );
      for await (const m of stream) yield { event: eventFromWire(m.event!), dropped: m.dropped };
    } catch (error) {
      throw fromConnectError(error);
    }
  }
}
