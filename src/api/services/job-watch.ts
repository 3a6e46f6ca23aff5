import { create } from '@bufbuild/protobuf';
import { isFinal } from '../../core/job.js';
import { WatchJobResponseSchema, type WatchJobRequest, type WatchJobResponse } from '../../gen/tickwork/v1/jobs_pb.js';
import type { ApiContext } from '../context.js';
import { eventToProto } from '../convert/event.js';
import { jobToProto } from '../convert/job.js';
import { streamEvents } from '../event-stream.js';
import { resolveJobId } from './job-selector.js';

/**
 * WatchJob: the job now, then the job after each of its events, until it is final or deleted. The
 * subscription opens *before* the first read, so no change can fall between the snapshot and the feed;
 * each message re-reads the job rather than trusting the event, so a dropped event costs nothing but
 * an intermediate state.
 */
export async function* watchJob(
  ctx: ApiContext,
  req: WatchJobRequest,
  signal: AbortSignal,
): AsyncGenerator<WatchJobResponse> {
  const tw = await ctx.scopes.get(req.namespace);
  const id = await resolveJobId(tw, req.selector);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const events = streamEvents(tw, (e) => 'jobId' in e && e.jobId === id, stop.signal, ctx.limits.eventBufferSize);
    // Start the generator so its subscription exists before the snapshot read.
    const first = events.next();
    const snapshot = await tw.jobs.get(id);
    yield create(WatchJobResponseSchema, { job: jobToProto(snapshot) });
    if (isFinal(snapshot.state)) return;
    for (let next = await first; !next.done; next = await events.next()) {
      const { event } = next.value;
      if (event.type === 'job.deleted') {
        yield create(WatchJobResponseSchema, { event: eventToProto(event) });
        return;
      }
      const job = await tw.jobs.find(id);
      if (!job) {
        // Deleted: its job.deleted event is on its way; the watch ends either way.
        yield create(WatchJobResponseSchema, { event: eventToProto(event) });
        return;
      }
      yield create(WatchJobResponseSchema, { job: jobToProto(job), event: eventToProto(event) });
      if (isFinal(job.state)) return;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
