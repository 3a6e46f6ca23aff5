import type { NewJob } from '../core/job.js';
import type { Schedule } from '../core/schedule.js';

/** A job made from a schedule's template: an occurrence of a fire, or a run-now outside the trigger. */
export function jobFromTemplate(
  schedule: Schedule,
  job: { id: string; runAt: number; fireTime: number | null; deadline: number | null },
): NewJob {
  const t = schedule.job;
  return {
    ...job,
    namespace: schedule.namespace,
    queue: t.queue,
    handler: t.handler,
    target: t.target ?? null,
    payload: t.payload,
    priority: t.priority,
    maxAttempts: t.maxAttempts,
    backoff: t.backoff,
    timeoutMs: t.timeoutMs,
    key: null,
    onKeyConflict: 'return-existing',
    scheduleId: schedule.id,
    paused: false,
  };
}
