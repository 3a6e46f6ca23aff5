/**
 * What the benchmark asks of each system under test, so that every phase runs the same code against
 * BullMQ and against each tickwork mode. A "queue" is a fresh name per phase (a BullMQ queue, a
 * tickwork namespace), so phases never see each other's jobs.
 */

/** One job to submit: the 100-byte payload and, for delayed jobs, the epoch ms it is due. */
export interface Submission {
  payload: BenchPayload;
  due: number | null;
}

/** Exactly 100 bytes of JSON (see payload.ts); `due` lets a handler measure lateness without lookups. */
export interface BenchPayload {
  due: number;
  pad: string;
}

export interface RunningWorker {
  /** Stops taking jobs and closes the worker's connections. */
  stop(): Promise<void>;
}

export interface BenchSystem {
  readonly name: string;
  /**
   * Submits in batches of 1000, one batch at a time, starting no batch after `until` (epoch ms).
   * Resolves with how many jobs it submitted.
   */
  bulkEnqueue(queue: string, jobs: Submission[], until?: number): Promise<number>;
  /** Submits one job per call, `inFlight` calls outstanding at any moment, none started after `until`. */
  singleEnqueue(queue: string, jobs: Submission[], inFlight: number, until?: number): Promise<number>;
  /** Runs a worker on `queue`; `onJob` is called as each handler starts. */
  work(queue: string, concurrency: number, onJob: (payload: BenchPayload) => void): Promise<RunningWorker>;
  /** How many jobs of `queue` have finished successfully (the system's own count). */
  completed(queue: string): Promise<number>;
  /** Frees what `queue` holds where it costs memory (Redis). */
  drop(queue: string): Promise<void>;
  close(): Promise<void>;
}
