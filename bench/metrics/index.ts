// What the Prometheus metrics cost: the event listener per transition (it runs inside the store's
// commit path), and a scrape with many queues. Bounded by BENCH_EVENTS and BENCH_QUEUES.
import { Registry } from 'prom-client';
import type { JobEvent, TickworkEvent } from '../../src/core/events.js';
import { EventMetrics } from '../../src/observability/metrics/event-metrics.js';
import { TickworkMetrics } from '../../src/observability/metrics/tickwork-metrics.js';
import { MemoryStore } from '../../src/stores/memory/memory-store.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const QUEUES = Number(process.env.BENCH_QUEUES ?? 200);

function lifecycle(i: number): JobEvent[] {
  const base = { namespace: 'default', jobId: `j${i}`, queue: `q${i % 20}`, handler: `h${i % 5}`, data: null };
  return [
    { ...base, type: 'job.added', state: 'queued', attempt: 0, at: i, runAt: i },
    { ...base, type: 'job.started', state: 'running', attempt: 1, at: i + 3, runAt: i },
    { ...base, type: 'job.succeeded', state: 'succeeded', attempt: 1, at: i + 40, runAt: i },
  ];
}

// 1. The listener: events observed per second (three per job: added, started, succeeded).
const metrics = new EventMetrics(new Registry());
const batch: TickworkEvent[] = [];
for (let i = 0; i < 1000; i++) batch.push(...lifecycle(i));
const started = performance.now();
let observed = 0;
while (observed < EVENTS) {
  for (const e of batch) metrics.observe(e);
  observed += batch.length;
}
const listenerMs = performance.now() - started;
const nsPerEvent = (listenerMs * 1e6) / observed;

// 2. A scrape: queue gauges read from the store (QUEUES queues × 7 states) plus every histogram.
const store = new MemoryStore();
const tw = await Tickwork.open({ store, roles: [], logger: false, requireKnownHandlers: false });
await tw.jobs.enqueueMany(
  Array.from({ length: QUEUES }, (_, i) => ({ handler: 'h', payload: null, options: { queue: `q${i}` } })),
);
const full = new TickworkMetrics({ store, namespaces: ['default'], pingers: [] });
const scrapes: number[] = [];
let bytes = 0;
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  bytes = (await full.scrape()).body.length;
  scrapes.push(performance.now() - t0);
}
scrapes.sort((a, b) => a - b);
full.close();
await tw.close();

const result = {
  bench: 'metrics',
  events: observed,
  listenerNsPerEvent: Math.round(nsPerEvent),
  eventsPerSecond: Math.round(observed / (listenerMs / 1000)),
  queues: QUEUES,
  scrapeP50Ms: Number(scrapes[25]!.toFixed(2)),
  scrapeP99Ms: Number(scrapes[49]!.toFixed(2)),
  scrapeBytes: bytes,
};
console.log(
  `listener: ${result.listenerNsPerEvent} ns/event; scrape of ${QUEUES} queues: p50 ${result.scrapeP50Ms} ms`,
);
console.log(JSON.stringify(result));
