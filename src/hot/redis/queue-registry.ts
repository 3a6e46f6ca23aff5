import type { Cluster, Redis } from 'ioredis';
import type { QueueRef } from '../hot-tier.js';
import type { KeyLayout } from './queue-keys.js';
import { toHotTierError } from './redis-errors.js';

/**
 * The set of queues the hot tier has seen, in Redis (`{prefix}:queues`), so the flusher and the
 * reconciler can visit every queue's log and leases. It lives outside the queues' hash tags (another
 * slot), so it is written before the queue's first script, not inside it: a queue is registered
 * before it can hold anything. Known members are cached per connection; the cache is dropped on
 * every reconnect, in case Redis came back without its data.
 */
export class QueueRegistry {
  private readonly known = new Set<string>();
  private readonly forget = (): void => this.known.clear();

  constructor(
    private readonly redis: Redis | Cluster,
    private readonly layout: KeyLayout,
  ) {
    redis.on('ready', this.forget);
  }

  /** Stops listening to the connection (which may be the caller's and outlive the hot tier). */
  dispose(): void {
    this.redis.off('ready', this.forget);
  }

  async ensure(queues: Iterable<QueueRef>): Promise<void> {
    const missing: string[] = [];
    for (const queue of queues) {
      const member = this.layout.member(queue);
      if (!this.known.has(member)) missing.push(member);
    }
    if (missing.length === 0) return;
    try {
      await this.redis.sadd(this.layout.registry, ...missing);
    } catch (error) {
      throw toHotTierError(error);
    }
    for (const member of missing) this.known.add(member);
  }

  async list(namespace?: string): Promise<QueueRef[]> {
    let members: string[];
    try {
      members = await this.redis.smembers(this.layout.registry);
    } catch (error) {
      throw toHotTierError(error);
    }
    const queues: QueueRef[] = [];
    for (const member of members.sort()) {
      const queue = this.layout.parseMember(member);
      if (queue && (namespace === undefined || queue.namespace === namespace)) queues.push(queue);
    }
    return queues;
  }
}
