export { TickworkMetrics, type TickworkMetricsOptions } from './tickwork-metrics.js';
export { NO_DISPATCH_METRICS, type DispatchMetrics } from './dispatch-metrics.js';
export type { Pinger } from './round-trips.js';
export { metricsRoute } from './metrics-route.js';
