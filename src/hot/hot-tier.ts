import type { Job, JobOutcome, JobPatch, JobState } from '../core/job.js';
import type { Json } from '../core/json.js';
import type { TickworkError } from '../core/errors.js';
import type { ChangeBatch, ChangeReceipt, ReadChangesRequest } from './hot-changes.js';

/**
 * The hot tier (brief §5): the owner of the live state of jobs due within the *horizon*, for the
 * distributed mode. It is a library layer under a `TieredStore` (the Store contract, with a SQL store
 * as the system of record), a promoter (store → hot), a flusher (hot change log → store) and a
 * reconciler (repairs). It knows nothing of schedules, job keys or history: those stay in the store.
 *
 * Invariants every implementation keeps:
 * - Each method that changes state is ONE atomic step per queue (Redis: one Lua script). Batch methods
 *   whose items span several queues run one atomic step per queue; items of one queue are one step.
 * - A job lives in exactly one queue; every call names it by `JobRef` (namespace, queue, id). Moving
 *   a hot job to another queue is not supported (`HotJobPatch` has no `queue`): hand it back to the
 *   store instead.
 * - Memory grows with the jobs due soon: `push` refuses a job due after `now + horizonMs`; a finished
 *   job, and one rescheduled (update, retry) beyond the horizon, is *retirable*: once the flusher has
 *   written its change to the store, `ackChanges` removes it from Redis (the handoff back).
 * - Every state transition appends one change record to the queue's change log in the same atomic
 *   step, with the job's per-job `version` (+1 per transition). The flusher applies a change only when
 *   its version is newer than the store's copy, so redelivered or reordered batches are harmless.
 *   Lease extensions are not transitions and are not logged.
 * - Leases are fenced by (workerId, attempt): `claim` sets attempt + 1 as the fencing token; a stale
 *   worker's heartbeat loses the job and its outcome is rejected and reported, never thrown.
 * - A lease is held while `now < leaseUntil`. Times are epoch ms passed in by the caller.
 * - Reads report a stored `scheduled` job whose runAt has passed as `queued` (`effectiveState`).
 * - Not found is `JobNotFoundError`, a disallowed transition `InvalidStateError`, a stale lease
 *   `StaleLeaseError` (in batch results), Redis going away the retryable `HotTierUnavailableError`
 *   (code STORE_UNAVAILABLE). A malformed record is moved to the queue's quarantine and reported to
 *   `onQuarantine` listeners; calls then treat the job as absent.
 * - Idempotent by job id while the job is hot: pushing an id the queue holds writes nothing. Once a
 *   job is retired, the store holds it; re-pushing it is the caller's decision.
 */
export interface HotTier {
  /** Jobs due after `now + horizonMs` are never pushed; the promoter's scan threshold. */
  readonly horizonMs: number;
  /** Releases what the hot tier opened itself; a connection passed in by the caller stays open. */
  close(): Promise<void>;
  /** Learns of records moved to quarantine; returns the function that removes the listener. */
  onQuarantine(listener: (record: QuarantinedRecord) => void): () => void;

  // ── Producer ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Writes jobs in one step per queue, in order: due now (runAt <= now) → ready, due later within the
   * horizon → delayed, `paused` → held unindexed. A job already in the queue is not written again
   * (`created: false`, the stored job returned). A job beyond the horizon is refused
   * (`refused: 'beyond-horizon'`, nothing written). Only waiting jobs (scheduled, queued, paused) may
   * be pushed. Results come back in the order of `jobs`.
   */
  push(jobs: readonly PushJob[], options: PushOptions): Promise<PushResult[]>;
  /** Moves up to `limit` due delayed jobs of the queue to ready; returns how many moved. `claim` does this too. */
  moveDue(queue: QueueRef, now: number, limit: number): Promise<number>;

  // ── Worker ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Claims up to `limit` ready jobs of one queue in (priority, runAt) order, first moving due delayed
   * jobs to ready. Nothing is claimed from a paused queue, and never more than the queue's concurrency
   * limit runs at once across all workers. Each claimed job becomes running: attempt + 1, leaseOwner,
   * leaseUntil = now + leaseMs. Two concurrent claims never take the same job. A job past its deadline
   * is cancelled as MISFIRED instead (in `misfired`; not counted against `limit`).
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Extends the leases the worker still holds; returns the ids it no longer holds (abort those). */
  extendLeases(workerId: string, leases: readonly HotLeaseRef[], leaseMs: number, now: number): Promise<string[]>;
  /** Records progress of a held attempt (fenced, logged as `job.progress`); false when the lease is lost. */
  reportProgress(lease: HotLeaseRef, workerId: string, progress: Json, now: number): Promise<boolean>;
  /**
   * Records outcomes, one step per queue. Each is fenced: applied only while the job is running under
   * that worker and attempt; otherwise it is rejected (`applied: false`, `error` says why) and nothing
   * changes. `retry` returns the job to waiting at its runAt; `aborted` cancels it. In input order.
   */
  finish(outcomes: readonly HotOutcome[], now: number): Promise<HotFinishResult[]>;

