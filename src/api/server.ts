import type http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { Code, ConnectError } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import type { Logger } from 'pino';
import type { Tickwork } from '../tickwork/tickwork.js';
import { DEFAULT_API_LIMITS, type ApiContext, type ApiLimits } from './context.js';
import { createDualProtocolServer } from './dual-protocol.js';
import { authInterceptor, type Authenticator } from './auth/index.js';
import { errorInterceptor } from './error-interceptor.js';
import type { HttpRoute } from './http-route.js';
import { NamespaceScopes } from './namespaces.js';
import { registerRoutes } from './routes.js';
import { WorkerDirectory } from './workers/directory.js';
import { tickworkVersion } from './version.js';

/** Options for the API server. Defaults in brackets. */
export interface ApiServerOptions {
  /** The instance to serve; the server never closes it (its opener does). */
  tickwork: Tickwork;
  /** [`127.0.0.1`: without auth, loopback only] */
  host?: string;
  /** [7420]; 0 picks a free port (see `ApiServer.port`). */
  port?: number;
  /** [the instance's logger, child `api`] */
  logger?: Logger;
  limits?: Partial<ApiLimits>;
  /**
   * Largest request message in bytes, checked before decoding (RESOURCE_EXHAUSTED). Payloads have their
   * own, smaller limit (the instance's maxPayloadBytes); this one bounds whole batches. [64 MiB]
   */
  readMaxBytes?: number;
  /** The roles this process runs besides `api`, for health and version. [the instance's] */
  roles?: string[];
  /** How long close() lets calls in flight finish before cutting connections. [10 s] */
  drainTimeoutMs?: number;
  /** Bearer-token auth for every RPC (src/api/auth). [none: every call is allowed] */
  auth?: Authenticator;
  /** Plain HTTP routes tried in order before the Connect services (the dashboard, /metrics). [none] */
  routes?: HttpRoute[];
}

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`: the base URL for every protocol (gRPC, gRPC-Web, Connect). */
  readonly url: string;
  /** Stops accepting, ends streams, lets unary calls in flight finish (within the drain timeout), closes. */
  close(): Promise<void>;
}

/**
 * Serves the tickwork API — gRPC, gRPC-Web and Connect (JSON and binary) — on one port, over HTTP/2
 * cleartext (h2c, what gRPC clients speak) and HTTP/1.1 (curl, browsers) alike, told apart by the
 * connection preface (dual-protocol.ts).
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const tw = options.tickwork;
  const logger = options.logger ?? tw.logger.child({ role: 'api' });
  const shutdown = new AbortController();
  let draining = false;
  const scopes = new NamespaceScopes(tw);
  const ctx: ApiContext = {
    scopes,
    logger,
    limits: { ...DEFAULT_API_LIMITS, ...options.limits },
    version: tickworkVersion(),
    roles: ['api', ...(options.roles ?? tw.activeRoles)],
    workers: new WorkerDirectory(),
    isDraining: () => draining,
  };
  const handler = connectNodeAdapter({
    routes: (router) => registerRoutes(router, ctx),
    // The error interceptor is outermost, so auth's typed errors are mapped like any other.
    interceptors: [errorInterceptor(logger), ...(options.auth ? [authInterceptor(options.auth)] : [])],
    readMaxBytes: options.readMaxBytes ?? 64 * 1024 * 1024,
    shutdownSignal: shutdown.signal,
  });

  const routes = options.routes ?? [];
  // Calls in flight, so close() can wait for them; sockets, so it can end the idle ones.
  let inFlight = 0;
  let idle: (() => void) | null = null;
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const dual = createDualProtocolServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
    for (const route of routes) if (route(req, res)) return;
    handler(req, res);
  });
  const server = dual.listener;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  dual.http2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  // A client's protocol error must not take the process down.
  dual.http2.on('sessionError', (err) => logger.debug({ err }, 'HTTP/2 session error'));
  dual.http1.on('clientError', (err, socket) => {
    logger.debug({ err }, 'HTTP/1 client error');
    socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7420, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'API server error'));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Streams (Subscribe, WatchJob) never finish on their own: end them now, with a retryable status.
      shutdown.abort(new ConnectError('the server is shutting down', Code.Unavailable));
      const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      const timeout = options.drainTimeoutMs ?? 10_000;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
      clearTimeout(timer);
      for (const session of sessions) session.close();
      for (const socket of sockets) socket.destroy();
      await closed;
      await scopes.close();
    })();
    return closing;
  };

  return { host, port, url, close };
}
