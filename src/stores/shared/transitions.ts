import { InvalidStateError } from '../../core/errors.js';
import { effectiveState, type Job, type JobState } from '../../core/job.js';

/**
 * The job state machine as the stores apply it, in one table so every adapter agrees (brief §4).
 * Decisions are made on the *effective* state (a due `scheduled` job is `queued`), which is what the
 * caller saw. `apply` writes the transition, `unchanged` returns the job as it is (idempotent repeats),
 * `invalid` is InvalidStateError.
 *
 *   operation │ scheduled queued  running   paused    succeeded failed    cancelled
 *   ──────────┼────────────────────────────────────────────────────────────────────
 *   update    │ apply     apply   invalid   apply     invalid   invalid   invalid
 *   pause     │ apply     apply   invalid   unchanged invalid   invalid   invalid
 *   resume    │ unchanged unchanged unchanged apply   invalid   invalid   invalid
 *   cancel    │ apply     apply   apply     apply     invalid   invalid   unchanged
 *   retry     │ invalid   invalid invalid   invalid   invalid   apply     apply
 *   delete    │ apply in every state
 */
export type JobOperation = 'update' | 'pause' | 'resume' | 'cancel' | 'retry';
export type TransitionDecision = 'apply' | 'unchanged' | 'invalid';

const A = 'apply';
const U = 'unchanged';
const X = 'invalid';

const TABLE: Record<JobOperation, Record<JobState, TransitionDecision>> = {
  update: { scheduled: A, queued: A, running: X, paused: A, succeeded: X, failed: X, cancelled: X },
  pause: { scheduled: A, queued: A, running: X, paused: U, succeeded: X, failed: X, cancelled: X },
  resume: { scheduled: U, queued: U, running: U, paused: A, succeeded: X, failed: X, cancelled: X },
  cancel: { scheduled: A, queued: A, running: A, paused: A, succeeded: X, failed: X, cancelled: U },
  retry: { scheduled: X, queued: X, running: X, paused: X, succeeded: X, failed: A, cancelled: A },
};

export function decideTransition(operation: JobOperation, state: JobState): TransitionDecision {
  return TABLE[operation][state];
}

/**
 * Decides `operation` for a job whose stored state and runAt are given: true to apply, false when the
 * job is returned unchanged; throws InvalidStateError (naming the effective state) otherwise.
 */
export function mustTransition(
  operation: JobOperation,
  job: Pick<Job, 'id' | 'state' | 'runAt'>,
  now: number,
): boolean {
  const state = effectiveState(job.state, job.runAt, now);
  const decision = TABLE[operation][state];
  if (decision === 'invalid') throw new InvalidStateError(job.id, state, operation);
  return decision === 'apply';
}

/** The state a waiting job is stored in: `scheduled` while its runAt is ahead, else `queued`. */
export function waitingState(runAt: number, now: number): 'scheduled' | 'queued' {
  return runAt > now ? 'scheduled' : 'queued';
}

export const LIVE_STATE_SET: ReadonlySet<JobState> = new Set(['scheduled', 'queued', 'running', 'paused']);

export function isLive(state: JobState): boolean {
  return LIVE_STATE_SET.has(state);
}

/** A lease is held while now < leaseUntil. */
export function leaseExpired(leaseUntil: number | null, now: number): boolean {
  return leaseUntil === null || leaseUntil <= now;
}
