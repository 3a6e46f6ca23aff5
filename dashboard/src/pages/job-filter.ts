import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { JobState } from '../../../src/gen/tickwork/v1/common_pb.js';
import { JobFilterSchema, type JobFilter } from '../../../src/gen/tickwork/v1/jobs_pb.js';

/** The job list's filter as it sits in the URL (`?queue=emails&state=failed`), so views can be linked. */
export interface FilterValues {
  queue: string;
  state: string;
  handler: string;
  key: string;
  schedule: string;
  /** `datetime-local` values: local wall time, no zone. */
  from: string;
  to: string;
  payload: string;
}

export const FILTER_FIELDS = ['queue', 'state', 'handler', 'key', 'schedule', 'from', 'to', 'payload'] as const;

export function filterFromQuery(query: URLSearchParams): FilterValues {
  const values = {} as FilterValues;
  for (const f of FILTER_FIELDS) values[f] = query.get(f) ?? '';
  return values;
}

export function filterToQuery(values: FilterValues): string {
  const query = new URLSearchParams();
  for (const f of FILTER_FIELDS) if (values[f].trim() !== '') query.set(f, values[f].trim());
  const s = query.toString();
  return s ? `?${s}` : '';
}

function stateOf(name: string): JobState | null {
  const value = JobState[name.toUpperCase() as keyof typeof JobState];
  return typeof value === 'number' && value !== JobState.UNSPECIFIED ? value : null;
}

/** The filter for ListJobs. Empty fields filter nothing. */
export function filterToProto(values: FilterValues): JobFilter {
  const state = stateOf(values.state);
  const from = values.from ? new Date(values.from) : null;
  const to = values.to ? new Date(values.to) : null;
  return create(JobFilterSchema, {
    states: state === null ? [] : [state],
    queues: values.queue ? [values.queue] : [],
    handlers: values.handler ? [values.handler] : [],
    key: values.key,
    scheduleId: values.schedule,
    runAtFrom: from && !Number.isNaN(from.getTime()) ? timestampFromDate(from) : undefined,
    runAtTo: to && !Number.isNaN(to.getTime()) ? timestampFromDate(to) : undefined,
    payloadContains: values.payload,
  });
}
