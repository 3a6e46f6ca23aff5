import { Worker } from 'node:worker_threads';
import type { Json } from '../../core/json.js';
import type { ExecutionTask, Executor } from '../handler.js';
import { threadLaunch } from './entry-launch.js';
import { resolvePoolOptions, type PoolExecutorOptions, type ResolvedPoolOptions } from './pool-options.js';
import { WorkerPool, type PoolStats, type SpawnWorker } from './worker-pool.js';

/**
 * Runs module handlers in a pool of worker threads: for CPU-bound work that must not block the event
 * loop. A thread shares the process, so a native crash or an exhausted process still takes everything
 * down; `process` isolates fully. An aborted attempt whose handler does not stop within the grace has
 * its thread terminated (V8 interrupts even a tight loop) and replaced.
 */
export class ThreadExecutor implements Executor {
  readonly kind = 'thread' as const;
  private readonly pool: WorkerPool;

  constructor(options: PoolExecutorOptions = {}) {
    const resolved = resolvePoolOptions(options);
    this.pool = new WorkerPool('thread', spawnThread(resolved), resolved);
  }

  run(task: ExecutionTask): Promise<Json> {
    return this.pool.run(task);
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function spawnThread(options: ResolvedPoolOptions): SpawnWorker {
  const launch = threadLaunch();
  return (events) => {
    const worker = new Worker(launch.filename, {
      ...launch.options,
      ...(options.maxOldSpaceMb === null ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.maxOldSpaceMb } }),
    });
    let error: Error | null = null;
    worker.on('message', events.message);
    // An uncaught error (or running out of memory) ends the thread; `exit` follows and reports it.
    worker.on('error', (e) => (error ??= e));
    worker.on('exit', (code) => events.exit({ code, signal: null, error }));
    return {
      id: worker.threadId,
      send: (message) => worker.postMessage(message),
      kill: () => void worker.terminate(),
      keepAlive: (busy) => (busy ? worker.ref() : worker.unref()),
    };
  };
}
