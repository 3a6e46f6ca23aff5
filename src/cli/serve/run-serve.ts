import { pino, type Logger } from 'pino';
import { Authenticator, authSummary } from '../../api/auth/index.js';
import { authorize } from '../../api/auth/principal.js';
import { startApiServer, type ApiServer } from '../../api/server.js';
import { dashboardRoute } from '../../observability/dashboard/dashboard-route.js';
import { metricsRoute, TickworkMetrics } from '../../observability/metrics/index.js';
import { openTelemetryTracer } from '../../observability/tracing/index.js';
import { tickworkVersion } from '../../api/version.js';
import { Tickwork } from '../../tickwork/tickwork.js';
import type { Role } from '../../tickwork/options.js';
import { usageError } from '../cli-error.js';
import { isPostgresUrl, openStoreAt } from '../open-store.js';
import { loadHandlers } from './load-handlers.js';
import { registerHttpTargets } from './http-targets.js';
import type { ServeConfig } from './serve-config.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * `tickwork serve`: the composition root. Opens the store (embedded SQLite by default, migrated in
 * place; PostgreSQL as it is, migrated by `tickwork migrate`), loads handlers, starts the chosen roles
 * and the API, and on SIGINT/SIGTERM stops accepting calls, drains running jobs and closes everything
 * it opened. Resolves when it has shut down.
 */
export async function runServe(
  config: ServeConfig,
  logger: Logger = pino({ name: 'tickwork', level: config.logLevel }),
): Promise<void> {
  // Without auth an API reachable from other hosts would let anyone run and delete jobs.
  if (config.roles.includes('api') && config.auth === null && !LOOPBACK.has(config.host)) {
    throw usageError(`--host ${config.host}: without auth the API binds loopback only (127.0.0.1, ::1)`);
  }
  const roles = config.roles.filter((r): r is Role => r !== 'api');
  const auth = config.auth ? new Authenticator(config.auth) : null;
  const store = isPostgresUrl(config.store)
    ? await openStoreAt(config.store, { migrate: false, redis: config.redis, durability: config.durability })
    : config.store;
  const tw = await Tickwork.open({
    store,
    roles,
    namespace: config.namespace,
    logger,
    ...(config.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: config.maxPayloadBytes }),
    drainTimeout: config.drainTimeoutMs,
    worker: { concurrency: config.concurrency },
    // Handlers may live in remote workers too (later), so an unknown name is not refused here.
    requireKnownHandlers: false,
    // Spans when @opentelemetry/api is installed and an SDK registered (no-op otherwise).
    tracer: await openTelemetryTracer(tickworkVersion()),
  });
  let api: ApiServer | null = null;
  const metrics = new TickworkMetrics({ store: tw.store, namespaces: [config.namespace] });
  // A tiered store's dispatch loops report promoter and flusher lag and batch sizes.
  (tw.store as { setDispatchMetrics?(m: typeof metrics.dispatch): void }).setDispatchMetrics?.(metrics.dispatch);
  try {
    if (roles.includes('worker')) registerHttpTargets(tw, config, logger);
    for (const spec of config.handlers) {
      const names = await loadHandlers(tw, spec);
      logger.info({ module: spec, handlers: names }, 'handlers loaded');
    }
    tw.start();
    if (config.roles.includes('api')) {
      api = await startApiServer({
        tickwork: tw,
        host: config.host,
        port: config.port,
        logger: logger.child({ role: 'api' }),
        limits: { maxBatchSize: config.maxBatchSize },
        // What runs here: `dispatch` only where the store has a hot tier.
        roles: tw.activeRoles,
        drainTimeoutMs: config.drainTimeoutMs,
        ...(auth ? { auth } : {}),
        // The dashboard's files are public (its API calls carry the token); a scrape needs admin:read.
        routes: [metricsRoute(metrics, auth ? scrapeAuth(auth) : undefined), dashboardRoute()],
      });
      if (config.auth) logger.info(authSummary(config.auth), 'auth: bearer tokens required on every call');
      else logger.warn({ host: config.host }, 'no auth configured: the API listens on loopback only');
    }
    logger.info(
      {
        url: api?.url ?? null,
        dashboard: api ? `${api.url}/dashboard/` : null,
        metrics: api ? `${api.url}/metrics` : null,
        store: typeof store === 'string' ? store : store.kind,
        roles: api ? ['api', ...tw.activeRoles] : tw.activeRoles,
        namespace: config.namespace,
      },
      api
        ? `tickwork API at ${api.url} (gRPC, gRPC-Web, Connect); dashboard at ${api.url}/dashboard/, metrics at ${api.url}/metrics`
        : 'tickwork running (no API role)',
    );
    await untilSignal(logger);
  } finally {
    await api?.close();
    metrics.close();
    await tw.close();
    if (typeof store !== 'string') await store.close();
    logger.info('stopped');
  }
}

/** A scrape of /metrics with auth on: any namespace's token that grants `admin:read`. */
function scrapeAuth(auth: Authenticator) {
  return async (header: string | null) => authorize(await auth.authenticate(header), 'admin:read', null);
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once (a stuck drain). */
function untilSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down: draining calls and running jobs');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const force = (again: NodeJS.Signals) => {
        logger.warn({ signal: again }, 'second signal: exiting without draining');
        process.exit(130);
      };
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
