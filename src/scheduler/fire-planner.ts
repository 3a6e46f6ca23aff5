import { occurrenceId } from '../core/ids.js';
import type { Job, NewJob } from '../core/job.js';
import type { Schedule } from '../core/schedule.js';
import type { ScheduleRelease } from '../stores/store.js';
import type { Trigger } from '../triggers/trigger.js';
import { jobFromTemplate } from './job-from-template.js';

/** Most fires enumerated in one step; beyond it the planner jumps to the present (see planFires). */
export const MAX_FIRES_PER_STEP = 1000;
/** Misfire events recorded individually per step; the rest are only counted. */
const MAX_MISFIRE_EVENTS = 100;

export interface PlanInput {
  schedule: Schedule;
  trigger: Trigger;
  now: number;
  /** Fires due up to now + aheadMs are written ahead, as scheduled jobs with runAt = fire time. */
  aheadMs: number;
  /** Live occurrences of the schedule (needed unless overlap is `allow`). */
  live: Job[];
  random?: () => number;
}

/**
 * Decides, purely, what one scheduler step does with one leased schedule: which fires become
 * occurrences, which are misfires (too late for the grace time, coalesced away, beyond the catch-up cap,
 * or dropped by the overlap policy), and where the trigger resumes.
 *
 * Order of decisions, as in APScheduler: enumerate the fires due by now + aheadMs; drop those older than
 * the grace time (misfire `late`); coalesce the remaining overdue ones (`latest` keeps the newest,
 * `earliest` the oldest, `all` up to maxCatchUp); then apply the overlap policy fire by fire, counting
 * the occurrences this step writes as live. Fires ahead of now are never coalesced.
 */
export function planFires(input: PlanInput): ScheduleRelease {
  const { schedule, trigger, now } = input;
  const random = input.random ?? Math.random;
  const horizon = now + input.aheadMs;
  const release: ScheduleRelease = {
    namespace: schedule.namespace,
    id: schedule.id,
    triggerState: schedule.triggerState,
    nextFireAt: schedule.nextFireAt,
    lastFireAt: null,
    occurrences: [],
    cancelJobIds: [],
    fired: 0,
    misfires: [],
  };
  let missedUncounted = 0;
  const misfire = (fireTime: number, reason: string) => {
    if (release.misfires.length < MAX_MISFIRE_EVENTS) release.misfires.push({ fireTime, reason });
    else missedUncounted++;
  };

  // 1. Enumerate due fires. A long outage of a frequent trigger could hold millions: past the cap the
  //    planner jumps once to the present, counting the jumped-over fires as one `late` misfire.
  const due: number[] = [];
  let next = schedule.nextFireAt;
  let state = schedule.triggerState;
  let jumped = false;
  while (next !== null && next <= horizon && due.length < 2 * MAX_FIRES_PER_STEP) {
    if (due.length === MAX_FIRES_PER_STEP && !jumped && next < now) {
      jumped = true;
      misfire(next, 'late');
      const resumed = trigger.next(now - 1, state);
      next = resumed?.at ?? null;
      state = resumed?.state ?? state;
      continue;
    }
    due.push(next);
    const fire = trigger.next(next, state);
    next = fire?.at ?? null;
    state = fire?.state ?? state;
  }
  release.nextFireAt = next;
  release.triggerState = state;
  if (due.length === 0) return release;
  release.lastFireAt = due[due.length - 1]!;

  // 2. Grace time, then coalescing of the overdue fires.
  const grace = schedule.misfireGraceMs;
  const overdue: number[] = [];
  const ahead: number[] = [];
  for (const at of due) {
    if (at > now) ahead.push(at);
    else if (grace !== null && now - at > grace) misfire(at, 'late');
    else overdue.push(at);
  }
  let chosen: number[];
  if (overdue.length <= 1) chosen = overdue;
  else if (schedule.coalesce === 'latest') {
    chosen = overdue.slice(-1);
    for (const f of overdue.slice(0, -1)) misfire(f, 'coalesced');
  } else if (schedule.coalesce === 'earliest') {
    chosen = overdue.slice(0, 1);
    for (const f of overdue.slice(1)) misfire(f, 'coalesced');
  } else {
    chosen = overdue.slice(-schedule.maxCatchUp);
    for (const f of overdue.slice(0, overdue.length - chosen.length)) misfire(f, 'catch-up-cap');
  }
  chosen = chosen.concat(ahead);

  // 3. Overlap policy, fire by fire.
  let running = input.live.filter((j) => j.state === 'running').length;
  let waiting = input.live.length - running;
  for (const at of chosen) {
    if (schedule.overlap === 'skip' && running + waiting > 0) {
      misfire(at, 'overlap');
      continue;
    }
    if (schedule.overlap === 'queue-one' && waiting > 0) {
      misfire(at, 'overlap');
      continue;
    }
    if (schedule.overlap === 'cancel-previous') {
      for (const j of input.live) if (!release.cancelJobIds.includes(j.id)) release.cancelJobIds.push(j.id);
      for (const o of release.occurrences) release.cancelJobIds.push(o.id);
      release.occurrences = [];
      running = 0;
      waiting = 0;
    }
    release.occurrences.push(occurrenceFor(schedule, at, random));
    waiting++;
  }
  release.fired = release.occurrences.length;
  // Occurrences replaced within this step were never written: do not cancel what does not exist.
  if (schedule.overlap === 'cancel-previous') {
    const written = new Set(release.occurrences.map((o) => o.id));
    const liveIds = new Set(input.live.map((j) => j.id));
    release.cancelJobIds = release.cancelJobIds.filter((id) => liveIds.has(id) && !written.has(id));
  }
  if (missedUncounted > 0)
    release.misfires.push({ fireTime: release.lastFireAt, reason: `late (+${missedUncounted})` });
  return release;
}

function occurrenceFor(schedule: Schedule, at: number, random: () => number): NewJob {
  const jitter = schedule.trigger.jitterMs ? Math.floor(random() * (schedule.trigger.jitterMs + 1)) : 0;
  return jobFromTemplate(schedule, {
    id: occurrenceId(schedule.id, at),
    runAt: at + jitter,
    fireTime: at,
    deadline: schedule.misfireGraceMs === null ? null : at + jitter + schedule.misfireGraceMs,
  });
}
