import { Redis, type Cluster } from 'ioredis';
import type { JobEvent } from '../../core/events.js';
import { newOwnerId } from '../../core/ids.js';
import type { StoreWake } from '../postgres/wakeups.js';

/**
 * Carries the events that must reach a running attempt in another process — a cancel or delete of a
 * running hot job — over Redis pub/sub, so that process's worker aborts the handler at once (the
 * facade aborts on `job.cancelled` / `job.deleted` events) instead of at its next heartbeat. Only a
 * hint like every notification: a lost message costs the heartbeat interval, never correctness (the
 * lease is void in Redis already, and a late outcome is rejected by fencing).
 *
 * It also carries wake-up hints for jobs that reached Redis without PostgreSQL (hot-first adds), which
 * LISTEN/NOTIFY never sees: an idle worker in another process claims them at once instead of at its
 * sleep cap. One message per added batch; like every wake-up, only a hint.
 */
export class ControlRelay {
  private readonly origin = newOwnerId('relay');
  private readonly channel: string;
  private subscriber: Redis | Cluster | null = null;
  private publisher: Redis | Cluster | null = null;

  private constructor(prefix: string) {
    this.channel = `${prefix}:control`;
  }

  static async open(
    redis: string | Redis | Cluster,
    prefix: string,
    deliver: (events: JobEvent[]) => void,
    wake: (wakes: StoreWake[]) => void = () => {},
  ): Promise<ControlRelay> {
    const relay = new ControlRelay(prefix);
    const make = (): Redis | Cluster =>
      typeof redis === 'string'
        ? new Redis(redis, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
        : redis.duplicate();
    relay.publisher = make();
    relay.subscriber = make();
    for (const connection of [relay.publisher, relay.subscriber]) connection.on('error', () => {});
    try {
      if (typeof redis === 'string') await Promise.all([relay.publisher.connect(), relay.subscriber.connect()]);
      await relay.subscriber.subscribe(relay.channel);
    } catch (error) {
      await relay.close();
      throw error;
    }
    relay.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== relay.channel) return;
      try {
        const { origin, events, wakes } = JSON.parse(message) as {
          origin: string;
          events?: JobEvent[];
          wakes?: StoreWake[];
        };
        if (origin === relay.origin) return;
        if (Array.isArray(events)) deliver(events);
        if (Array.isArray(wakes)) wake(wakes);
      } catch {
        // Not ours or malformed: a hint, ignore it.
      }
    });
    return relay;
  }

  /** Sends the events to the other processes (best effort). */
  publish(events: JobEvent[]): void {
    if (events.length === 0 || !this.publisher) return;
    this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, events })).catch(() => {});
  }

  /** Tells the other processes that jobs became claimable (best effort). */
  publishWakes(wakes: StoreWake[]): void {
    if (wakes.length === 0 || !this.publisher) return;
    this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, wakes })).catch(() => {});
  }

  async close(): Promise<void> {
    const connections = [this.subscriber, this.publisher];
    this.subscriber = null;
    this.publisher = null;
    for (const c of connections) c?.disconnect();
  }
}
