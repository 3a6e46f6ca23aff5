import { create } from '@bufbuild/protobuf';
import { isJobEvent, type TickworkEvent } from '../../core/events.js';
import { EventSchema, type Event, type EventFilter } from '../../gen/tickwork/v1/events_pb.js';
import { eventTypes, jobStates } from './enums.js';
import { optionalValue } from './json-value.js';
import { optionalTimestamp, timestamp } from './time.js';

// Occurrence ids are `<schedule id>@<ISO fire time>` (src/core/ids.ts).
const OCCURRENCE_ID = /^(.+)@\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The schedule a job event belongs to. Core job events do not carry it, so it is read from the
 * occurrence id; a RunScheduleNow job (whose id is a plain UUID) is not recognised. See the report on
 * issue 4: JobEvent should carry scheduleId.
 */
export function scheduleIdOfJob(jobId: string): string {
  return OCCURRENCE_ID.exec(jobId)?.[1] ?? '';
}

export function eventToProto(e: TickworkEvent): Event {
  if (isJobEvent(e)) {
    return create(EventSchema, {
      type: eventTypes.wire(e.type),
      namespace: e.namespace,
      at: timestamp(e.at),
      subject: {
        case: 'job',
        value: {
          jobId: e.jobId,
          queue: e.queue,
          handler: e.handler,
          state: jobStates.wire(e.state),
          attempt: e.attempt,
          runAt: timestamp(e.runAt),
          data: optionalValue(e.data),
          scheduleId: scheduleIdOfJob(e.jobId),
        },
      },
    });
  }
  return create(EventSchema, {
    type: eventTypes.wire(e.type),
    namespace: e.namespace,
    at: timestamp(e.at),
    subject: {
      case: 'schedule',
      value: {
        scheduleId: e.scheduleId,
        fireTime: optionalTimestamp(e.fireTime),
        jobId: e.jobId ?? '',
        reason: e.reason ?? '',
      },
    },
  });
}

/**
 * Subscribe's filter as a predicate over core events, with the IDL's semantics: every set field must
 * match; job-only fields (job_ids, queues) exclude schedule events; schedule_ids matches a schedule's own
 * events and its occurrences' job events. Unknown or UNSPECIFIED types are refused up front.
 */
export function eventMatcher(f: EventFilter | undefined): (e: TickworkEvent) => boolean {
  if (f === undefined) return () => true;
  const types = f.types.length > 0 ? new Set(f.types.map((t, i) => eventTypes.core(t, `filter.types[${i}]`))) : null;
  const jobIds = f.jobIds.length > 0 ? new Set(f.jobIds) : null;
  const queues = f.queues.length > 0 ? new Set(f.queues) : null;
  const scheduleIds = f.scheduleIds.length > 0 ? new Set(f.scheduleIds) : null;
  return (e) => {
    if (types && !types.has(e.type)) return false;
    if (isJobEvent(e)) {
      if (jobIds && !jobIds.has(e.jobId)) return false;
      if (queues && !queues.has(e.queue)) return false;
      if (scheduleIds && !scheduleIds.has(scheduleIdOfJob(e.jobId))) return false;
      return true;
    }
    if (jobIds || queues) return false;
    if (scheduleIds && !scheduleIds.has(e.scheduleId)) return false;
    return true;
  };
}
