import type { Job, JobFilter, JobOutcome, JobPatch, NewJob, Page, PageRequest, QueueStats } from '../core/job.js';
import type { JobEvent, TickworkEvent } from '../core/events.js';
import type { NewSchedule, Schedule, ScheduleFilter, SchedulePatch } from '../core/schedule.js';
import type { TriggerState } from '../triggers/trigger.js';

/**
 * The Store: the system of record (brief §5). It holds schedules, jobs and every job's history, and it
 * coordinates any number of scheduler and worker processes through leases. Nothing above this contract
 * knows which store it runs on; one conformance suite (test/conformance) holds every adapter to it.
 *
 * Invariants every adapter keeps:
 * - Each method is one atomic step: it happens entirely or not at all.
 * - Every job transition records a `JobEvent` in the job's history in the same atomic step, and after
 *   commit hands the events to the `onEvents` listeners (in commit order). Listeners only learn; they
 *   cannot veto. `job.progress` is not kept in the history.
 * - Namespaces are walls: a call scoped to namespace A never reads or changes a row of namespace B.
 * - Reads report a stored `scheduled` job whose runAt has passed as `queued` (see `effectiveState`), and
 *   state filters use that same view.
 * - Times are epoch milliseconds passed in by the caller (`now`), so tests and stores agree on time.
 * - A lease (job or schedule) is held while `now < leaseUntil`; at `leaseUntil` it has expired.
 * - Job ids are unique per namespace (occurrence ids derive from the schedule id, which two namespaces
 *   may share). Worker-side calls name jobs by id and take the namespace when given (`LeaseRef`,
 *   `FencedOutcome`); without it they act on the job of that id their fence matches (running under that
 *   worker and attempt), and report on the oldest job of that id when none does.
 * - Not found is `JobNotFoundError` / `ScheduleNotFoundError`; a disallowed transition is
 *   `InvalidStateError`; a lost connection is the retryable `StoreUnavailableError`.
 */
export interface Store {
  /** A short name for logs and metrics: `memory`, `sqlite`, `postgres`. */
  readonly kind: string;

  /** Creates or upgrades the schema; refuses (SchemaTooNewError) a schema newer than the code. */
  migrate(): Promise<void>;
  /** Releases what the store opened itself; a connection passed in by the caller stays open. */
  close(): Promise<void>;
  /** Registers a listener for committed events; returns the function that removes it. */
  onEvents(listener: (events: TickworkEvent[]) => void): () => void;

  // ── Jobs: the producer's side ─────────────────────────────────────────────────────────────────────

  /**
   * Writes jobs in one atomic batch, in order. A job whose id exists already is not written again
   * (`created: false`, the stored job returned): occurrences and retried submissions are idempotent.
   * A keyed job meeting a live job with the same key follows its `onKeyConflict`: `return-existing`
   * (nothing written), `replace` (the live one is cancelled, the new one written; a running one is
   * cancelled and told through its lease), or `reject` (that entry fails with JobKeyConflictError,
   * the others are still written). Entries of one batch see the entries before them.
   * A new job is stored `scheduled` when its runAt is after `now`, else `queued` (or `paused`).
   */
  addJobs(jobs: NewJob[], now: number): Promise<AddJobResult[]>;
  getJob(namespace: string, id: string, now: number): Promise<Job | null>;
  /** Newest first by (createdAt, id). */
  listJobs(filter: JobFilter, page: PageRequest, now: number): Promise<Page<Job>>;
  /** Changes a scheduled, queued or paused job; InvalidStateError for running and final jobs. */
  updateJob(namespace: string, id: string, patch: JobPatch, now: number): Promise<Job>;
  /** scheduled | queued → paused. Pausing a paused job returns it unchanged. */
  pauseJob(namespace: string, id: string, now: number): Promise<Job>;
  /** paused → scheduled | queued. Resuming a live, unpaused job returns it unchanged; a final one is InvalidStateError. */
  resumeJob(namespace: string, id: string, now: number): Promise<Job>;
  /**
   * Any non-final state → cancelled. A running job's lease is voided, so its worker's next heartbeat
   * learns it and aborts the handler, and its completion is rejected. Cancelling a cancelled job
   * returns it unchanged; a succeeded or failed one is InvalidStateError.
   */
  cancelJob(namespace: string, id: string, now: number): Promise<Job>;
  /**
   * A failed or cancelled job → queued again (runAt = now) with a fresh attempt budget: attempt restarts
   * at 0, stalls at 0, result and error cleared. A keyed job whose key a live job took meanwhile is
   * JobKeyConflictError. (A worker still running the old attempt is fenced by its lost lease.)
   */
  retryJob(namespace: string, id: string, now: number): Promise<Job>;
  /** Removes the job and its history, in any state (a running one as in cancelJob). False if absent. */
  deleteJob(namespace: string, id: string, now: number): Promise<boolean>;
  /** The job's history, oldest first; empty when the job does not exist. */
  listJobEvents(namespace: string, id: string): Promise<JobEvent[]>;

