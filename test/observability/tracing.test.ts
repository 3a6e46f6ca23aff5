// OpenTelemetry tracing with the SDK's in-memory exporter: a span from enqueue through execution, and
// the trace context carried in the job (through the store) so a handler's spans join the caller's trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTelemetryTracer, parseTraceparent } from '../../src/observability/tracing/index.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';
import { NonRetryableError } from '../../src/core/errors.js';
import { AsyncLocalStorageContext } from './async-context.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const dir = mkdtempSync(join(tmpdir(), 'tickwork-tracing-'));
const opened: Tickwork[] = [];

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContext());
  trace.setGlobalTracerProvider(provider);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((tw) => tw.close()));
  exporter.reset();
});
afterAll(() => {
  trace.disable();
  context.disable();
  rmSync(dir, { recursive: true, force: true });
});

/** Two instances on one SQLite file: one only enqueues, the other only runs, so the context must travel in the store. */
async function pair(file: string) {
  const tracer = await openTelemetryTracer('test');
  expect(tracer).not.toBeNull();
  const store = join(dir, file);
  const caller = await Tickwork.open({ store, roles: [], logger: false, tracer, requireKnownHandlers: false });
  opened.push(caller);
  const worker = await Tickwork.open({ store, roles: ['worker'], logger: false, tracer });
  opened.push(worker);
  worker.handle('traced', async () => {
    // The handler's own span: a child of the attempt's span, in the caller's trace.
    await trace.getTracer('app').startActiveSpan('app.work', async (span) => {
      span.end();
    });
    return 'done';
  });
  worker.handle('broken', () => {
    throw new NonRetryableError('no stock');
  });
  worker.start();
  return { caller, worker };
}

const span = (name: string) => {
  const found = exporter.getFinishedSpans().find((s) => s.name === name);
  if (!found)
    throw new Error(
      `no span ${name}: ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return found;
};

describe('OpenTelemetry tracing', () => {
  it("links the caller's span, the enqueue, the attempt and the handler's spans in one trace", async () => {
    const { caller, worker } = await pair('linked.db');
    const job = await trace.getTracer('app').startActiveSpan('app.request', async (root) => {
      try {
        return await caller.jobs.enqueue('traced', { n: 1 });
      } finally {
        root.end();
      }
    });
    await worker.jobs.wait(job.id);

    const root = span('app.request');
    const enqueue = span('tickwork.enqueue traced');
    const run = span('tickwork.run traced');
    const work = span('app.work');
    const traceId = root.spanContext().traceId;
    for (const s of [enqueue, run, work]) expect(s.spanContext().traceId).toBe(traceId);
    expect(enqueue.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(run.parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
    expect(work.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
    expect(enqueue.kind).toBe(SpanKind.PRODUCER);
    expect(run.kind).toBe(SpanKind.CONSUMER);
    expect(run.status.code).toBe(SpanStatusCode.OK);
    expect(run.attributes).toMatchObject({ 'messaging.message.id': job.id, 'tickwork.attempt': 1 });

    // The context is stored with the job: the enqueue span's.
    const stored = await caller.jobs.get(job.id);
    expect(parseTraceparent(stored.traceparent)).toEqual({
      traceId,
      spanId: enqueue.spanContext().spanId,
      traceFlags: 1,
    });
  });

  it("records a handler's failure on the attempt span", async () => {
    const { caller, worker } = await pair('failed.db');
    const job = await caller.jobs.enqueue('broken', null);
    await worker.jobs.wait(job.id);
    const run = span('tickwork.run broken');
    expect(run.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'no stock' });
    expect(run.events.map((e) => e.name)).toContain('exception');
    // Enqueued outside any span: the enqueue span is a root, and the attempt its child.
    expect(run.spanContext().traceId).toBe(span('tickwork.enqueue broken').spanContext().traceId);
  });

  it('stores no trace context without a tracer', async () => {
    const tw = await Tickwork.open({
      store: join(dir, 'plain.db'),
      roles: [],
      logger: false,
      requireKnownHandlers: false,
    });
    opened.push(tw);
    const job = await trace.getTracer('app').startActiveSpan('app.request', async (root) => {
      const j = await tw.jobs.enqueue('traced', null);
      root.end();
      return j;
    });
    expect((await tw.jobs.get(job.id)).traceparent).toBeNull();
  });
});
