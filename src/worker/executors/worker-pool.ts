/**
 * A pool of threads or child processes, each running one attempt at a time. The thread and process
 * executors differ only in how a worker is started and ended (`SpawnWorker`); the scheduling, abort,
 * crash and recycling rules live here once.
 *
 * A slot's life: starting ──ready──▶ idle ⇄ busy ──▶ retiring ──exit──▶ gone. A slot stays busy after
 * its attempt was aborted (the caller has already been answered) until the handler settles or the
 * grace passes and the worker is killed: runaway code still occupies a CPU, so it still counts.
 */
import { ShuttingDownError, ValidationError } from '../../core/errors.js';
import { crashError, describeExit, type WorkerExit } from './crash-error.js';
import type { Json } from '../../core/json.js';
import type { ExecutionTask } from '../handler.js';
import { deserialiseError, serialiseError } from './error-codec.js';
import type { ResolvedPoolOptions } from './pool-options.js';
import { isFromWorker, type ToWorker } from './protocol.js';

/** One thread or child process as the pool drives it. */
export interface PoolWorker {
  /** The thread id or process id. */
  readonly id: number;
  send(message: ToWorker): void;
  /** Ends it now, whatever it is doing; `exit` follows. */
  kill(): void;
  /** Whether it keeps the parent's event loop alive: only while it has work. */
  keepAlive(busy: boolean): void;
}

/** Starts a worker; `exit` must be called exactly once, after the worker is gone. */
export type SpawnWorker = (events: { message(message: unknown): void; exit(info: WorkerExit): void }) => PoolWorker;

export interface PoolStats {
  /** Threads or processes alive now. */
  workers: number;
  /** Of those, running an attempt (or still stopping an aborted one). */
  busy: number;
  /** Attempts waiting for a free worker. */
  queued: number;
  /** Workers that died on their own (crash, exit, out of memory) since the pool started. */
  crashed: number;
  /** Workers killed because an aborted attempt outlived the grace. */
  killed: number;
}

interface Attempt {
  readonly id: number;
  readonly task: ExecutionTask;
  readonly module: string;
  readonly exportName: string;
  slot: Slot | null;
  settled: boolean;
  resolve(value: Json): void;
  reject(error: unknown): void;
  onAbort(): void;
}

interface Slot {
  worker: PoolWorker;
  state: 'starting' | 'idle' | 'busy' | 'retiring';
  attempt: Attempt | null;
  runs: number;
  graceTimer: NodeJS.Timeout | null;
  exited: Promise<void>;
  markExited(): void;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Attempt[] = [];
  private nextId = 0;
  private closed = false;
  private crashed = 0;
  private killed = 0;

  constructor(
    private readonly label: 'thread' | 'process',
    private readonly spawn: SpawnWorker,
    private readonly options: ResolvedPoolOptions,
  ) {}

  run(task: ExecutionTask): Promise<Json> {
    if (this.closed) return Promise.reject(new ShuttingDownError());
    const handler = task.handler;
    if (handler.executor === 'async') {
      const problem = `"${handler.name}" is a function; the ${this.label} executor runs module handlers`;
      return Promise.reject(new ValidationError('handler', problem));
    }
    if (task.signal.aborted) return Promise.reject(task.signal.reason as unknown);
    return new Promise<Json>((resolve, reject) => {
      const attempt: Attempt = {
        id: ++this.nextId,
        task,
        module: handler.module,
        exportName: handler.exportName,
        slot: null,
        settled: false,
        resolve,
        reject,
        onAbort: () => this.abort(attempt, task.signal.reason),
      };
      task.signal.addEventListener('abort', attempt.onAbort, { once: true });
      this.queue.push(attempt);
      this.pump();
    });
  }

  stats(): PoolStats {
    const busy = [...this.slots].filter((slot) => slot.state === 'busy').length;
    return { workers: this.slots.size, busy, queued: this.queue.length, crashed: this.crashed, killed: this.killed };
  }