  // ── Jobs: the worker's side ───────────────────────────────────────────────────────────────────────

  /**
   * Claims up to `limit` due jobs (runAt <= now, state scheduled or queued, queue not paused) in
   * (priority, runAt) order and marks them running under a lease: attempt + 1 (the fencing token),
   * leaseOwner, leaseUntil = now + leaseMs. Two concurrent calls never claim the same job. A job past its
   * `deadline` (deadline < now) is not claimed but cancelled as MISFIRED in the same step (and reported
   * in `misfired`); misfired jobs do not count against `limit`.
   */
  acquireJobs(request: AcquireJobsRequest): Promise<AcquireJobsResult>;
  /**
   * Extends the leases the worker still holds; returns the ids it no longer holds (cancelled, paused,
   * deleted or taken over), whose handlers the worker must abort.
   */
  extendJobLeases(workerId: string, leases: LeaseRef[], leaseMs: number, now: number): Promise<string[]>;
  /** Records progress of a held attempt (fenced); false if the lease is lost. Emits `job.progress`, not kept in history. */
  reportProgress(lease: LeaseRef & { workerId: string }, progress: unknown, now: number): Promise<boolean>;
  /**
   * Records outcomes in one batch. Each is fenced: applied only if the job is still running under that
   * worker and attempt; otherwise it is reported stale and nothing changes (a stale worker's completion
   * is rejected). `retry` returns the job to scheduled at the given runAt; `aborted` (the attempt stopped
   * while the job still held its lease) cancels it. Results come back in the order of `outcomes`.
   */
  finishJobs(outcomes: FencedOutcome[], now: number): Promise<FinishResult[]>;
  /**
   * Repairs jobs whose lease expired while running (a crashed or stuck worker): each stall is counted;
   * the job is re-queued (`job.stalled`), or failed once it has used its attempts (`job.stalled` then
   * `job.failed`, error code WORKER_CRASHED). Oldest lease first. Returns the jobs it changed.
   */
  reapAbandonedJobs(now: number, limit: number): Promise<Job[]>;
  /**
   * The earliest runAt among claimable jobs (scheduled or queued, queue not paused) of these queues and
   * handlers (all when null or omitted), or null. Pass the handlers a worker can run, or a job nobody
   * there can run keeps reporting itself due.
   */
  nextJobDueAt(namespace: string | null, queues: string[] | null, handlers?: string[] | null): Promise<number | null>;

  // ── Queues ────────────────────────────────────────────────────────────────────────────────────────

  /** A paused queue keeps accepting jobs but none are claimed from it. */
  setQueuePaused(namespace: string, queue: string, paused: boolean, now: number): Promise<void>;
  /** Counts by (effective) state for every queue that has jobs or a pause switch. */
  queueStats(namespace: string, now: number): Promise<QueueStats[]>;

  // ── Schedules ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates the schedule, or replaces its definition keeping counters, lastFireAt and createdAt
   * (`created` says which). Replacing frees its lease, so an in-flight scheduler step cannot overwrite
   * the new definition (its release is skipped as lost).
   */
  upsertSchedule(schedule: NewSchedule, now: number): Promise<{ schedule: Schedule; created: boolean }>;
  getSchedule(namespace: string, id: string): Promise<Schedule | null>;
  /** Ordered by id. */
  listSchedules(filter: ScheduleFilter, page: PageRequest): Promise<Page<Schedule>>;
  /**
   * Applies the patch (`job` merged into the template) and frees the lease as upsertSchedule does.
   * Events: `schedule.paused` / `schedule.resumed` when `paused` flips, `schedule.updated` for the rest.
   */
  updateSchedule(namespace: string, id: string, patch: SchedulePatch, now: number): Promise<Schedule>;
  /** Removes the schedule; its occurrences stay. False if absent. */
  deleteSchedule(namespace: string, id: string, now: number): Promise<boolean>;

