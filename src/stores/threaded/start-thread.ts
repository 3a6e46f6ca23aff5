import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../core/errors.js';
import { deserialiseError } from '../../worker/executors/error-codec.js';
import type { ResolvedSqliteOptions } from '../sqlite/sqlite-options.js';
import type { ThreadMessage } from './protocol.js';
import { storeThreadLaunch } from './thread-launch.js';

/**
 * Starts the store thread and waits until its store is open. An error opening it (a bad path, a schema
 * too new) comes back as the same typed error, and the thread is ended; a thread that dies while
 * starting is StoreUnavailableError. No thread outlives a failed start.
 */
export function startStoreThread(options: ResolvedSqliteOptions): Promise<Worker> {
  const launch = storeThreadLaunch();
  const worker = new Worker(launch.filename, { ...launch.options, workerData: options });
  return new Promise<Worker>((resolve, reject) => {
    let crash: Error | null = null;
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: ThreadMessage) => {
      if (message.id !== 0 || !('ready' in message)) return;
      cleanup();
      if (message.ready) return resolve(worker);
      void worker.terminate();
      reject(deserialiseError(message.error));
    };
    const onError = (error: Error) => void (crash ??= error);
    const onExit = (code: number) => {
      cleanup();
      reject(new StoreUnavailableError('sqlite', crash ?? new Error(`the store thread exited with code ${code}`)));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
