import { createClient } from '@connectrpc/connect';
import { AdminService } from '../gen/tickwork/v1/admin_pb.js';
import { EventService } from '../gen/tickwork/v1/events_pb.js';
import { JobService } from '../gen/tickwork/v1/jobs_pb.js';
import { ScheduleService } from '../gen/tickwork/v1/schedules_pb.js';
import { AdminClient } from './admin-client.js';
import { JobsClient } from './jobs-client.js';
import { SchedulesClient } from './schedules-client.js';
import { createTransport } from './transport.js';

/** Options for a client. Defaults in brackets. */
export interface TickworkClientOptions {
  /** The server: `http://127.0.0.1:7420`. */
  baseUrl: string;
  /** A bearer token, sent on every call. [none] */
  token?: string;
  /** `grpc` over HTTP/2, or `connect` (JSON over HTTP/1.1). [`grpc`] */
  transport?: 'grpc' | 'connect';
  /** The namespace every call acts in. [`default`] */
  namespace?: string;
  /** A deadline for each unary call, in ms. [none] */
  timeoutMs?: number;
}

export interface TickworkClient {
  readonly jobs: JobsClient;
  readonly schedules: SchedulesClient;
  /** Queue stats and switches, health, version, and the event feed. */
  readonly admin: AdminClient;
  /** Closes the connection (an idle HTTP/2 session would otherwise keep the process alive a while). */
  close(): void;
}

/**
 * A typed client for a tickwork server: the library's shapes in and out (JSON payloads, epoch-ms
 * times, `'30m'` durations), and failures as TickworkError with the server's code, field and details.
 *
 * @example
 * const tw = createTickworkClient({ baseUrl: 'http://127.0.0.1:7420' });
 * const job = await tw.jobs.enqueue('orders.cancel-if-unpaid', { orderId: 42 }, { delay: '30m', key: 'order:42' });
 * await tw.jobs.cancel({ key: 'order:42' });
 */
export function createTickworkClient(options: TickworkClientOptions): TickworkClient {
  const { transport, close } = createTransport({
    baseUrl: options.baseUrl,
    transport: options.transport ?? 'grpc',
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const ns = options.namespace ?? '';
  return {
    jobs: new JobsClient(createClient(JobService, transport), ns),
    schedules: new SchedulesClient(createClient(ScheduleService, transport), ns),
    admin: new AdminClient(createClient(AdminService, transport), createClient(EventService, transport), ns),
    close,
  };
}
