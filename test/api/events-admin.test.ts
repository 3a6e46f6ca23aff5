import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HealthStatus } from '../../src/gen/tickwork/v1/admin_pb.js';
import { JobState } from '../../src/gen/tickwork/v1/common_pb.js';
import { EventType, type SubscribeResponse } from '../../src/gen/tickwork/v1/events_pb.js';
import { handlerJob, json, startTestServer, until, type TestServer } from './helpers.js';

/** How many listeners the instance's event bus has: a stream that ended must have closed its own. */
function listeners(t: TestServer): number {
  return (t.tw as unknown as { bus: { size: number } }).bus.size;
}

describe('EventService', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('Subscribe streams matching events and ends cleanly when the client goes away', async () => {
    const before = listeners(t);
    const abort = new AbortController();
    const received: SubscribeResponse[] = [];
    const stream = t.grpc.events.subscribe(
      { filter: { types: [EventType.JOB_SUCCEEDED], queues: ['q1'] } },
      { signal: abort.signal },
    );
    const reading = (async () => {
      try {
        for await (const m of stream) {
          received.push(m);
          if (received.length === 2) abort.abort();
        }
      } catch {
        // The client's own abort ends the stream with CANCELED.
      }
    })();
    await until(() => listeners(t) > before, 'the subscription');
    await t.grpc.jobs.enqueue({ job: handlerJob('echo', 1, { queue: 'q2' }) });
    await t.grpc.jobs.enqueue({ job: handlerJob('echo', 2, { queue: 'q1' }) });
    await t.grpc.jobs.enqueue({ job: handlerJob('echo', 3, { queue: 'q1' }) });
    await reading;
    expect(received.map((m) => m.event?.type)).toEqual([EventType.JOB_SUCCEEDED, EventType.JOB_SUCCEEDED]);
    expect(received.map((m) => (m.event?.subject.case === 'job' ? m.event.subject.value.queue : ''))).toEqual([
      'q1',
      'q1',
    ]);
    await until(() => listeners(t) === before, 'the server to close the subscription');
  });

  it('Subscribe by schedule id gets the schedule events and its occurrences (Connect JSON)', async () => {
    const before = listeners(t);
    const abort = new AbortController();
    const types: EventType[] = [];
    const stream = t.connect.events.subscribe({ filter: { scheduleIds: ['every-1s'] } }, { signal: abort.signal });
    const reading = (async () => {
      try {
        for await (const m of stream) {
          types.push(m.event!.type);
          if (m.event?.type === EventType.JOB_SUCCEEDED) abort.abort();
        }
      } catch {
        // aborted
      }
    })();
    await until(() => listeners(t) > before, 'the subscription');
    await t.grpc.schedules.upsertSchedule({
      schedule: {
        id: 'every-1s',
        trigger: { kind: { case: 'interval', value: { every: durationFromMs(1000) } } },
        job: { target: { case: 'handler', value: 'echo' }, payload: json('tick') },
      },
    });
    await reading;
    expect(types).toContain(EventType.SCHEDULE_ADDED);
    expect(types).toContain(EventType.SCHEDULE_FIRED);
    expect(types.at(-1)).toBe(EventType.JOB_SUCCEEDED);
  });

  it('WatchJob closes its subscription when the client goes away', async () => {
    const before = listeners(t);
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('hold') });
    const abort = new AbortController();
    const states: JobState[] = [];
    try {
      for await (const m of t.grpc.jobs.watchJob(
        { selector: { case: 'id', value: job!.id } },
        { signal: abort.signal },
      )) {
        states.push(m.job!.state);
        abort.abort();
      }
    } catch {
      // the client's own abort
    }
    expect(states).toHaveLength(1);
    await until(() => listeners(t) === before, 'the watch to close its subscription');
  });

  it('the server ends open streams when it shuts down', async () => {
    const before = listeners(t);
    const stream = t.grpc.events.subscribe({});
    const ended = (async () => {
      try {
        for await (const _ of stream) void _;
        return 'ended';
      } catch (error) {
        return (error as { code?: number }).code;
      }
    })();
    await until(() => listeners(t) > before, 'the subscription');
    await t.server.close();
    expect(await ended).not.toBeUndefined();
  });
});

describe('AdminService', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('GetQueueStats counts by state; PauseQueue holds jobs; ResumeQueue lets them run', async () => {
    await t.grpc.admin.pauseQueue({ queue: 'reports' });
    const { job } = await t.grpc.jobs.enqueue({ job: handlerJob('echo', 1, { queue: 'reports' }) });
    await t.grpc.jobs.enqueue({
      job: handlerJob('echo', 2, { queue: 'other', when: { case: 'delay', value: durationFromMs(60_000) } }),
    });
    const stats = await t.grpc.admin.getQueueStats({});
    const reports = stats.queues.find((q) => q.queue === 'reports');
    expect(reports).toMatchObject({ paused: true, counts: { queued: 1n } });
    expect(stats.queues.map((q) => q.queue)).toEqual([...stats.queues.map((q) => q.queue)].sort());
    const only = await t.connect.admin.getQueueStats({ queues: ['other'] });
    expect(only.queues).toHaveLength(1);
    expect(only.queues[0]?.counts?.scheduled).toBe(1n);
    await t.grpc.admin.resumeQueue({ queue: 'reports' });
    expect((await t.tw.jobs.wait(job!.id)).state).toBe('succeeded');
    expect((await t.grpc.jobs.getJob({ selector: { case: 'id', value: job!.id } })).job?.state).toBe(
      JobState.SUCCEEDED,
    );
  });

  it('GetHealth and GetVersion', async () => {
    const health = await t.grpc.admin.getHealth({});
    expect(health.status).toBe(HealthStatus.SERVING);
    expect(health.components.map((c) => c.name)).toEqual(['store', 'scheduler', 'worker']);
    const version = await t.connect.admin.getVersion({});
    expect(version).toMatchObject({ api: 'tickwork.v1', store: 'memory', roles: ['api', 'scheduler', 'worker'] });
    expect(version.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
