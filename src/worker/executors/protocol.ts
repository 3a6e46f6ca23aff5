/**
 * The messages between an executor and its threads or child processes. Both transports carry the
 * same shapes; everything in them is plain JSON so the child's IPC channel (JSON serialisation) and a
 * thread's structured clone deliver the same values.
 */
import type { Job } from '../../core/job.js';
import type { Json } from '../../core/json.js';
import type { SerialisedError } from './error-codec.js';

/** Parent → thread or child. */
export type ToWorker =
  /** Run one attempt. The pool sends a `run` only to a worker that has said `ready` and is idle. */
  | { type: 'run'; id: number; job: Job; module: string; exportName: string }
  /** Abort the attempt `id`: its handler's signal aborts with `reason`. */
  | { type: 'abort'; id: number; reason: SerialisedError };

/** Thread or child → parent. `id` names the attempt, so a late message about an old one is ignored. */
export type FromWorker =
  /** Sent once, after the entry listens: messages sent earlier could be lost on a child's IPC channel. */
  | { type: 'ready' }
  | { type: 'progress'; id: number; value: Json }
  | { type: 'result'; id: number; value: Json }
  | { type: 'error'; id: number; error: SerialisedError };

/** A message from the other side, checked just enough that a stray message cannot break the pool. */
export function isFromWorker(message: unknown): message is FromWorker {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

export function isToWorker(message: unknown): message is ToWorker {
  return isFromWorker(message);
}
