import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Store } from '../../stores/store.js';
import { prometheusDispatchMetrics, type DispatchMetrics } from './dispatch-metrics.js';
import { EventMetrics } from './event-metrics.js';
import { QueueGauges } from './queue-gauges.js';
import { RoundTrips, type Pinger } from './round-trips.js';
import { storePingers } from './store-pingers.js';

export interface TickworkMetricsOptions {
  /** The store whose events are counted and whose queue stats are read. */
  store: Store;
  /** Namespaces to report queue counts for from the start; others are added as their events appear. */
  namespaces: string[];
  /** Dependencies to ping. [the store (`sqlite`, `postgres`), or PostgreSQL and Redis apart for a tiered one] */
  pingers?: Pinger[];
  /** [5 s] */
  pingIntervalMs?: number;
  /** Node's process metrics (CPU, memory, event-loop lag) under `tickwork_` (`tickwork_process_cpu_seconds_total`). [true] */
  processMetrics?: boolean;
}

/**
 * Every tickwork metric in one prom-client Registry (never the global one, so two instances in one
 * process do not collide). Counters come from the store's event feed; gauges are read at scrape time.
 */
export class TickworkMetrics {
  readonly registry = new Registry();
  /** Hand this to the dispatch (promoter, flusher) so it reports lag and batch sizes. */
  readonly dispatch: DispatchMetrics;
  private readonly events: EventMetrics;
  private readonly queues: QueueGauges;
  private readonly roundTrips: RoundTrips;
  private readonly unsubscribe: () => void;

  constructor(options: TickworkMetricsOptions) {
    const { store } = options;
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tickwork_' });
    this.events = new EventMetrics(this.registry);
    this.queues = new QueueGauges(this.registry, store, options.namespaces);
    this.dispatch = prometheusDispatchMetrics(this.registry);
    const pingers = options.pingers ?? storePingers(store);
    this.roundTrips = new RoundTrips(this.registry, pingers, options.pingIntervalMs);
    this.unsubscribe = store.onEvents((events) => {
      for (const event of events) {
        this.queues.watch(event.namespace);
        this.events.observe(event);
      }
    });
    this.roundTrips.start();
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    this.unsubscribe();
    this.roundTrips.stop();
  }
}
