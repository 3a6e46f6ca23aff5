import { fork } from 'node:child_process';
import type { Json } from '../../core/json.js';
import type { ExecutionTask, Executor } from '../handler.js';
import { childLaunch } from './entry-launch.js';
import { resolvePoolOptions, type ProcessExecutorOptions } from './pool-options.js';
import { WorkerPool, type PoolStats, type SpawnWorker } from './worker-pool.js';

/**
 * Runs module handlers in a pool of child processes (`child_process.fork`): for CPU-bound or untrusted
 * handlers, and for code that may crash, leak or exhaust memory. A child that dies fails only its
 * attempt (WORKER_CRASHED) and is replaced; an aborted attempt that does not stop within the grace
 * has its child killed with SIGKILL.
 */
export class ProcessExecutor implements Executor {
  readonly kind = 'process' as const;
  private readonly pool: WorkerPool;

  constructor(options: ProcessExecutorOptions = {}) {
    const resolved = resolvePoolOptions(options);
    const memory = resolved.maxOldSpaceMb === null ? [] : [`--max-old-space-size=${resolved.maxOldSpaceMb}`];
    this.pool = new WorkerPool('process', spawnChild([...(options.execArgv ?? []), ...memory], options.env), resolved);
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

function spawnChild(execArgv: string[], env: NodeJS.ProcessEnv | undefined): SpawnWorker {
  const launch = childLaunch();
  return (events) => {
    const child = fork(launch.modulePath, [], {
      execArgv: [...launch.execArgv, ...execArgv],
      env: env ?? process.env,
      // stdin is of no use to a handler; its logs go where ours go.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    let error: Error | null = null;
    let exited = false;
    const exit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      events.exit({ code, signal, error });
    };
    child.on('message', events.message);
    child.on('error', (e) => {
      error ??= e;
      // A child that never started emits `error` and no `exit`.
      if (child.pid === undefined) exit(null, null);
    });
    child.on('exit', exit);
    return {
      id: child.pid ?? -1,
      // The callback keeps a send to a dying child from becoming an `error` event; `exit` reports it.
      send: (message) => void child.send(message, (e) => (e ? (error ??= e) : undefined)),
      kill: () => void child.kill('SIGKILL'),
      keepAlive: (busy) => {
        if (busy) {
          child.ref();
          child.channel?.ref();
        } else {
          child.unref();
          child.channel?.unref();
        }
      },
    };
  };
}
