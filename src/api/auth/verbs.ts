/**
 * What a token may do: a verb per RPC. A token lists verbs; `jobs:*` grants every `jobs:` verb and `*`
 * every verb. GetHealth and GetVersion need no verb (any valid token; no token at all when the server
 * sets `publicHealth`).
 */
export const VERBS = [
  'jobs:read',
  'jobs:write',
  'schedules:read',
  'schedules:write',
  'events:read',
  'workers',
  'admin:read',
  'admin:write',
] as const;
export type Verb = (typeof VERBS)[number];

/** `service/method` (proto names) → the verb it needs; null: any valid token. */
const PROCEDURES: Record<string, Verb | null> = {
  'tickwork.v1.JobService/Enqueue': 'jobs:write',
  'tickwork.v1.JobService/EnqueueBatch': 'jobs:write',
  'tickwork.v1.JobService/GetJob': 'jobs:read',
  'tickwork.v1.JobService/ListJobs': 'jobs:read',
  'tickwork.v1.JobService/UpdateJob': 'jobs:write',
  'tickwork.v1.JobService/PauseJob': 'jobs:write',
  'tickwork.v1.JobService/ResumeJob': 'jobs:write',
  'tickwork.v1.JobService/CancelJob': 'jobs:write',
  'tickwork.v1.JobService/DeleteJob': 'jobs:write',
  'tickwork.v1.JobService/RetryJob': 'jobs:write',
  'tickwork.v1.JobService/WatchJob': 'jobs:read',
  'tickwork.v1.JobService/ListJobEvents': 'jobs:read',
  'tickwork.v1.ScheduleService/UpsertSchedule': 'schedules:write',
  'tickwork.v1.ScheduleService/GetSchedule': 'schedules:read',
  'tickwork.v1.ScheduleService/ListSchedules': 'schedules:read',
  'tickwork.v1.ScheduleService/UpdateSchedule': 'schedules:write',
  'tickwork.v1.ScheduleService/PauseSchedule': 'schedules:write',
  'tickwork.v1.ScheduleService/ResumeSchedule': 'schedules:write',
  'tickwork.v1.ScheduleService/DeleteSchedule': 'schedules:write',
  'tickwork.v1.ScheduleService/RunScheduleNow': 'schedules:write',
  'tickwork.v1.ScheduleService/PreviewSchedule': 'schedules:read',
  'tickwork.v1.EventService/Subscribe': 'events:read',
  'tickwork.v1.WorkerService/Connect': 'workers',
  'tickwork.v1.AdminService/GetQueueStats': 'admin:read',
  'tickwork.v1.AdminService/PauseQueue': 'admin:write',
  'tickwork.v1.AdminService/ResumeQueue': 'admin:write',
  'tickwork.v1.AdminService/GetHealth': null,
  'tickwork.v1.AdminService/GetVersion': null,
  'tickwork.v1.AdminService/ListWorkers': 'admin:read',
};

/** The verb a procedure needs: null for none; undefined for a procedure this table does not know. */
export function verbFor(service: string, method: string): Verb | null | undefined {
  return PROCEDURES[`${service}/${method}`];
}

export function isPublicProbe(service: string, method: string): boolean {
  return service === 'tickwork.v1.AdminService' && (method === 'GetHealth' || method === 'GetVersion');
}

/** Whether a list of granted verbs (with `*` and `resource:*` wildcards) covers `verb`. */
export function grants(granted: ReadonlySet<string>, verb: Verb): boolean {
  if (granted.has('*') || granted.has(verb)) return true;
  const colon = verb.indexOf(':');
  return colon > 0 && granted.has(`${verb.slice(0, colon)}:*`);
}

/** Checks a configured verb: one of VERBS, `*`, or `resource:*` for a resource that has verbs. */
export function isVerbPattern(value: string): boolean {
  if (value === '*' || (VERBS as readonly string[]).includes(value)) return true;
  return value.endsWith(':*') && VERBS.some((v) => v.startsWith(value.slice(0, -1)));
}
