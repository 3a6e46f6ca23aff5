import { ShuttingDownError, ValidationError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import type { ExecutionTask, Executor, Handler } from '../handler.js';
import { linkedController, raceAbort } from './abort.js';
import { createJobContext } from './job-context.js';

/**
 * Runs function handlers in this process, on the event loop. It has no pool: the worker loop already
 * bounds how many attempts run at once, and an async handler waiting on I/O costs next to nothing.
 *
 * A handler that ignores its signal cannot be stopped in-process; `run` still rejects as soon as the
 * signal aborts (see `raceAbort`). CPU-bound or untrusted handlers belong in the thread or process
 * executors, which can end runaway code.
 */
export class AsyncExecutor implements Executor {
  readonly kind = 'async' as const;
  private readonly running = new Set<AbortController>();
  private closed = false;

  async run(task: ExecutionTask): Promise<Json> {
    if (this.closed) throw new ShuttingDownError();
    const { handler } = task;
    if (handler.executor !== 'async') {
      throw new ValidationError('handler', `"${handler.name}" runs in a ${handler.executor}, not in-process`);
    }
    task.signal.throwIfAborted();
    // The handler's signal is the caller's plus our shutdown; linked lazily, because most handlers
    // finish without looking at it and two listeners per attempt are a real share of a trivial job.
    const state: { linked: ReturnType<typeof linkedController> | null } = { linked: null };
    const link = (): AbortController => {
      if (!state.linked) {
        state.linked = linkedController(task.signal);
        this.running.add(state.linked.controller);
      }
      return state.linked.controller;
    };
    let live = true;
    const context = createJobContext(
      task.job,
      () => link().signal,
      (value) => task.onProgress(value),
      () => live,
    );
    const run = handler.run as Handler<Json, unknown>;
    try {
      const value = run(task.job.payload, context);
      // A synchronous result is final: there is nothing left to race against an abort.
      if (!isThenable(value)) return (value ?? null) as Json;
      const result = await raceAbort(Promise.resolve(value), link().signal);
      return (result ?? null) as Json;
    } finally {
      live = false;
      if (state.linked) {
        const { controller, unlink } = state.linked;
        unlink();
        this.running.delete(controller);
      }
    }
  }

  /** Aborts every running handler with a ShuttingDownError; their `run` calls reject at once. */
  async close(): Promise<void> {
    this.closed = true;
    const reason = new ShuttingDownError();
    for (const controller of this.running) controller.abort(reason);
    this.running.clear();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
