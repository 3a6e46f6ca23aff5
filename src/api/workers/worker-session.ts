import type { WorkerStatus } from './directory.js';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import { ValidationError } from '../../core/errors.js';
import type { Job } from '../../core/job.js';
import { Sleeper } from '../../core/sleeper.js';
import { isJobEvent, type TickworkEvent } from '../../core/events.js';
import type { Store } from '../../stores/store.js';
import type { Tickwork } from '../../tickwork/tickwork.js';
import {
  ConnectResponseSchema,
  JobAbortReason,
  ResultAckStatus,
  type ConnectRequest,
  type ConnectResponse,
  type WorkerHello,
} from '../../gen/tickwork/v1/workers_pb.js';
import { jobStates } from '../convert/enums.js';
import { jobToProto } from '../convert/job.js';
import { jsonFromValue } from '../convert/json-value.js';
import { duration, timestamp } from '../convert/time.js';
import { Outbox } from './outbox.js';
import { remoteOutcome } from './remote-outcome.js';

export interface SessionTiming {
  leaseMs: number;
  heartbeatMs: number;
}

const ABORT_OF: Partial<Record<TickworkEvent['type'], JobAbortReason>> = {
  'job.cancelled': JobAbortReason.CANCELLED,
  'job.paused': JobAbortReason.PAUSED,
  'job.deleted': JobAbortReason.DELETED,
};

/** Most jobs one acquire asks for, whatever the credit: keeps one store step short. */
const MAX_CLAIM = 500;

/**
 * One remote worker's stream (proto/tickwork/v1/workers.proto). The server holds the leases: it claims
 * jobs for the worker's handlers within the credit the worker granted, extends leases on heartbeats,
 * records results fenced by the attempt number, and tells the worker to abort attempts whose job was
 * cancelled, paused or deleted, or whose lease was lost. Store calls are the same ones the in-process
 * WorkerLoop makes; the claim loop sleeps like it (until the next due job, woken early by events).
 */
export class WorkerSession {
  readonly outbox = new Outbox<ConnectResponse>();

  /** Who it is and its load, for AdminService.ListWorkers. */
  status(): WorkerStatus {
    return {
      workerId: this.workerId,
      kind: 'remote',
      namespace: this.tw.config.namespace,
      handlers: [...this.handlers],
      queues: this.queues ?? [],
      running: this.assigned.size,
      capacity: this.assigned.size + this.credits,
      since: this.since,
      agent: this.agent,
    };
  }
  private readonly sleeper = new Sleeper();
  private readonly assigned = new Map<string, Job>();
  private credits = 0;
  private draining = false;
  private closed = false;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly unsubscribe: () => void;
  private readonly store: Store;
  private readonly handlers: string[];
  private readonly queues: string[] | null;
  private readonly since = Date.now();
  private readonly agent: string;

  constructor(
    private readonly tw: Tickwork,
    readonly workerId: string,
    hello: WorkerHello,
    private readonly timing: SessionTiming,
    private readonly logger: Logger,
  ) {
    this.store = tw.store;
    this.handlers = [...hello.handlers];
    this.queues = hello.queues.length > 0 ? [...hello.queues] : null;
    this.agent = hello.agent;
    const sub = tw.on({}, (event) => this.onEvent(event));
    const offWake = tw.onWorkAvailable(() => this.sleeper.wake());
    this.unsubscribe = () => {
      sub.close();
      offWake();
    };
  }

  /** Runs the claim loop until the session ends. */
  async run(): Promise<void> {
    while (!this.closed && !this.draining) {
      try {
        if (this.credits === 0) {
          await this.sleeper.sleepUntil(Infinity); // a credit grant wakes us
          continue;
        }
        const limit = Math.min(this.credits, MAX_CLAIM);
        const { jobs } = await this.store.acquireJobs({
          workerId: this.workerId,
          namespace: this.tw.config.namespace,
          queues: this.queues,
          handlers: this.handlers,
          limit,
          leaseMs: this.timing.leaseMs,
          now: Date.now(),
        });
        if (this.closed) break; // claimed after the stream closed: the leases expire and the jobs run again
        for (const job of jobs) this.assign(job);
        if (jobs.length === limit) continue;
        const next = await this.store.nextJobDueAt(this.tw.config.namespace, this.queues, this.handlers);
        await this.sleeper.sleepUntil(next ?? Infinity);
      } catch (error) {
        this.logger.warn({ err: error, workerId: this.workerId }, 'claiming for a remote worker failed; retrying');
        await this.sleeper.sleepUntil(Date.now() + 1000);
      }
    }
  }

  /** One message from the worker (after its hello). Throws on a protocol error, ending the stream. */
  handle(req: ConnectRequest): void {
    const m = req.message;
    switch (m.case) {
      case 'hello':
        throw new ValidationError('hello', 'a stream has one hello, its first message');
      case 'credit':
        this.credits += m.value.credits;
        this.sleeper.wake();
        return;
      case 'heartbeat':
        this.track(this.heartbeat(m.value.running.map((r) => ({ id: r.jobId, attempt: r.attempt }))));
        return;
      case 'progress': {
        const ref = m.value.attempt;
        if (!ref) throw new ValidationError('progress.attempt', 'is required');
        const progress = jsonFromValue(m.value.progress, 'progress.progress');
        this.track(
          this.store.reportProgress(
            { id: ref.jobId, attempt: ref.attempt, namespace: this.tw.config.namespace, workerId: this.workerId },
            progress,
            Date.now(),
          ),
        );
        return;
      }
      case 'result':
        this.track(this.result(m.value));
        return;
      case 'drain':
        this.draining = true;
        this.sleeper.wake();
        return;
      default:
        throw new ValidationError('message', 'is required');
    }
  }

