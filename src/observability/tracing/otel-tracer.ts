import type { EnqueueTrace, JobTracer } from '../../core/job-tracer.js';
import type { Job, NewJob } from '../../core/job.js';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

type OtelApi = typeof import('@opentelemetry/api');

/**
 * JobTracer over OpenTelemetry's API:
 * - `tickwork.enqueue <handler>` (PRODUCER), a child of whatever span is active where the job was
 *   enqueued, ended once the job is durable; its context is the traceparent stored with the job;
 * - `tickwork.run <handler>` (CONSUMER) per attempt, child of that stored context (so in the caller's
 *   trace even in another process, days later), active while the handler runs: spans the handler
 *   starts are its children. (Thread and process executors run the handler elsewhere: their spans
 *   do not join; the attempt span still records the run.)
 * With no SDK registered the API is a no-op: spans do not record and no traceparent is stored.
 */
export class OpenTelemetryJobTracer implements JobTracer {
  private readonly tracer;

  constructor(
    private readonly api: OtelApi,
    version = '0',
  ) {
    this.tracer = api.trace.getTracer('tickwork', version);
  }

  enqueue(job: NewJob): EnqueueTrace {
    const { api } = this;
    const span = this.tracer.startSpan(`tickwork.enqueue ${job.handler}`, {
      kind: api.SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'tickwork',
        'messaging.operation.type': 'send',
        'messaging.destination.name': job.queue,
        'messaging.message.id': job.id,
        'tickwork.namespace': job.namespace,
        'tickwork.handler': job.handler,
      },
    });
    return {
      traceparent: span.isRecording() ? formatTraceparent(span.spanContext()) : null,
      end: (error?: unknown) => {
        if (error !== undefined) this.fail(span, error);
        span.end();
      },
    };
  }

  async runAttempt<T>(job: Job, run: () => Promise<T>): Promise<T> {
    const { api } = this;
    const parent = parseTraceparent(job.traceparent);
    const parentContext = parent
      ? api.trace.setSpanContext(api.ROOT_CONTEXT, { ...parent, isRemote: true })
      : api.context.active();
    const span = this.tracer.startSpan(
      `tickwork.run ${job.handler}`,
      {
        kind: api.SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'tickwork',
          'messaging.operation.type': 'process',
          'messaging.destination.name': job.queue,
          'messaging.message.id': job.id,
          'tickwork.namespace': job.namespace,
          'tickwork.handler': job.handler,
          'tickwork.attempt': job.attempt,
          'tickwork.lateness_ms': Math.max(0, (job.startedAt ?? Date.now()) - job.runAt),
        },
      },
      parentContext,
    );
    try {
      const result = await api.context.with(api.trace.setSpan(parentContext, span), run);
      span.setStatus({ code: api.SpanStatusCode.OK });
      return result;
    } catch (error) {
      this.fail(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  private fail(span: import('@opentelemetry/api').Span, error: unknown): void {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: this.api.SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * An OpenTelemetry JobTracer when `@opentelemetry/api` is installed (an optional peer dependency),
 * else null: tracing costs nothing for those who do not use it.
 */
export async function openTelemetryTracer(version?: string): Promise<JobTracer | null> {
  let api: OtelApi;
  try {
    api = (await import('@opentelemetry/api')) as OtelApi;
  } catch {
    return null;
  }
  return new OpenTelemetryJobTracer(api, version);
}
