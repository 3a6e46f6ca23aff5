import { Redis, type Cluster } from 'ioredis';
import type { QueueRef, WakeListener } from '../../hot-tier.js';
import type { HotContext } from '../context.js';
import { toHotTierError } from '../redis-errors.js';

/**
 * A subscription to the wake-up hints of some queues: SSUBSCRIBE (sharded pub/sub) on the queues'
 * `wake` channels, on a connection of its own (a subscribed connection can do nothing else). ioredis
 * re-subscribes after a reconnect; hints sent meanwhile are lost, which is allowed: they only hint.
 */
export class WakeSubscription {
  private readonly byChannel = new Map<string, QueueRef>();

  private constructor(
    private readonly connection: Redis,
    queues: readonly QueueRef[],
    ctx: HotContext,
    listener: WakeListener,
  ) {
    for (const queue of queues) {
      this.byChannel.set(ctx.layout.keys(queue).wake, { namespace: queue.namespace, queue: queue.queue });
    }
    connection.on('smessage', (channel: string, message: string) => {
      const queue = this.byChannel.get(channel);
      if (!queue) return;
      try {
        listener(queue, Number(message));
      } catch {
        // A listener only learns; its failure must not end the subscription.
      }
    });
  }

  static async open(
    ctx: HotContext,
    queues: readonly QueueRef[],
    listener: WakeListener,
    timeoutMs: number,
  ): Promise<WakeSubscription> {
    const base: Redis | Cluster = ctx.redis;
    if (!(base instanceof Redis)) {
      throw new Error('hot tier: wake-up subscriptions need a standalone Redis connection (Cluster: not yet)');
    }
    // Queue commands while (re)connecting: a subscriber has nothing to fail fast for.
    const connection = base.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null });
    connection.on('error', () => {}); // reconnects on its own; the owner's connection reports outages
    const subscription = new WakeSubscription(connection, queues, ctx, listener);
    try {
      await Promise.race([
        (async () => {
          await connection.connect();
          if (subscription.byChannel.size > 0) await connection.ssubscribe(...subscription.byChannel.keys());
        })(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('subscribe timed out')), timeoutMs).unref()),
      ]);
    } catch (error) {
      connection.disconnect();
      throw toHotTierError(error);
    }
    return subscription;
  }

  async close(): Promise<void> {
    try {
      await this.connection.quit();
    } catch {
      this.connection.disconnect();
    }
  }
}
