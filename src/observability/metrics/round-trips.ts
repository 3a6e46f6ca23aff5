import { Histogram, type Registry } from 'prom-client';

/** One dependency to time: `postgres`, `redis`, `sqlite`. `ping` is one cheap round trip. */
export interface Pinger {
  target: string;
  ping(): Promise<unknown>;
}

const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * `tickwork_round_trip_seconds{target}`: a ping of each dependency every `intervalMs`, so the latency
 * the store and the hot tier add is visible even when no jobs flow. A failed ping counts in
 * `tickwork_round_trip_failures_total` instead. Pings never overlap: a slow one delays the next.
 */
export class RoundTrips {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly histogram: Histogram<'target'>;
  private readonly failures: Histogram<'target'>;

  constructor(
    registry: Registry,
    private readonly pingers: Pinger[],
    private readonly intervalMs = 5_000,
  ) {
    this.histogram = new Histogram({
      name: 'tickwork_round_trip_seconds',
      help: 'Round-trip time of a periodic ping to each dependency (the store, Redis).',
      labelNames: ['target'],
      buckets: BUCKETS,
      registers: [registry],
    });
    // A histogram of failed pings' durations: its _count is the failure count, its sum how long they hung.
    this.failures = new Histogram({
      name: 'tickwork_round_trip_failures_seconds',
      help: 'Duration of pings that failed, per dependency (_count: how many failed).',
      labelNames: ['target'],
      buckets: [0.01, 0.1, 1, 10],
      registers: [registry],
    });
  }

  start(): void {
    if (this.pingers.length === 0 || this.timer || this.stopped) return;
    const tick = async () => {
      await this.pingAll();
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.intervalMs).unref();
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async pingAll(): Promise<void> {
    await Promise.all(
      this.pingers.map(async ({ target, ping }) => {
        const started = performance.now();
        try {
          await ping();
          this.histogram.observe({ target }, (performance.now() - started) / 1000);
        } catch {
          this.failures.observe({ target }, (performance.now() - started) / 1000);
        }
      }),
    );
  }
}