  // ── Control: one job, any time ──────────────────────────────────────────────────────────────────

  getJob(ref: JobRef, now: number): Promise<Job | null>;
  /** In the order of `refs`; null where absent. */
  getJobs(refs: readonly JobRef[], now: number): Promise<(Job | null)[]>;
  /** scheduled | queued → paused; a paused job is returned unchanged; others: InvalidStateError. */
  pauseJob(ref: JobRef, now: number): Promise<Job>;
  /** paused → scheduled | queued (by runAt); live unpaused jobs unchanged; final: InvalidStateError. */
  resumeJob(ref: JobRef, now: number): Promise<Job>;
  /** Changes a waiting job (scheduled, queued, paused); running or final: InvalidStateError. */
  updateJob(ref: JobRef, patch: HotJobPatch, now: number): Promise<Job>;
  /**
   * Any live state → cancelled. A running job's lease is voided: its worker's next `extendLeases`
   * reports it lost and its outcome is rejected. Cancelled: unchanged; succeeded, failed: InvalidStateError.
   */
  cancelJob(ref: JobRef, now: number): Promise<Job>;
  /** Removes the job in any state (a running one as in cancelJob), logging `job.deleted`. False if absent. */
  deleteJob(ref: JobRef, now: number): Promise<boolean>;
  /**
   * Hands a waiting job (scheduled, queued, paused) back to the store: removes it without a change
   * record and returns it with its version, which the caller writes to the store as the store's own
   * copy (the handoff of ownership back to the store). Null when absent; InvalidStateError when running
   * or final. Changes still in the log for it are older than the returned version.
   */
  demoteJob(ref: JobRef, now: number): Promise<DemotedJob | null>;

  // ── Queues ──────────────────────────────────────────────────────────────────────────────────────

  /** A paused queue keeps accepting jobs; none are claimed from it. */
  setQueuePaused(queue: QueueRef, paused: boolean): Promise<void>;
  /** Running jobs of the queue across all workers at most `limit`; null removes the limit. */
  setConcurrency(queue: QueueRef, limit: number | null): Promise<void>;
  queueInfo(queue: QueueRef): Promise<HotQueueInfo>;
  /** Every queue that was ever pushed to or configured (of one namespace when given). */
  listQueues(namespace?: string): Promise<QueueRef[]>;
  /** The earliest runAt among claimable jobs of these queues (paused queues skipped), or null. */
  nextDueAt(queues: readonly QueueRef[], now: number): Promise<number | null>;
  /**
   * Wake-up hints: `listener(queue, dueAt)` when a job of one of these queues may have become
   * claimable at `dueAt` (0: now): pushed, retried, resumed, rescheduled, re-queued by the reaper, the
   * queue resumed, or room freed under a concurrency limit. Only a hint: it may come late, twice or
   * not at all (a lost connection), so sleepers still wake at their cap. Uses a connection of its own;
   * the returned function ends the subscription (`close()` ends all).
   */
  subscribe(queues: readonly QueueRef[], listener: WakeListener): Promise<() => Promise<void>>;

  // ── Reconciler ──────────────────────────────────────────────────────────────────────────────────

  /** Running jobs whose lease expired (leaseUntil <= now), oldest first, at most `limit` per queue. */
  findExpiredLeases(now: number, limit: number, namespace?: string): Promise<ExpiredLease[]>;
  /**
   * For each expired lease (at most `limit` per queue): the stall is counted and the job re-queued
   * (`job.stalled`), or failed with WORKER_CRASHED once it has used its attempts (`job.stalled`,
   * `job.failed`). Returns the jobs after the step.
   */
  reapExpiredLeases(now: number, limit: number, namespace?: string): Promise<Job[]>;
  listQuarantined(queue: QueueRef): Promise<QuarantinedRecord[]>;

