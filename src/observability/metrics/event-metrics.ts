import { Counter, Histogram, type Registry } from 'prom-client';
import { isJobEvent, type JobEvent, type TickworkEvent } from '../../core/events.js';

/** Seconds; attempts run from milliseconds to hours. */
const RUN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Seconds; lateness is milliseconds when healthy and grows without bound when workers fall behind. */
const LATENESS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Attempts whose start we remember to time their end; beyond this the oldest are forgotten. */
const MAX_TRACKED_ATTEMPTS = 100_000;

/** How an attempt ended, for the run-time histogram's `outcome` label. */
const ATTEMPT_ENDS: Partial<Record<JobEvent['type'], string>> = {
  'job.succeeded': 'succeeded',
  'job.failed': 'failed',
  'job.retried': 'retried',
  'job.cancelled': 'cancelled',
  'job.paused': 'paused',
  'job.stalled': 'stalled',
  'job.deleted': 'deleted',
};

/**
 * Counters and histograms derived from the event feed, so the core carries no metric calls: every
 * transition a store commits in this process passes through `observe`. The figures are this process's
 * view (a store reports the events of its own commits), which is what Prometheus expects of a target:
 * sum over the instances.
 */
export class EventMetrics {
  private readonly enqueued: Counter<'namespace' | 'queue'>;
  private readonly completed: Counter<'namespace' | 'queue' | 'handler'>;
  private readonly failed: Counter<'namespace' | 'queue' | 'handler'>;
  private readonly retried: Counter<'namespace' | 'queue' | 'handler'>;
  private readonly cancelled: Counter<'namespace' | 'queue'>;
  private readonly stalls: Counter<'namespace' | 'queue' | 'handler'>;
  private readonly fires: Counter<'namespace'>;
  private readonly misfires: Counter<'namespace' | 'reason'>;
  private readonly runTime: Histogram<'namespace' | 'queue' | 'handler' | 'outcome'>;
  private readonly lateness: Histogram<'namespace' | 'queue'>;
  /** `namespace/jobId#attempt` → when the attempt started (epoch ms), in start order. */
  private readonly started = new Map<string, number>();

  constructor(registry: Registry) {
    const registers = [registry];
    this.enqueued = new Counter({
      name: 'tickwork_jobs_enqueued_total',
      help: 'Jobs written (enqueued, or made by a schedule fire).',
      labelNames: ['namespace', 'queue'],
      registers,
    });
    this.completed = new Counter({
      name: 'tickwork_jobs_completed_total',
      help: 'Jobs that succeeded.',
      labelNames: ['namespace', 'queue', 'handler'],
      registers,
    });
    this.failed = new Counter({
      name: 'tickwork_jobs_failed_total',
      help: 'Jobs that failed for good (attempts exhausted or not retryable).',
      labelNames: ['namespace', 'queue', 'handler'],
      registers,
    });
    this.retried = new Counter({
      name: 'tickwork_jobs_retried_total',
      help: 'Failed attempts followed by a retry after backoff.',
      labelNames: ['namespace', 'queue', 'handler'],
      registers,
    });
    this.cancelled = new Counter({
      name: 'tickwork_jobs_cancelled_total',
      help: 'Jobs cancelled (by a caller, a key replacement or a missed deadline).',
      labelNames: ['namespace', 'queue'],
      registers,
    });
    this.stalls = new Counter({
      name: 'tickwork_lease_expiries_total',
      help: 'Running attempts whose lease expired (a crashed or stuck worker); the job was queued again.',
      labelNames: ['namespace', 'queue', 'handler'],
      registers,
    });
    this.fires = new Counter({
      name: 'tickwork_schedule_fires_total',
      help: 'Schedule fires that made an occurrence.',
      labelNames: ['namespace'],
      registers,
    });
    this.misfires = new Counter({
      name: 'tickwork_schedule_misfires_total',
      help: 'Schedule fires that did not run, by reason (late, overlap).',
      labelNames: ['namespace', 'reason'],
      registers,
    });
    this.runTime = new Histogram({
      name: 'tickwork_job_run_seconds',
      help: 'How long attempts ran, by how they ended.',
      labelNames: ['namespace', 'queue', 'handler', 'outcome'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.lateness = new Histogram({
      name: 'tickwork_job_lateness_seconds',
      help: 'How late attempts started: start time minus the run time the job asked for.',
      labelNames: ['namespace', 'queue'],
      buckets: LATENESS_BUCKETS,
      registers,
    });
  }

  observe(event: TickworkEvent): void {
    if (!isJobEvent(event)) {
      if (event.type === 'schedule.fired') this.fires.inc({ namespace: event.namespace });
      if (event.type === 'schedule.misfired') {
        this.misfires.inc({ namespace: event.namespace, reason: event.reason ?? 'unknown' });
      }
      return;
    }
    const { namespace, queue, handler } = event;
    switch (event.type) {
      case 'job.added':
        this.enqueued.inc({ namespace, queue });
        break;
      case 'job.started':
        this.lateness.observe({ namespace, queue }, Math.max(0, event.at - event.runAt) / 1000);
        this.remember(event);
        break;
      case 'job.succeeded':
        this.completed.inc({ namespace, queue, handler });
        break;
      case 'job.failed':
        this.failed.inc({ namespace, queue, handler });
        break;
      case 'job.retried':
        this.retried.inc({ namespace, queue, handler });
        break;
      case 'job.cancelled':
        this.cancelled.inc({ namespace, queue });
        break;
      case 'job.stalled':
        this.stalls.inc({ namespace, queue, handler });
        break;
    }
    const outcome = ATTEMPT_ENDS[event.type];
    if (outcome) this.timeAttempt(event, outcome);
  }

  private remember(event: JobEvent): void {
    if (this.started.size >= MAX_TRACKED_ATTEMPTS) {
      // Maps iterate in insertion order: the first key is the oldest start.
      this.started.delete(this.started.keys().next().value!);
    }
    this.started.set(attemptKey(event), event.at);
  }

  private timeAttempt(event: JobEvent, outcome: string): void {
    const key = attemptKey(event);
    const at = this.started.get(key);
    if (at === undefined) return; // not running, or started before this process watched
    this.started.delete(key);
    const { namespace, queue, handler } = event;
    this.runTime.observe({ namespace, queue, handler, outcome }, Math.max(0, event.at - at) / 1000);
  }
}

function attemptKey(event: JobEvent): string {
  return `${event.namespace}/${event.jobId}#${event.attempt}`;
}
