import type { HttpRoute } from '../../api/http-route.js';
import type { TickworkMetrics } from './tickwork-metrics.js';

/** `GET /metrics`: the Prometheus exposition of `metrics`. */
export function metricsRoute(metrics: TickworkMetrics, path = '/metrics'): HttpRoute {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return true;
    }
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        if (req.method === 'HEAD') res.end();
        else res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
    return true;
  };
}
