import { Gauge, Histogram, type Registry } from 'prom-client';

/**
 * What the distributed dispatch (src/dispatch: the promoter moving due jobs from PostgreSQL into the
 * Redis hot tier, the flusher writing outcomes back) reports. The dispatch code calls these; it does
 * not import prom-client. `NO_DISPATCH_METRICS` is the default when nothing is scraped.
 */
export interface DispatchMetrics {
  /** After each promoter pass: how long the due jobs it moved waited for the pass to end (ms, 0 if none). */
  promoterLag(ms: number): void;
  /** Jobs one promoter pass moved. */
  promoterBatch(size: number): void;
  /** At each flusher pass: how long since the previous pass ended — how stale the store may be (ms). */
  flusherLag(ms: number): void;
  /** Outcomes one flusher pass wrote. */
  flusherBatch(size: number): void;
}

export const NO_DISPATCH_METRICS: DispatchMetrics = {
  promoterLag: () => {},
  promoterBatch: () => {},
  flusherLag: () => {},
  flusherBatch: () => {},
};

const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000];

/** DispatchMetrics as Prometheus gauges (lag) and histograms (batch sizes). */
export function prometheusDispatchMetrics(registry: Registry): DispatchMetrics {
  const registers = [registry];
  const lag = new Gauge({
    name: 'tickwork_dispatch_lag_seconds',
    help: 'How far a dispatch stage runs behind (promoter: oldest due job not promoted; flusher: oldest unwritten outcome).',
    labelNames: ['stage'],
    registers,
  });
  const batch = new Histogram({
    name: 'tickwork_dispatch_batch_size',
    help: 'Items one pass of a dispatch stage moved.',
    labelNames: ['stage'],
    buckets: BATCH_BUCKETS,
    registers,
  });
  return {
    promoterLag: (ms) => lag.set({ stage: 'promoter' }, ms / 1000),
    promoterBatch: (size) => batch.observe({ stage: 'promoter' }, size),
    flusherLag: (ms) => lag.set({ stage: 'flusher' }, ms / 1000),
    flusherBatch: (size) => batch.observe({ stage: 'flusher' }, size),
  };
}
