import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the commit path. By default SQLite checkpoints inside the commit that crosses
 * 1000 WAL pages: that commit copies the pages into the database file and fsyncs it, and stalls for
 * 10–20 ms on the 2-core test machine — the p99 of a store call, and so of fire lateness. Here the
 * store's connection never checkpoints on its own (`wal_autocheckpoint = 0`); a second connection in a
 * small worker thread runs PASSIVE checkpoints, which copy committed pages while the store keeps
 * writing. Measured with test/stores/bench-sqlite.ts: round-trip p99 13 ms → 0.7 ms.
 *
 * PASSIVE alone never lets a store that never pauses restart its WAL (a writer restarts the log only
 * when every frame is already in the database file, and frames keep arriving while a checkpoint runs),
 * so the log would grow without end: 518 MiB after 300k jobs. Once a PASSIVE checkpoint reports more
 * than `restartFrames` in the log, the store's own connection runs a RESTART checkpoint between two
 * steps: it copies only what arrived since (the thread did the rest), fsyncs and resets the log — a
 * short stall, once per `restartFrames` pages. `journal_size_limit` then trims the file.
 *
 * No timers, and no reliance on the event loop turning (a caller may run store calls back to back):
 * the store calls `committed()` after each write step; the thread's state is shared memory read
 * synchronously; every `everyCommits`-th step asks for a checkpoint unless one is running. The thread
 * is plain JavaScript needing only better-sqlite3, so it starts the same from source and from `dist`.
 */
export interface CheckpointerOptions {
  /** Write steps between checkpoint requests. */
  everyCommits: number;
  /** WAL frames (pages) past which the store's connection restarts the log. */
  restartFrames: number;
  busyTimeoutMs: number;
  /** Runs a RESTART checkpoint on the store's connection (between two steps). */
  restart: () => void;
}

/** Slots of the shared state. */
const RUNNING = 0;
const LOG_FRAMES = 1;
const DONE = 2;
const FAILED = 3;

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.path);
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try {
    const result = db.pragma('wal_checkpoint(PASSIVE)')[0];
    Atomics.store(state, ${LOG_FRAMES}, result.log);
  } catch (error) {
    Atomics.add(state, ${FAILED}, 1);
  }
  Atomics.add(state, ${DONE}, 1);
  Atomics.store(state, ${RUNNING}, 0);
});
`;

export class Checkpointer {
  private commits = 0;
  /** The DONE count when the log was last judged for a restart. */
  private judged = 0;
  private closing: Promise<void> | null = null;
  private exited = false;
  restarts = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly state: Int32Array,
    private readonly options: CheckpointerOptions,
  ) {}

  static start(path: string, options: CheckpointerOptions): Checkpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const state = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: { driver, path, busyTimeoutMs: options.busyTimeoutMs, state: state.buffer },
    });
    const checkpointer = new Checkpointer(worker, state, options);
    worker.unref();
    // A checkpointer that dies costs latency, never data: the WAL keeps every commit, and the store
    // falls back to restarting the log itself.
    worker.on('error', () => Atomics.store(checkpointer.state, FAILED, 1));
    worker.on('exit', () => {
      checkpointer.exited = true;
      Atomics.store(checkpointer.state, RUNNING, 0);
    });
    return checkpointer;
  }

  /** Checkpoints completed and failed, for tests and diagnostics. */
  get stats(): { done: number; failed: number; logFrames: number; restarts: number } {
    const s = this.state;
    return {
      done: Atomics.load(s, DONE),
      failed: Atomics.load(s, FAILED),
      logFrames: Atomics.load(s, LOG_FRAMES),
      restarts: this.restarts,
    };
  }

  /** Called after every committed write step, outside any transaction. */
  committed(): void {
    if (this.closing) return;
    const running = Atomics.load(this.state, RUNNING) === 1;
    const done = Atomics.load(this.state, DONE);
    if (!running && done !== this.judged) {
      this.judged = done;
      if (Atomics.load(this.state, LOG_FRAMES) > this.options.restartFrames) {
        this.restarts++;
        this.options.restart();
      }
    }
    if (++this.commits < this.options.everyCommits || running) return;
    this.commits = 0;
    if (this.exited) {
      this.options.restart(); // no thread: checkpoint here, as SQLite would have
      return;
    }
    Atomics.store(this.state, RUNNING, 1);
    this.worker.postMessage('checkpoint');
  }

  /** Closes the thread's connection and ends the thread. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      this.worker.ref(); // the thread ends on its own; hold the process open until it has
      this.worker.once('exit', () => resolve());
      this.worker.postMessage('close');
    });
    return this.closing;
  }
}
