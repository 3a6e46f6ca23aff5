import type { JobTracer } from '../core/job-tracer.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DEFAULT_BACKOFF } from '../core/backoff.js';
import { toMs, type Duration } from '../core/duration.js';
import { resolveBackoff, type BackoffInput, type JobDefaults } from '../core/job-input.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../core/json.js';
import { parseInput } from '../core/validate.js';
import type { Store } from '../stores/store.js';

/** `dispatch`: the promoter, flusher and reconciler of the distributed mode (PostgreSQL + Redis). */
export type Role = 'scheduler' | 'worker' | 'dispatch';

/** Options for a Tickwork instance. All optional; defaults in brackets. */
export interface TickworkOptions {
  /**
   * A Store, the path of an SQLite file (`:memory:` for a throwaway one), or a PostgreSQL URL
   * (`postgres://…`; migrated on open). [`./tickwork.db`]
   */
  store?: Store | string;
  /** With a PostgreSQL store: a Redis URL for the hot tier (the distributed mode's fast path). [none] */
  redis?: string;
  /** With `redis`: when a submission is acknowledged (see TieredStore). [`store-first`] */
  durability?: 'store-first' | 'hot-first';
  /** With `redis`: jobs due within this time live in Redis. [`5m`] */
  horizon?: Duration;
  /** What this process does besides accepting calls. [both] */
  roles?: Role[];
  /** The tenant every call of this instance is scoped to. [`default`] */
  namespace?: string;
  /** A pino logger, or false for silence. [pino at level TICKWORK_LOG_LEVEL or `info`] */
  logger?: Logger | false;
  /** Traces enqueues and attempts (`await openTelemetryTracer()`). [none] */
  tracer?: JobTracer | null;
  /** Largest accepted payload, serialised. [1 MiB] */
  maxPayloadBytes?: number;
  /** How long `stop()` lets running jobs finish before aborting them. [30 s] */
  drainTimeout?: Duration;
  /** Enqueueing a handler this instance has not registered fails, when it runs workers. [true] */
  requireKnownHandlers?: boolean;
  jobDefaults?: {
    /** [`default`] */
    queue?: string;
    /** [3] */
    maxAttempts?: number;
    /** [exponential from 1 s, capped at 1 h] */
    backoff?: BackoffInput;
    /** [none] */
    timeout?: Duration;
  };
  worker?: {
    /** Jobs run at once, over every queue, when `queues` is not given. [10] */
    concurrency?: number;
    /** Serve only these queues, each with its own concurrency: `{ default: 10, reports: 2 }`. [every queue] */
    queues?: Record<string, number>;
    /** Serve every namespace, not just this instance's (a shared worker pool). [false] */
    allNamespaces?: boolean;
    /** How long a claim holds without a heartbeat. [30 s] */
    lease?: Duration;
    /** [a third of the lease] */
    heartbeat?: Duration;
    /** How often expired leases are looked for. [5 s] */
    reapInterval?: Duration;
    /**
     * Claim jobs due within this window ahead of time and start each at its runAt from an in-memory
     * timer, so starts are not late by a claim's cost. Such a job shows as running (leased) from its
     * claim. 0 claims due jobs only. [100 ms]
     */
    prefetch?: Duration;
    /** Threads in the `thread` executor's pool. [cores] */
    threads?: number;
    /** Child processes in the `process` executor's pool. [cores] */
    processes?: number;
  };
  scheduler?: {
    /** [30 s] */
    lease?: Duration;
    /** Schedules handled per step. [500] */
    batchSize?: number;
    /**
     * Fires due within this window are written ahead as scheduled jobs, so that they start on time even
     * when a thousand schedules fire at once. Overlap policies are judged when the occurrence is
     * written, that is up to this much before its fire time. [200 ms]
     */
    fireAhead?: Duration;
  };
}

