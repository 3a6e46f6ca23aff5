/**
 * The thread or child side of an executor: receives `run` and `abort` messages, loads handler modules
 * on demand, runs one attempt at a time and reports progress, result or error. The two entry scripts
 * only adapt their transport (a MessagePort, an IPC channel) to `send` and `listen`.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TickworkError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import type { Handler } from '../handler.js';
import { deserialiseError, serialiseError } from './error-codec.js';
import { createJobContext } from './job-context.js';
import { isToWorker, type FromWorker, type ToWorker } from './protocol.js';

export interface WorkerTransport {
  send(message: FromWorker): void;
  listen(onMessage: (message: unknown) => void): void;
}

export function serveTasks(transport: WorkerTransport): void {
  let current: { id: number; controller: AbortController } | null = null;

  const run = async (message: Extract<ToWorker, { type: 'run' }>): Promise<void> => {
    const controller = new AbortController();
    current = { id: message.id, controller };
    const isLive = (): boolean => current?.id === message.id && !controller.signal.aborted;
    try {
      const handler = await loadHandler(message.module, message.exportName);
      const context = createJobContext(
        message.job,
        controller.signal,
        (value) => transport.send({ type: 'progress', id: message.id, value }),
        isLive,
      );
      const result = await handler(message.job.payload, context);
      transport.send({ type: 'result', id: message.id, value: toJsonResult(result) });
    } catch (error) {
      transport.send({ type: 'error', id: message.id, error: serialiseError(error) });
    } finally {
      current = null;
    }
  };

  transport.listen((message) => {
    if (!isToWorker(message)) return;
    if (message.type === 'run') void run(message);
    else if (message.type === 'abort' && current?.id === message.id) {
      current.controller.abort(deserialiseError(message.reason));
    }
  });
  transport.send({ type: 'ready' });
}

/** `import()` caches modules, so a handler module is evaluated once per thread or child. */
async function loadHandler(module: string, exportName: string): Promise<Handler<Json, unknown>> {
  const url = module.startsWith('file:') ? module : pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
  const exports = (await import(url)) as Record<string, unknown>;
  const handler = exports[exportName];
  if (typeof handler !== 'function') {
    throw new TickworkError('UNKNOWN_HANDLER', `${module}: export "${exportName}" is not a function`, {
      field: 'handler',
      details: { module, exportName },
    });
  }
  return handler as Handler<Json, unknown>;
}

/**
 * Results travel as JSON whatever the transport, so a thread (structured clone, which would pass a
 * Map or a Date through) and a child (JSON) hand back the same value; a result JSON cannot express
 * fails the attempt here, where the handler's stack still makes sense.
 */
function toJsonResult(result: unknown): Json {
  if (result === undefined) return null;
  const text = JSON.stringify(result);
  return text === undefined ? null : (JSON.parse(text) as Json);
}
