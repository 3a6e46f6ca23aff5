import type { JobEventType } from '../../core/events.js';
import { isFinal, type Job, type JobFailure } from '../../core/job.js';
import type { HotChange } from '../hot-changes.js';
import type { JobRef } from '../hot-tier.js';
import { jobFromFields, MalformedRecordError, parseJsonText, parseMutable, stateFromCode } from './record-codec.js';

/**
 * Change records: `<type>|<leaseUntil or empty>|<record lines 1-4>[\n<record lines 5-6>]`, one per
 * job per transition (see lua/includes/change-log.lua). Lines 1-4 are the job's mutable state after
 * the step, the very text Lua wrote to the record, so logging costs no second encoding.
 */
const TYPES: ReadonlySet<string> = new Set([
  'added',
  'updated',
  'started',
  'progress',
  'succeeded',
  'failed',
  'retried',
  'stalled',
  'paused',
  'resumed',
  'cancelled',
  'deleted',
]);

const CANCEL_REASONS: ReadonlySet<string> = new Set(['cancelled', 'misfired', 'aborted']);

/** The `job.added` record of a pushed job (built by the caller of push.lua, not in Lua). */
export function addedChange(mutable: string, tail: string | null): string {
  return tail === null ? `added||${mutable}` : `added||${mutable}\n${tail}`;
}

export function decodeChange(ref: JobRef, value: string, horizonMs: number): HotChange {
  const first = value.indexOf('|');
  const second = first < 0 ? -1 : value.indexOf('|', first + 1);
  if (second < 0) throw new MalformedRecordError('change record has no type and lease');
  const kind = value.slice(0, first);
  if (!TYPES.has(kind)) throw new MalformedRecordError(`unknown change type "${kind}"`);
  const leaseText = value.slice(first + 1, second);
  const leaseUntil = leaseText === '' ? null : Number(leaseText);
  const lines = value.slice(second + 1).split('\n');
  if (lines.length !== 4 && lines.length !== 6) throw new MalformedRecordError('change record has the wrong lines');
  const f = parseMutable(lines);
  const state = stateFromCode(f.s);
  const job: Job | null = lines.length === 6 ? jobFromFields(ref, f, lines[4]!, lines[5]!, leaseUntil) : null;
  const runAt = Number(f.t);
  const at = Number(f.u);
  const waitingFar = (state === 'scheduled' || state === 'paused') && runAt > at + horizonMs;
  const num = (text: string): number | null => (text === '' ? null : Number(text));
  return {
    namespace: ref.namespace,
    queue: ref.queue,
    jobId: ref.id,
    type: `job.${kind}` as JobEventType,
    version: Number(f.v),
    at,
    state,
    attempt: Number(f.a),
    runAt,
    priority: num(f.P) ?? 0,
    stalls: num(f.n) ?? 0,
    pausedFrom: state === 'paused' ? (f.pf === 's' ? 'scheduled' : 'queued') : null,
    leaseOwner: state === 'running' && f.w !== '' ? f.w : null,
    leaseUntil: state === 'running' ? leaseUntil : null,
    startedAt: num(f.st),
    finishedAt: num(f.fi),
    progress: parseJsonText(f.g, 'progress'),
    result: parseJsonText(f.R, 'result'),
    error: parseJsonText<JobFailure>(f.e, 'error'),
    cancelReason:
      state === 'cancelled' && CANCEL_REASONS.has(f.cr) ? (f.cr as NonNullable<HotChange['cancelReason']>) : null,
    job,
    retirable: kind !== 'deleted' && (isFinal(state) || waitingFar),
  };
}
