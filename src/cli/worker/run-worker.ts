import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { RemoteWorker } from '../../remote-worker/remote-worker.js';
import type { HandlerDefinition } from '../../worker/handler-registry.js';
import type { Handler, ModuleHandler } from '../../worker/handler.js';
import { usageError } from '../cli-error.js';
import { loadHandlers, type HandlerSink } from '../serve/load-handlers.js';

export interface RunWorkerOptions {
  server: string;
  namespace?: string;
  token?: string;
  handlers: string[];
  concurrency: number;
  queues?: string[];
  workerId?: string;
  logLevel: string;
  drainTimeout?: number;
}

/**
 * Loads the handler modules, connects to the server as a remote worker, and runs until SIGINT/SIGTERM,
 * then drains (running jobs finish and are reported) and exits; a second signal exits at once.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const logger = pino({ name: 'tickwork-worker', level: options.logLevel });
  const handlers = new Map<string, Handler<never, unknown>>();
  const sink: HandlerSink = {
    handle(name, handler) {
      handlers.set(name, typeof handler === 'function' ? handler : moduleHandler(handler));
    },
    register(...definitions: HandlerDefinition<never, unknown>[]) {
      for (const d of definitions) this.handle(d.name, d.run as Handler<never, unknown> | ModuleHandler);
    },
  };
  for (const spec of options.handlers) await loadHandlers(sink, spec);
  if (handlers.size === 0) throw usageError('--handlers: the modules registered no handlers');
  const worker = new RemoteWorker({
    server: options.server,
    handlers,
    concurrency: options.concurrency,
    logger,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.queues ? { queues: options.queues } : {}),
    ...(options.workerId ? { workerId: options.workerId } : {}),
    ...(options.drainTimeout !== undefined ? { drainTimeoutMs: options.drainTimeout } : {}),
  });
  logger.info(
    {
      server: options.server,
      workerId: worker.workerId,
      handlers: [...handlers.keys()],
      concurrency: options.concurrency,
    },
    'tickwork worker starting',
  );
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'draining: finishing running jobs');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(130));
    void worker.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await worker.run();
  logger.info('stopped');
}

/**
 * A thread/process handler definition runs in this process here: a remote worker is already out of
 * the server's process, and its own concurrency bounds it.
 */
function moduleHandler(m: ModuleHandler): Handler<never, unknown> {
  let loaded: Promise<Handler<never, unknown>> | null = null;
  return async (payload, ctx) => {
    loaded ??= import(
      typeof m.module === 'string' && !m.module.startsWith('file:') ? pathToFileURL(m.module).href : String(m.module)
    ).then((mod: Record<string, unknown>) => mod[m.exportName ?? 'default'] as Handler<never, unknown>);
    return (await loaded)(payload, ctx);
  };
}
