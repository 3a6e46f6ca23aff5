import type { HotTier, QueueRef } from '../../hot/hot-tier.js';

/** How long the list of Redis queues is trusted before it is read again (other processes add queues). */
const REFRESH_MS = 1000;

/**
 * The queues a claim or next-due question spans. Redis keeps every queue it was ever pushed to in one
 * registry set; reading it on every claim would cost a round trip, so it is cached for a second and
 * amended with the queues this process writes to. A queue another process created is seen within that
 * second (and its jobs meanwhile wake nobody here early: the worker's sleep cap still holds).
 */
export class QueueDirectory {
  private readonly known = new Map<string, QueueRef>();
  private readAt = -Infinity;
  private rotation = 0;

  constructor(private readonly hot: HotTier) {}

  learn(queues: Iterable<QueueRef>): void {
    for (const { namespace, queue } of queues) {
      const key = `${namespace}\u0000${queue}`;
      if (!this.known.has(key)) this.known.set(key, { namespace, queue });
    }
  }

  /** The queues of one namespace (all when null), from the cache unless `fresh` or stale. */
  async list(namespace: string | null, fresh = false): Promise<QueueRef[]> {
    if (fresh || Date.now() - this.readAt > REFRESH_MS) {
      this.learn(await this.hot.listQueues());
      this.readAt = Date.now();
    }
    const out: QueueRef[] = [];
    for (const q of this.known.values()) if (namespace === null || q.namespace === namespace) out.push(q);
    return out;
  }

  /**
   * The queues a request names: given names in one namespace need no lookup; otherwise the known
   * queues, filtered. Rotated per call so one busy queue does not always go first.
   */
  async select(namespace: string | null, queues: string[] | null): Promise<QueueRef[]> {
    let selected: QueueRef[];
    if (queues !== null && namespace !== null) selected = queues.map((queue) => ({ namespace, queue }));
    else {
      const all = await this.list(namespace);
      selected = queues === null ? all : all.filter((q) => queues.includes(q.queue));
    }
    if (selected.length < 2) return selected;
    const start = this.rotation++ % selected.length;
    return [...selected.slice(start), ...selected.slice(0, start)];
  }
}
