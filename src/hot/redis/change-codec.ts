import type { JobEventType } from '../../core/events.js';
import { isFinal, type Job, type JobFailure } from '../../core/job.js';
import type { HotChange } from '../hot-changes.js';
import type { JobRef } from '../hot-tier.js';
import {
  jobFromHeader,
  MalformedRecordError,
  parseHeader,
  parseJsonText,
  splitRecord,
  stateFromCode,
} from './record-codec.js';

/**
 * Change records: `<type>|<leaseUntil or empty>|<header JSON>[\n<payload JSON>]`, one per job per
 * transition (see lua/includes/change-log.lua). The header is the job's record header after the
 * step, so the flusher gets the whole mutable state without Lua encoding anything twice.
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
export function addedChange(header: string, payload: string | null): string {
  return payload === null ? `added||${header}` : `added||${header}\n${payload}`;
}

export function decodeChange(ref: JobRef, value: string, horizonMs: number): HotChange {
  const first = value.indexOf('|');
  const second = first < 0 ? -1 : value.indexOf('|', first + 1);
  if (second < 0) throw new MalformedRecordError('change record has no type and lease');
  const kind = value.slice(0, first);
  if (!TYPES.has(kind)) throw new MalformedRecordError(`unknown change type "${kind}"`);
  const leaseText = value.slice(first + 1, second);
  const leaseUntil = leaseText === '' ? null : Number(leaseText);
  const [headerText, payload] = splitRecord(value.slice(second + 1));
  const h = parseHeader(headerText);
  const state = stateFromCode(h.s);
  const job: Job | null = payload === null ? null : jobFromHeader(ref, h, payload, leaseUntil);
  const waitingFar = (state === 'scheduled' || state === 'paused') && h.t > h.u + horizonMs;
  return {
    namespace: ref.namespace,
    queue: ref.queue,
    jobId: ref.id,
    type: `job.${kind}` as JobEventType,
    version: h.v,
    at: h.u,
    state,
    attempt: h.a,
    runAt: h.t,
    priority: h.P ?? 0,
    stalls: h.n ?? 0,
    pausedFrom: state === 'paused' ? (h.pf === 's' ? 'scheduled' : 'queued') : null,
    leaseOwner: state === 'running' ? (h.w ?? null) : null,
    leaseUntil: state === 'running' ? leaseUntil : null,
    startedAt: h.st ?? null,
    finishedAt: h.fi ?? null,
    progress: parseJsonText(h.g, 'progress'),
    result: parseJsonText(h.R, 'result'),
    error: parseJsonText<JobFailure>(h.e, 'error'),
    cancelReason:
      state === 'cancelled' && h.cr !== undefined && CANCEL_REASONS.has(h.cr)
        ? (h.cr as HotChange['cancelReason'])
        : null,
    job,
    retirable: kind !== 'deleted' && (isFinal(state) || waitingFar),
  };
}
