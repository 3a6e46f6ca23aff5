import type { Job } from '../core/job.js';
import type { Json } from '../core/json.js';

/** What a handler receives besides its payload. */
export interface JobContext<P = Json> {
  /** A snapshot of the job as claimed (attempt = this attempt's number, 1-based). */
  readonly job: Readonly<Job<P>>;
  /** Aborted when the job is cancelled, paused or deleted, its timeout passes, or the worker shuts down. */
  readonly signal: AbortSignal;
  /** Stable across every attempt of the job: use it to make side effects idempotent. */
  readonly idempotencyKey: string;
  /** Reports progress (any JSON); stored on the job and published as `job.progress`. */
  progress(value: Json): Promise<void>;
}

/** Named code that runs a job. Returns the job's result (JSON) or throws. */
export type Handler<P = Json, R = Json> = (payload: P, context: JobContext<P>) => R | Promise<R>;

/** Where a handler runs. */
export type ExecutorKind = 'async' | 'thread' | 'process';

/**
 * A handler defined by a module, for the `thread` and `process` executors (closures cannot cross a
 * thread or process boundary). The module's export is a `Handler`.
 */
export interface ModuleHandler {
  /** Absolute path or file: URL of an ES module. */
  module: string | URL;
  /** The export to call. Default `default`. */
  exportName?: string;
  executor: 'thread' | 'process';
}

/** What the worker knows of one registered handler. */
export type HandlerRegistration =
  | { name: string; executor: 'async'; run: Handler<never, unknown> }
  | { name: string; executor: 'thread' | 'process'; module: string; exportName: string };

/** One attempt handed to an executor. */
export interface ExecutionTask {
  job: Job;
  handler: HandlerRegistration;
  signal: AbortSignal;
  onProgress(value: Json): void;
}

/**
 * Runs attempts. An executor resolves with the handler's result, or rejects with what it threw (a
 * crashed thread or child process rejects with WORKER_CRASHED and never takes the caller down). It
 * stops waiting once `signal` aborts, rejecting with the signal's reason; `thread` and `process`
 * executors also stop the runaway code (terminate the thread, kill the child) after a grace period.
 */
export interface Executor {
  readonly kind: ExecutorKind;
  run(task: ExecutionTask): Promise<Json>;
  /** Waits for nothing: aborts what runs and frees threads and processes. */
  close(): Promise<void>;
}