  /** The worker half-closed: send what is pending (acks), then end the stream. */
  async finish(): Promise<void> {
    this.draining = true;
    this.sleeper.wake();
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    this.close();
  }

  /** Ends the session now (the client went away, the server shuts down, or a protocol error). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.sleeper.wake();
    this.outbox.close();
  }

  private assign(job: Job): void {
    this.credits--;
    this.assigned.set(job.id, job);
    const now = Date.now();
    this.send({
      case: 'assignment',
      value: {
        job: jobToProto(job),
        attempt: job.attempt,
        leaseUntil: timestamp(job.leaseUntil ?? now + this.timing.leaseMs),
        deadline: job.timeoutMs === null ? undefined : timestamp(now + job.timeoutMs),
        // Stable across attempts: the job's id is unique in its namespace.
        idempotencyKey: `${job.namespace}/${job.id}`,
      },
    });
  }

  private async heartbeat(leases: { id: string; attempt: number }[]): Promise<void> {
    if (leases.length === 0) return;
    const ns = this.tw.config.namespace;
    const lost = await this.store.extendJobLeases(
      this.workerId,
      leases.map((l) => ({ ...l, namespace: ns })),
      this.timing.leaseMs,
      Date.now(),
    );
    for (const id of lost) {
      const attempt = leases.find((l) => l.id === id)?.attempt ?? 0;
      this.assigned.delete(id);
      this.abort(id, attempt, JobAbortReason.LEASE_LOST, 'the lease expired or moved to another worker');
    }
  }

  private async result(r: NonNullable<Extract<ConnectRequest['message'], { case: 'result' }>['value']>): Promise<void> {
    const ref = r.attempt;
    if (!ref) throw new ValidationError('result.attempt', 'is required');
    const known = this.assigned.get(ref.jobId);
    // A result after a reconnect names a job this session did not assign: read it (fencing decides).
    const job = known ?? (await this.tw.jobs.find(ref.jobId));
    const ack = (status: ResultAckStatus, state = 0) =>
      this.send({ case: 'ack', value: { attempt: { jobId: ref.jobId, attempt: ref.attempt }, status, state } });
    if (!job) return ack(ResultAckStatus.STALE);
    const outcome = remoteOutcome({ ...job, attempt: ref.attempt }, this.workerId, r, Date.now(), 'result');
    const [finished] = await this.store.finishJobs([{ ...outcome, namespace: job.namespace }], Date.now());
    if (this.assigned.get(ref.jobId)?.attempt === ref.attempt) this.assigned.delete(ref.jobId);
    if (!finished?.applied) return ack(ResultAckStatus.STALE);
    ack(ResultAckStatus.APPLIED, finished.job ? jobStates.wire(finished.job.state) : 0);
  }

  private onEvent(event: TickworkEvent): void {
    if (!isJobEvent(event)) return;
    const reason = ABORT_OF[event.type];
    if (reason !== undefined) {
      const job = this.assigned.get(event.jobId);
      if (job) {
        this.assigned.delete(event.jobId);
        this.abort(job.id, job.attempt, reason, `the job was ${event.type.slice(4)}`);
      }
      return;
    }
    // Work that may have become due for this worker: claim early (the loop also wakes by itself).
    if ((event.state === 'queued' || event.state === 'scheduled') && this.handlers.includes(event.handler)) {
      this.sleeper.wake(event.runAt);
    }
  }

  private abort(jobId: string, attempt: number, reason: JobAbortReason, message: string): void {
    this.send({ case: 'abort', value: { attempt: { jobId, attempt }, reason, message } });
  }

  private send(message: MessageInitShape<typeof ConnectResponseSchema>['message']): void {
    this.outbox.push(create(ConnectResponseSchema, { message }));
  }

  /** Keeps a store call in flight so finish() waits for it; a failure ends the session. */
  private track(p: Promise<unknown>): void {
    const tracked = p.catch((error: unknown) => {
      this.logger.warn({ err: error, workerId: this.workerId }, 'a remote worker report failed');
      this.fail(error);
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private failure: unknown = null;

  /** Ends the session with an error the stream reports. */
  fail(error: unknown): void {
    this.failure ??= error;
    this.close();
  }

  get error(): unknown {
    return this.failure;
  }

  /** The welcome: this session's timing. */
  welcome(sessionId: string): ConnectResponse {
    return create(ConnectResponseSchema, {
      message: {
        case: 'welcome',
        value: {
          sessionId,
          leaseDuration: duration(this.timing.leaseMs),
          heartbeatInterval: duration(this.timing.heartbeatMs),
        },
      },
    });
  }
}
