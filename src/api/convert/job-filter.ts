import type { JobListFilter } from '../../tickwork/jobs.js';
import type { JobFilter } from '../../gen/tickwork/v1/jobs_pb.js';
import { jobStates } from './enums.js';
import { optionalMsFromTimestamp } from './time.js';

/** ListJobs' filter → the facade's. Empty strings and lists mean "no condition". */
export function jobFilterFromProto(f: JobFilter | undefined): JobListFilter {
  if (f === undefined) return {};
  const filter: JobListFilter = {};
  if (f.states.length > 0) filter.states = f.states.map((s, i) => jobStates.core(s, `filter.states[${i}]`));
  if (f.queues.length > 0) filter.queues = [...f.queues];
  if (f.handlers.length > 0) filter.handlers = [...f.handlers];
  if (f.key !== '') filter.key = f.key;
  if (f.scheduleId !== '') filter.scheduleId = f.scheduleId;
  const from = optionalMsFromTimestamp(f.runAtFrom, 'filter.run_at_from');
  if (from !== undefined) filter.runAtFrom = from;
  const to = optionalMsFromTimestamp(f.runAtTo, 'filter.run_at_to');
  if (to !== undefined) filter.runAtTo = to;
  if (f.payloadContains !== '') filter.payloadContains = f.payloadContains;
  return filter;
}
