import type { JobEventType } from '../core/events.js';
import type { Job, JobFailure, JobState } from '../core/job.js';
import type { Json } from '../core/json.js';
import type { QueueRef } from './hot-tier.js';

/**
 * The change log the flusher drains (brief §5): every transition of a hot job appends one record in
 * the same atomic step. A record carries the job's whole mutable state after the step, so applying the
 * newest version of each job is enough; `job` (payload included) comes with `job.added` when pushed
 * with `logJobs` and with every `job.updated`.
 */
export interface HotChange extends QueueRef {
  jobId: string;
  /** What happened, as the store's history names it. */
  type: JobEventType;
  /** Per job, +1 per transition: apply only when newer than the store's copy. */
  version: number;
  /** When it happened (the job's updatedAt). */
  at: number;
  state: JobState;
  attempt: number;
  runAt: number;
  priority: number;
  stalls: number;
  pausedFrom: 'scheduled' | 'queued' | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  progress: Json | null;
  result: Json | null;
  error: JobFailure | null;
  /** Why a `job.cancelled` happened. */
  cancelReason: 'cancelled' | 'misfired' | 'aborted' | null;
  /** The whole job after the step (`job.added` with logJobs, `job.updated`); null otherwise. */
  job: Job | null;
  /**
   * True when the job may leave Redis once this change is in the store: it is final, or waiting beyond
   * the horizon. `ackChanges` retires such jobs (the receipt lists them).
   */
  retirable: boolean;
  /** The log entry (stream id) it was read from: a flusher may leave that entry unacked for later. */
  entry?: string;
}

export interface ReadChangesRequest {
  /** The flusher's stable name: unacked entries are redelivered to the same name. */
  consumer: string;
  /** At most this many log entries per queue for redeliveries, and as many new ones (an entry is one step's changes). */
  limit: number;
  /** Only this namespace's queues; all when omitted. */
  namespace?: string;
  /** Take over entries another consumer has left unacked at least this long (ms). Omitted: never. */
  reclaimIdleMs?: number;
}

export interface ChangeBatch {
  /** Per queue in log order; queues one after another. */
  changes: HotChange[];
  /** What to pass to `ackChanges` once the changes are in the store. */
  receipt: ChangeReceipt;
}

/** The log entries a batch was read from. */
export interface ChangeReceipt {
  readonly entries: readonly ChangeReceiptEntry[];
}

export interface ChangeReceiptEntry extends QueueRef {
  /** Log entry ids (Redis stream ids). */
  readonly ids: readonly string[];
  /** Jobs the batch made retirable, with the newest version of each in the batch. */
  readonly retire: readonly { id: string; version: number }[];
}