  /**
   * Rejects queued and running attempts with ShuttingDownError, aborts running handlers, ends idle
   * workers now and busy ones once their handler stops (at most the grace later); resolves when every
   * thread or process is gone.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      const reason = new ShuttingDownError();
      for (const attempt of this.queue.splice(0)) this.settle(attempt, { error: reason });
      for (const slot of this.slots) {
        if (slot.attempt && !slot.attempt.settled) this.abort(slot.attempt, reason);
        else if (slot.state === 'idle' || slot.state === 'starting') this.retire(slot);
      }
    }
    await Promise.all([...this.slots].map((slot) => slot.exited));
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = [...this.slots].find((slot) => slot.state === 'idle');
      if (idle) {
        this.assign(idle, this.queue.shift()!);
        continue;
      }
      const live = [...this.slots].filter((slot) => slot.state !== 'retiring');
      const starting = live.filter((slot) => slot.state === 'starting').length;
      if (live.length >= this.options.size || starting >= this.queue.length) return;
      this.start();
    }
  }

  private start(): void {
    // Worker events are never emitted synchronously from `spawn`, so `slot` is set before they fire.
    let slot: Slot | null = null;
    let worker: PoolWorker;
    try {
      worker = this.spawn({
        message: (message) => slot && this.onMessage(slot, message),
        exit: (info) => slot && this.onExit(slot, info),
      });
    } catch (error) {
      // Cannot start a worker at all (no memory, no file descriptors): fail one waiting attempt rather
      // than spin, and let the next `run` try again.
      const attempt = this.queue.shift();
      if (attempt)
        this.settle(attempt, { error: crashError(this.label, null, attempt.task.job, 'could not be started', error) });
      return;
    }
    let markExited: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    slot = { worker, state: 'starting', attempt: null, runs: 0, graceTimer: null, exited, markExited };
    this.slots.add(slot);
    worker.keepAlive(true);
  }

  private assign(slot: Slot, attempt: Attempt): void {
    slot.state = 'busy';
    slot.attempt = attempt;
    attempt.slot = slot;
    slot.worker.keepAlive(true);
    const { id, task, module, exportName } = attempt;
    this.send(slot, { type: 'run', id, job: task.job, module, exportName });
  }

  private onMessage(slot: Slot, message: unknown): void {
    if (!isFromWorker(message)) return;
    const attempt = slot.attempt;
    switch (message.type) {
      case 'ready':
        if (slot.state !== 'starting') return;
        slot.state = 'idle';
        slot.worker.keepAlive(false);
        if (this.closed) this.retire(slot);
        else this.pump();
        return;
      case 'progress':
        if (attempt?.id !== message.id || attempt.settled) return;
        try {
          attempt.task.onProgress(message.value);
        } catch {
          // Progress is best effort, and a throw here would surface as an uncaught error in the parent.
        }
        return;
      case 'result':
      case 'error':
        if (attempt?.id !== message.id) return;
        this.settle(
          attempt,
          message.type === 'result' ? { value: message.value } : { error: deserialiseError(message.error) },
        );
        this.finish(slot);
        return;
    }
  }

  /** The attempt on `slot` is over (its handler settled): reuse, recycle or, when closing, end the worker. */
  private finish(slot: Slot): void {
    if (slot.graceTimer) clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
    slot.attempt = null;
    slot.runs += 1;
    if (this.closed || slot.runs >= this.options.maxTasksPerWorker) this.retire(slot);
    else {
      slot.state = 'idle';
      slot.worker.keepAlive(false);
    }
    this.pump();
  }

  private abort(attempt: Attempt, reason: unknown): void {
    if (attempt.settled) return;
    this.settle(attempt, { error: reason });
    const slot = attempt.slot;
    if (!slot) {
      this.queue.splice(this.queue.indexOf(attempt), 1);
      return;
    }
    this.send(slot, { type: 'abort', id: attempt.id, reason: serialiseError(reason) });
    // Not unref'd on purpose: if the parent could exit first, a child stuck in a CPU loop would never
    // notice its IPC channel closing and would outlive us.
    slot.graceTimer ??= setTimeout(() => {
      this.killed += 1;
      this.retire(slot);
    }, this.options.abortGraceMs);
  }

  private retire(slot: Slot): void {
    if (slot.state === 'retiring') return;
    slot.state = 'retiring';
    // Referenced until it is gone: otherwise a parent with nothing else to do could exit while a
    // caller still awaits `close()`, and the kill would never be confirmed.
    slot.worker.keepAlive(true);
    slot.worker.kill();
  }

  private onExit(slot: Slot, info: WorkerExit): void {
    if (slot.graceTimer) clearTimeout(slot.graceTimer);
    this.slots.delete(slot);
    const attempt = slot.attempt;
    const expected = slot.state === 'retiring';
    if (!expected) this.crashed += 1;
    if (attempt && !attempt.settled) {
      this.settle(attempt, {
        error: crashError(this.label, slot.worker.id, attempt.task.job, describeExit(info), info.error),
      });
    } else if (slot.state === 'starting' && !this.closed) {
      // It died before it could serve (a broken entry, a missing loader): fail one waiting attempt so
      // a pool that cannot start workers reports it instead of respawning in a loop.
      const waiting = this.queue.shift();
      if (waiting)
        this.settle(waiting, {
          error: crashError(
            this.label,
            slot.worker.id,
            waiting.task.job,
            `failed to start: ${describeExit(info)}`,
            info.error,
          ),
        });
    }
    slot.markExited();
    this.pump();
  }

  private send(slot: Slot, message: ToWorker): void {
    try {
      slot.worker.send(message);
    } catch {
      // The worker is already going (a closed channel): its `exit` is on the way and reports the attempt.
    }
  }

  private settle(attempt: Attempt, outcome: { value: Json } | { error: unknown }): void {
    if (attempt.settled) return;
    attempt.settled = true;
    attempt.task.signal.removeEventListener('abort', attempt.onAbort);
    if ('value' in outcome) attempt.resolve(outcome.value);
    else attempt.reject(outcome.error);
  }
}