  /**
   * Leases up to `limit` unpaused schedules with nextFireAt <= dueBefore whose lease is free or expired,
   * to `schedulerId` until now + leaseMs, earliest nextFireAt first. Two schedulers never hold the same
   * schedule.
   */
  acquireSchedules(request: AcquireSchedulesRequest): Promise<Schedule[]>;
  /**
   * For each schedule still leased to `schedulerId`: writes its occurrences (idempotent by id, as in
   * addJobs; occurrence ids derive from the fire time, so a repeated fire writes nothing), cancels the
   * jobs named in `cancelJobIds` (overlap policy `cancel-previous`), advances its trigger state and
   * nextFireAt, adds to its counters, records its fired/misfired events, and frees the lease — all in
   * one atomic step. An entry whose lease was lost is skipped and reported in the result. Events:
   * `schedule.fired` for each occurrence created, `schedule.misfired` for each entry of `misfires`.
   */
  releaseSchedules(schedulerId: string, releases: ScheduleRelease[], now: number): Promise<ReleaseResult[]>;
  /**
   * Live occurrences (scheduled, queued, running, paused) of each schedule, for overlap policies; every
   * requested id is a key (an empty list when none), jobs oldest first.
   */
  liveOccurrences(namespace: string, scheduleIds: string[], now: number): Promise<Map<string, Job[]>>;
  /**
   * The earliest nextFireAt among unpaused schedules, or null. A schedule leased to a scheduler counts
   * from when its lease expires (max(nextFireAt, leaseUntil)): waking earlier could not acquire it.
   */
  nextScheduleDueAt(): Promise<number | null>;
}

export interface AddJobResult {
  /** The stored job: the new one, or the existing one when nothing was written. */
  job: Job;
  created: boolean;
  /** Set when the entry was refused (key conflict under `reject`); `job` is then the holder. */
  error?: Error;
}

export interface AcquireJobsRequest {
  workerId: string;
  /** Only this namespace; null: all. */
  namespace: string | null;
  /** Only these queues; null: all. */
  queues: string[] | null;
  /** Only these handlers (the ones the worker can run); null: all. */
  handlers: string[] | null;
  limit: number;
  leaseMs: number;
  now: number;
  /**
   * Also claim jobs due up to this time (>= now): the worker prefetches them and starts each at its
   * runAt from an in-memory timer, so the claim's cost is paid before the fire time, not at it.
   * Deadlines are still judged against `now`. Default: `now` (due jobs only).
   */
  dueBy?: number;
}

export interface AcquireJobsResult {
  jobs: Job[];
  /** Jobs found past their deadline and cancelled as MISFIRED instead. */
  misfired: Job[];
}

export interface LeaseRef {
  id: string;
  attempt: number;
  /** The job's namespace; recommended (see the Store's invariants on ids). */
  namespace?: string;
}

/** An outcome as finishJobs takes it: the job's namespace may come along, as in LeaseRef. */
export type FencedOutcome = JobOutcome & { namespace?: string };

export interface FinishResult {
  id: string;
  /** False when the outcome was stale (lease lost) and nothing was written. */
  applied: boolean;
  /** The job after the step, when it still exists. */
  job: Job | null;
}

export interface AcquireSchedulesRequest {
  schedulerId: string;
  limit: number;
  leaseMs: number;
  dueBefore: number;
  now: number;
}

export interface ScheduleRelease {
  namespace: string;
  id: string;
  triggerState: TriggerState;
  nextFireAt: number | null;
  /** The latest nominal fire handled in this step (fired or misfired), if any. */
  lastFireAt: number | null;
  occurrences: NewJob[];
  cancelJobIds: string[];
  fired: number;
  misfires: { fireTime: number; reason: string }[];
}

export interface ReleaseResult {
  id: string;
  applied: boolean;
  /** The occurrences written (existing ones included, `created: false`). */
  occurrences: AddJobResult[];
}
