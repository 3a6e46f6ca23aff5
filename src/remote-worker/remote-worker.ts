import { hostname } from 'node:os';
import { create } from '@bufbuild/protobuf';
import { durationMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import type { Logger } from 'pino';
import { JobCancelledError, JobTimeoutError, NonRetryableError } from '../core/errors.js';
import type { Job } from '../core/job.js';
import type { Json } from '../core/json.js';
import { failureToProto } from '../api/convert/job.js';
import { valueFromJson } from '../api/convert/json-value.js';
import { jobFromWire } from '../client/from-wire.js';
import { createTransport } from '../client/transport.js';
import {
  ConnectRequestSchema,
  WorkerService,
  type ConnectRequest,
  type JobAssignment,
} from '../gen/tickwork/v1/workers_pb.js';
import type { Handler } from '../worker/handler.js';
import { toFailure } from '../worker/outcome.js';
import { RequestQueue } from './request-queue.js';

type RequestInit = Parameters<typeof create<typeof ConnectRequestSchema>>[1] extends infer I
  ? I extends { message?: infer M }
    ? M
    : never
  : never;

/** Options for a remote worker. Defaults in brackets. */
export interface RemoteWorkerOptions {
  /** The server: `http://127.0.0.1:7420`. */
  server: string;
  token?: string;
  /** [`default`] */
  namespace?: string;
  /** The handlers it runs, by name. */
  handlers: ReadonlyMap<string, Handler<never, unknown>>;
  /** Jobs run at once: the credit it grants. [10] */
  concurrency?: number;
  /** Queues it takes jobs from. [every queue] */
  queues?: string[];
  /** The lease owner name, stable for the process. [`<host>:<pid>`] */
  workerId?: string;
  logger: Logger;
  /** How long stop() lets running jobs finish before aborting them. [30 s] */
  drainTimeoutMs?: number;
}

interface Running {
  job: Job;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * A worker in another process, over WorkerService.Connect: it grants one credit per free slot, runs
 * each assignment's handler with an AbortSignal (the server's JobAbort, the attempt deadline), reports
 * progress and results fenced by attempt, heartbeats what runs, and reconnects with the same worker id
 * when the server is unavailable (its leases survive a short gap). stop() drains: no new assignments,
 * running jobs finish (or are aborted after the drain timeout), results are sent, the stream closes.
 */
export class RemoteWorker {
  private readonly running = new Map<string, Running>();
  private readonly concurrency: number;
  readonly workerId: string;
  private stopping = false;
  private stream: RequestQueue<ConnectRequest> | null = null;
  private connection: AbortController | null = null;
  private stopped: Promise<void> | null = null;

  constructor(private readonly options: RemoteWorkerOptions) {
    this.concurrency = options.concurrency ?? 10;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  }

  /** Runs until stop(); reconnects after transient failures. Rejects on a permanent one (a bad token). */
  async run(): Promise<void> {
    let delay = 250;
    while (!this.stopping) {
      try {
        await this.session();
        if (this.stopping) break;
        // The server ended the stream without an error (it is going away): come back shortly.
        await new Promise((resolve) => setTimeout(resolve, delay));
      } catch (error) {
        const e = ConnectError.from(error);
        if (this.stopping) break;
        if (e.code !== Code.Unavailable && e.code !== Code.Internal && e.code !== Code.Unknown) throw e;
        this.options.logger.warn({ err: e.message, retryInMs: delay }, 'worker stream lost: reconnecting');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Drains and closes: resolves once running jobs are finished and reported. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.stream?.push(create(ConnectRequestSchema, { message: { case: 'drain', value: {} } }));
      const drained = Promise.all([...this.running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), this.options.drainTimeoutMs ?? 30_000);
      });
      if ((await Promise.race([drained, timeout])) === 'timeout') {
        for (const r of this.running.values()) r.controller.abort(new JobCancelledError(r.job.id, 'stopped'));
        await drained;
      }
      clearTimeout(timer);
      this.stream?.end();
    })();
    return this.stopped;
  }

  private send(message: RequestInit): void {
    this.stream?.push(create(ConnectRequestSchema, { message }));
  }

  /** One connection, from hello to the end of the server's stream. */
  private async session(): Promise<void> {
    const { logger } = this.options;
    const { transport, close } = createTransport({
      baseUrl: this.options.server,
      transport: 'grpc',
      ...(this.options.token ? { token: this.options.token } : {}),
    });
    const client = createClient(WorkerService, transport);
    const stream = new RequestQueue<ConnectRequest>();
    this.stream = stream;
    this.connection = new AbortController();
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      this.send({
        case: 'hello',
        value: {
          workerId: this.workerId,
          namespace: this.options.namespace ?? '',
          handlers: [...this.options.handlers.keys()],
          queues: this.options.queues ?? [],
          agent: 'tickwork-ts worker',
        },
      });
      for await (const res of client.connect(stream, { signal: this.connection.signal })) {
        const m = res.message;
        switch (m.case) {
          case 'welcome': {
            const interval = m.value.heartbeatInterval ? durationMs(m.value.heartbeatInterval) : 10_000;
            logger.info({ session: m.value.sessionId, workerId: this.workerId, interval }, 'worker connected');
            heartbeat = setInterval(() => this.heartbeat(), interval);
            // Credits for every free slot; jobs still running from before a reconnect keep theirs.
            const free = this.stopping ? 0 : this.concurrency - this.running.size;
            if (free > 0) this.send({ case: 'credit', value: { credits: free } });
            break;
          }
          case 'assignment':
            this.start(m.value);
            break;
          case 'abort': {
            const r = this.running.get(key(m.value.attempt?.jobId ?? '', m.value.attempt?.attempt ?? 0));
            r?.controller.abort(new JobCancelledError(r.job.id, m.value.message || 'aborted by the server'));
            break;
          }
          case 'ack':
            break;
        }
      }
    } finally {
      clearInterval(heartbeat);
      this.stream = null;
      close();
    }
  }

  private heartbeat(): void {
    this.send({
      case: 'heartbeat',
      value: { running: [...this.running.values()].map((r) => ({ jobId: r.job.id, attempt: r.job.attempt })) },
    });
  }

  private start(a: JobAssignment): void {
    const job = jobFromWire(a.job!) as Job;
    const attempt = { jobId: job.id, attempt: a.attempt };
    const handler = this.options.handlers.get(job.handler);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    if (a.deadline) {
      const ms = Math.max(0, timestampMs(a.deadline) - Date.now());
      timer = setTimeout(() => controller.abort(new JobTimeoutError(job.id, job.timeoutMs ?? ms)), ms);
    }
    const done = (async () => {
      try {
        if (!handler) throw new NonRetryableError(`this worker has no handler "${job.handler}"`);
        const result = await Promise.race([
          Promise.resolve(
            handler(
              job.payload as never,
              {
                job,
                signal: controller.signal,
                idempotencyKey: a.idempotencyKey,
                progress: async (value: Json) => {
                  this.send({ case: 'progress', value: { attempt, progress: valueFromJson(value) } });
                },
              } as never,
            ),
          ),
          new Promise<never>((_, reject) =>
            controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
          ),
        ]);
        this.send({
          case: 'result',
          value: {
            attempt,
            outcome: { case: 'succeeded', value: { result: valueFromJson((result ?? null) as Json) } },
          },
        });
      } catch (error) {
        const retryable = !(error instanceof NonRetryableError || (error as Error)?.name === 'NonRetryableError');
        this.send({
          case: 'result',
          value: {
            attempt,
            outcome: { case: 'failed', value: { error: failureToProto(toFailure(error, retryable)) } },
          },
        });
      } finally {
        clearTimeout(timer);
        this.running.delete(key(job.id, a.attempt));
        if (!this.stopping) this.send({ case: 'credit', value: { credits: 1 } });
      }
    })();
    this.running.set(key(job.id, a.attempt), { job, controller, done });
  }
}

const key = (id: string, attempt: number) => `${id}#${attempt}`;
