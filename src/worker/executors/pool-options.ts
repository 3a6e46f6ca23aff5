import { availableParallelism } from 'node:os';
import { toMs, type Duration } from '../../core/duration.js';
import { ValidationError } from '../../core/errors.js';

/** Options shared by the `thread` and `process` executors. All optional. */
export interface PoolExecutorOptions {
  /** Threads (or child processes) at most, each running one attempt at a time. Default: `os.availableParallelism()`. */
  size?: number;
  /**
   * How long an aborted attempt may take to stop after its handler's signal aborts, before its thread
   * is terminated (or its child killed with SIGKILL) and replaced. Default `'5s'`.
   */
  abortGrace?: Duration;
  /** Replace a thread or child after it has run this many attempts (bounds leaks in handler code). Default: never. */
  maxTasksPerWorker?: number;
  /**
   * V8 old-space cap per thread or child, in MB: `resourceLimits.maxOldGenerationSizeMb` for a thread,
   * `--max-old-space-size` for a child. A worker that runs out fails its attempt with WORKER_CRASHED
   * and is replaced. Default: Node's own limit.
   */
  maxOldSpaceMb?: number;
}

/** Options of the `process` executor. */
export interface ProcessExecutorOptions extends PoolExecutorOptions {
  /** Extra Node flags for each child (`--enable-source-maps`). Default: none (the parent's are not inherited). */
  execArgv?: string[];
  /** Each child's environment. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedPoolOptions {
  size: number;
  abortGraceMs: number;
  maxTasksPerWorker: number;
  maxOldSpaceMb: number | null;
}

export function resolvePoolOptions(options: PoolExecutorOptions = {}): ResolvedPoolOptions {
  return {
    size: positiveInteger(options.size, 'size') ?? availableParallelism(),
    abortGraceMs: toMs(options.abortGrace ?? '5s', 'abortGrace'),
    maxTasksPerWorker: positiveInteger(options.maxTasksPerWorker, 'maxTasksPerWorker') ?? Number.POSITIVE_INFINITY,
    maxOldSpaceMb: positiveInteger(options.maxOldSpaceMb, 'maxOldSpaceMb'),
  };
}

function positiveInteger(value: number | undefined, field: string): number | null {
  if (value === undefined) return null;
  if (value === Number.POSITIVE_INFINITY && field === 'maxTasksPerWorker') return value;
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(field, `${value} is not a positive integer`);
  return value;
}
