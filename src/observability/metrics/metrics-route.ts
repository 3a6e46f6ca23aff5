import { TickworkError } from '../../core/errors.js';
import type { HttpRoute } from '../../api/http-route.js';
import type { TickworkMetrics } from './tickwork-metrics.js';

/**
 * Checks a scrape's `Authorization` header when the server has auth (rejects when it may not read).
 * Prometheus sends one with `authorization: { credentials: … }` in its scrape config.
 */
export type ScrapeAuth = (authorization: string | null) => Promise<void>;

/** `GET /metrics`: the Prometheus exposition of `metrics`, behind `auth` when given. */
export function metricsRoute(metrics: TickworkMetrics, auth?: ScrapeAuth, path = '/metrics'): HttpRoute {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return true;
    }
    const header = req.headers.authorization;
    const allowed = auth ? auth(typeof header === 'string' ? header : null) : Promise.resolve();
    allowed.then(
      () => answer(),
      (error: unknown) => {
        const denied = error instanceof TickworkError && error.code === 'PERMISSION_DENIED';
        res.writeHead(denied ? 403 : 401, {
          'content-type': 'text/plain; charset=utf-8',
          'www-authenticate': 'Bearer',
        });
        res.end(`${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
    return true;

    function answer(): void {
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
    }
  };
}
