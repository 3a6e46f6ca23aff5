/** Executors: where an attempt runs (in-process, in a worker thread, in a child process). */
import type { Executor, ExecutorKind } from '../handler.js';
import { AsyncExecutor } from './async-executor.js';
import type { ProcessExecutorOptions } from './pool-options.js';
import { ProcessExecutor } from './process-executor.js';
import { ThreadExecutor } from './thread-executor.js';

export { AsyncExecutor } from './async-executor.js';
export { ThreadExecutor } from './thread-executor.js';
export { ProcessExecutor } from './process-executor.js';
export type { PoolExecutorOptions, ProcessExecutorOptions } from './pool-options.js';
export type { PoolStats } from './worker-pool.js';
export { serialiseError, deserialiseError, type SerialisedError } from './error-codec.js';

/** Options for `createExecutor`; the async executor takes none, the thread executor ignores the process-only ones. */
export type ExecutorOptions = ProcessExecutorOptions;

export function createExecutor(kind: ExecutorKind, options: ExecutorOptions = {}): Executor {
  switch (kind) {
    case 'async':
      return new AsyncExecutor();
    case 'thread': {
      const { execArgv: _execArgv, env: _env, ...threadOptions } = options;
      return new ThreadExecutor(threadOptions);
    }
    case 'process':
      return new ProcessExecutor(options);
  }
}
