import type { Job } from '../../core/job.js';
import { serialisePayload, type Json } from '../../core/json.js';
import type { JobContext } from '../handler.js';

/**
 * Builds what a handler receives besides its payload, wherever it runs (in-process, in a thread, in a
 * child). `report` forwards progress; `isLive` turns progress reported after the attempt ended (a
 * handler still tidying up after an abort) into a no-op rather than a write the store would reject.
 */
export function createJobContext(
  job: Job,
  signal: AbortSignal | (() => AbortSignal),
  report: (value: Json) => void,
  isLive: () => boolean = () => true,
): JobContext {
  // Frozen, so a handler that writes to it (despite the Readonly type) cannot change the worker's job:
  // the worker freezes its own when it claims it; anything else is copied.
  const snapshot = Object.isFrozen(job) ? job : Object.freeze({ ...job });
  return {
    job: snapshot,
    // A function makes the signal lazy: built only for a handler that looks at it.
    get signal(): AbortSignal {
      return typeof signal === 'function' ? signal() : signal;
    },
    // The job id is the same for every attempt (only `attempt` changes), which is what idempotency needs.
    idempotencyKey: job.id,
    progress(value: Json): Promise<void> {
      try {
        // Checked here so the handler, not the store, hears that its progress is not JSON.
        serialisePayload(value, 'progress');
      } catch (error) {
        return Promise.reject(error);
      }
      if (isLive()) report(value === undefined ? null : value);
      return Promise.resolve();
    },
  };
}
