import { Gauge, type Registry } from 'prom-client';
import { JOB_STATES } from '../../core/job.js';
import type { Store } from '../../stores/store.js';

/**
 * `tickwork_jobs{namespace,queue,state}` and `tickwork_queue_paused`, read from the store's queue stats
 * when Prometheus scrapes (not kept up to date between scrapes: the store is the truth and a scrape is
 * rare). Namespaces are the served one plus every one seen in the event feed since start.
 */
export class QueueGauges {
  private readonly namespaces = new Set<string>();

  constructor(registry: Registry, store: Store, namespaces: Iterable<string>) {
    for (const ns of namespaces) this.namespaces.add(ns);
    const known = this.namespaces;
    const paused = new Gauge({
      name: 'tickwork_queue_paused',
      help: 'Whether a queue is paused (1) or not (0).',
      labelNames: ['namespace', 'queue'],
      registers: [registry],
    });
    new Gauge({
      name: 'tickwork_jobs',
      help: 'Jobs by queue and state, as the store counts them now (a due scheduled job counts as queued).',
      labelNames: ['namespace', 'queue', 'state'],
      registers: [registry],
      async collect() {
        const now = Date.now();
        const all = await Promise.all([...known].map((ns) => store.queueStats(ns, now)));
        // Queues that vanished (history deleted) must not keep their last figures.
        this.reset();
        paused.reset();
        for (const stats of all.flat()) {
          const labels = { namespace: stats.namespace, queue: stats.queue };
          paused.set(labels, stats.paused ? 1 : 0);
          for (const state of JOB_STATES) this.set({ ...labels, state }, stats.counts[state] ?? 0);
        }
      },
    });
  }

  /** Counts a namespace from now on (called for each namespace the event feed shows). */
  watch(namespace: string): void {
    this.namespaces.add(namespace);
  }
}