  // ── Flusher ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Reads change records from every queue's log (one namespace when given): first those delivered
   * to this consumer and not acked (a retry after a failed flush), then new ones. Each change is read
   * by one consumer until acked; `reclaimIdleMs` takes over entries another consumer left unacked
   * that long (a crashed flusher). Within a queue, changes come in log order.
   */
  readChanges(request: ReadChangesRequest): Promise<ChangeBatch>;
  /**
   * The flusher's commit, after the store has committed the batch: acknowledges and deletes the
   * batch's log entries and, in the same step per queue, retires the jobs its changes made retirable
   * (as `retire` does, with the newest version of each in the batch). So a job is never flushed and
   * acked yet left in Redis, and no index of finished jobs is needed.
   */
  ackChanges(receipt: ChangeReceipt, now: number): Promise<void>;
  /**
   * Hands jobs back to the store: removes each job that is final, or waiting (scheduled, paused) with
   * runAt beyond `now + horizonMs`, and whose version is at most the given one (a newer change is not
   * flushed yet). Others are kept and reported. In input order. `ackChanges` does this for its batch;
   * this is for the reconciler and tools.
   */
  retire(refs: readonly RetireRef[], now: number): Promise<RetireResult[]>;
}

export interface DemotedJob {
  job: Job;
  /** The job's change version in Redis when it left. */
  version: number;
}

export type WakeListener = (queue: QueueRef, dueAt: number) => void;

export interface QueueRef {
  namespace: string;
  queue: string;
}

export interface JobRef extends QueueRef {
  id: string;
}

export interface HotLeaseRef extends JobRef {
  attempt: number;
}

/**
 * A job to push: the job as it should be stored (state scheduled, queued or paused; the waiting state
 * is re-derived from runAt and `now`), and the last change version the store applied for it (0 for a
 * job never hot before), so versions keep increasing across stints in Redis.
 */
export type PushJob = Job & { baseVersion?: number };

export interface PushOptions {
  now: number;
  /**
   * Put the whole job (payload included) in its `job.added` change record. True when Redis is the
   * first and only copy (hot-first); false when the store wrote it before (store-first). Default true.
   */
  logJobs?: boolean;
}

export interface PushResult {
  id: string;
  created: boolean;
  /** The stored job (the new one, or the one already there); null when refused. */
  job: Job | null;
  /** Set when nothing was written because the job is due after `now + horizonMs`. */
  refused?: 'beyond-horizon';
}

export interface ClaimRequest extends QueueRef {
  workerId: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** Only jobs of these handlers (the ones the worker can run); null or omitted: all. */
  handlers?: readonly string[] | null;
  /**
   * Also claim delayed jobs due up to this time (prefetch): they start at their runAt (startedAt);
   * deadlines are judged at `now`. Default (or <= now): due jobs only.
   */
  dueBy?: number;
}

export interface ClaimResult {
  jobs: Job[];
  /** Jobs found past their deadline and cancelled as MISFIRED instead. */
  misfired: Job[];
  /** Jobs of the queue running after the claim, across all workers. */
  running: number;
}

/** An outcome as `finish` takes it: the worker's `JobOutcome` plus where the job lives. */
export type HotOutcome = JobOutcome & QueueRef;

export interface HotFinishResult {
  id: string;
  applied: boolean;
  /** The job's stored state after the step; null when it is not in Redis. */
  state: JobState | null;
  /** The job after the step when applied (null otherwise, or when its record does not decode). */
  job: Job | null;
  /** Why an outcome was rejected: `StaleLeaseError` (lease lost), `JobNotFoundError`. */
  error?: TickworkError;
}

/** The patch a hot job accepts: `JobPatch` without `queue` (a job stays in its queue's hash tag). */
export type HotJobPatch = Omit<JobPatch, 'queue'>;

export interface HotQueueInfo extends QueueRef {
  paused: boolean;
  /** Running jobs at most this many across all workers; null: no limit. */
  concurrency: number | null;
  /** Jobs stored in Redis for this queue (every state). */
  total: number;
  delayed: number;
  ready: number;
  running: number;
  quarantined: number;
  /** Change records written and not acked yet (log entries, each holding one step's changes). */
  logEntries: number;
}

export interface ExpiredLease extends JobRef {
  attempt: number;
  leaseOwner: string | null;
  leaseUntil: number;
}

export interface RetireRef extends JobRef {
  /** The newest version of the job the store has applied. */
  version: number;
}

export interface RetireResult {
  id: string;
  retired: boolean;
  /** Why it stayed: `live` (not final, not beyond the horizon), `newer` (unflushed changes), `absent`. */
  kept?: 'live' | 'newer' | 'absent';
}

export interface QuarantinedRecord extends JobRef {
  /** The record as found (may be cut to 4 kB in events). */
  raw: string;
  reason: string;
  at: number;
}
