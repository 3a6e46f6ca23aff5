// The trace context travels with the job in every distributed store: PostgreSQL alone, and the tiered
// store (Redis record, then PostgreSQL after the flush).
import { context, trace } from '@opentelemetry/api';
import pg from 'pg';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTelemetryTracer } from '../../src/observability/tracing/index.js';
import type { Store } from '../../src/stores/store.js';
import { Tickwork } from '../../src/tickwork/tickwork.js';
import { tieredFixture } from '../dispatch/support.js';
import { eventually, openStore, testDatabase } from '../stores/postgres-fixtures.js';
import type { TestDatabase } from '../harness/test-database.js';
import { AsyncLocalStorageContext } from './async-context.js';

const exporter = new InMemorySpanExporter();

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContext());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => {
  trace.disable();
  context.disable();
});

/** Enqueues one job inside a span and returns what the store kept, with the enqueue span's id. */
async function enqueueTraced(store: Store): Promise<{ traceparent: string | null | undefined; spanId: string }> {
  const tw = await Tickwork.open({
    store,
    roles: [],
    logger: false,
    tracer: await openTelemetryTracer(),
    requireKnownHandlers: false,
  });
  try {
    const job = await trace.getTracer('app').startActiveSpan('app.request', async (root) => {
      const j = await tw.jobs.enqueue('traced', null);
      root.end();
      return j;
    });
    const enqueue = exporter.getFinishedSpans().find((s) => s.name === 'tickwork.enqueue traced')!;
    exporter.reset();
    return { traceparent: (await tw.jobs.get(job.id)).traceparent, spanId: enqueue.spanContext().spanId };
  } finally {
    await tw.close();
  }
}

describe('trace context in the distributed stores', () => {
  let db: TestDatabase;
  let tiered: Awaited<ReturnType<typeof tieredFixture>>;
  beforeAll(async () => {
    [db, tiered] = await Promise.all([testDatabase(), tieredFixture()]);
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), tiered?.closeAll()]);
  });

  it('PostgreSQL stores and returns it', async () => {
    const store = openStore(db.url);
    await store.migrate();
    try {
      const { traceparent, spanId } = await enqueueTraced(store);
      expect(traceparent).toMatch(new RegExp(`^00-[0-9a-f]{32}-${spanId}-01$`));
    } finally {
      await store.close();
    }
  });

  it('the tiered store keeps it in Redis and writes it to PostgreSQL', async () => {
    const store = await tiered.open();
    const { traceparent, spanId } = await enqueueTraced(store);
    expect(traceparent).toMatch(new RegExp(`^00-[0-9a-f]{32}-${spanId}-01$`));
    // In PostgreSQL too, once written there (at once for a cold job, by the flusher for a hot one).
    const client = new pg.Client({ connectionString: tiered.db.url });
    await client.connect();
    try {
      await eventually(async () => {
        const { rows } = await client.query<{ traceparent: string | null }>(
          `SELECT traceparent FROM "${tiered.schema}".jobs`,
        );
        expect(rows.map((r) => r.traceparent)).toEqual([traceparent]);
      }, 15_000);
    } finally {
      await client.end();
    }
  });
});