export interface ResolvedConfig {
  roles: Set<Role>;
  namespace: string;
  maxPayloadBytes: number;
  drainMs: number;
  requireKnownHandlers: boolean;
  jobDefaults: JobDefaults;
  worker: {
    concurrency: number;
    queues: Record<string, number> | null;
    allNamespaces: boolean;
    leaseMs: number;
    heartbeatMs: number;
    reapIntervalMs: number;
    prefetchMs: number;
    threads: number | undefined;
    processes: number | undefined;
  };
  scheduler: { leaseMs: number; batchSize: number; aheadMs: number };
}

const duration = z.union([z.number(), z.string()]).optional();
const schema = z
  .object({
    store: z.unknown().optional(),
    roles: z.array(z.enum(['scheduler', 'worker', 'dispatch'])).optional(),
    redis: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    durability: z.enum(['store-first', 'hot-first']).optional(),
    horizon: duration,
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 characters of letters, digits and _ . : -')
      .optional(),
    logger: z.unknown().optional(),
    tracer: z.unknown().optional(),
    maxPayloadBytes: z.number().int().min(1).optional(),
    drainTimeout: duration,
    requireKnownHandlers: z.boolean().optional(),
    jobDefaults: z
      .object({
        queue: z.string().min(1).max(200).optional(),
        maxAttempts: z.number().int().min(1).max(1000).optional(),
        backoff: z.record(z.string(), z.unknown()).optional(),
        timeout: duration,
      })
      .strict()
      .optional(),
    worker: z
      .object({
        concurrency: z.number().int().min(1).max(100_000).optional(),
        queues: z.record(z.string(), z.number().int().min(1)).optional(),
        allNamespaces: z.boolean().optional(),
        lease: duration,
        heartbeat: duration,
        reapInterval: duration,
        prefetch: duration,
        threads: z.number().int().min(1).optional(),
        processes: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
    scheduler: z
      .object({ lease: duration, batchSize: z.number().int().min(1).max(10_000).optional(), fireAhead: duration })
      .strict()
      .optional(),
  })
  .strict();

/** Validates options once into the resolved config every component reads. */
export function resolveConfig(options: TickworkOptions): ResolvedConfig {
  const o = parseInput(schema, options, 'options');
  const w = o.worker ?? {};
  const s = o.scheduler ?? {};
  const d = o.jobDefaults ?? {};
  const leaseMs = toMs(w.lease ?? 30_000, 'options.worker.lease');
  return {
    roles: new Set(o.roles ?? ['scheduler', 'worker', 'dispatch']),
    namespace: o.namespace ?? 'default',
    maxPayloadBytes: o.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    drainMs: toMs(o.drainTimeout ?? 30_000, 'options.drainTimeout'),
    requireKnownHandlers: o.requireKnownHandlers ?? true,
    jobDefaults: {
      queue: d.queue ?? 'default',
      maxAttempts: d.maxAttempts ?? 3,
      backoff: resolveBackoff(d.backoff as BackoffInput | undefined, DEFAULT_BACKOFF, 'options.jobDefaults.backoff'),
      timeoutMs: d.timeout === undefined ? null : toMs(d.timeout, 'options.jobDefaults.timeout'),
    },
    worker: {
      concurrency: w.concurrency ?? 10,
      queues: w.queues ?? null,
      allNamespaces: w.allNamespaces ?? false,
      leaseMs,
      heartbeatMs: toMs(w.heartbeat ?? Math.max(10, Math.floor(leaseMs / 3)), 'options.worker.heartbeat'),
      reapIntervalMs: toMs(w.reapInterval ?? 5_000, 'options.worker.reapInterval'),
      prefetchMs: toMs(w.prefetch ?? 100, 'options.worker.prefetch'),
      threads: w.threads,
      processes: w.processes,
    },
    scheduler: {
      leaseMs: toMs(s.lease ?? 30_000, 'options.scheduler.lease'),
      batchSize: s.batchSize ?? 500,
      aheadMs: toMs(s.fireAhead ?? 200, 'options.scheduler.fireAhead'),
    },
  };
}
