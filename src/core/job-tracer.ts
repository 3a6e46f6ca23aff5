import type { Job, NewJob } from './job.js';

/** An enqueue being traced: the context to store with the job, and the end of its span. */
export interface EnqueueTrace {
  /** The W3C `traceparent` to store with the job; null when nothing is recorded. */
  traceparent: string | null;
  end(error?: unknown): void;
}

/**
 * Tracing hooks (src/observability/tracing implements them with OpenTelemetry): a span per enqueue
 * whose context is stored with the job, and a span per attempt, child of that context, made active
 * while the handler runs so the handler's own spans join the caller's trace.
 */
export interface JobTracer {
  enqueue(job: NewJob): EnqueueTrace;
  /** Runs one attempt of `job` inside its span. */
  runAttempt<T>(job: Job, run: () => Promise<T>): Promise<T>;
}
