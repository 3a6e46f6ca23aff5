/**
 * Messages between a ThreadedSqliteStore (main thread) and its store thread. Plain objects sent by
 * structured clone: rows, `Map`s and arrays cross as they are, with no JSON step. Errors are the one
 * exception — structured clone keeps neither their class nor their own fields — so they travel
 * serialised (error-codec) and come back as the same TickworkError subclasses.
 */
import type { TickworkEvent } from '../../core/events.js';
import type { SerialisedError } from '../../worker/executors/error-codec.js';
import type { Store } from '../store.js';

/** Store methods the thread serves: the contract's, plus `checkpoint` and `close`. */
export type StoreMethod = Exclude<keyof Store, 'kind' | 'onEvents'> | 'checkpoint';

export const STORE_METHODS: ReadonlySet<string> = new Set<StoreMethod>([
  'migrate',
  'close',
  'checkpoint',
  'addJobs',
  'getJob',
  'listJobs',
  'updateJob',
  'pauseJob',
  'resumeJob',
  'cancelJob',
  'retryJob',
  'deleteJob',
  'listJobEvents',
  'acquireJobs',
  'extendJobLeases',
  'reportProgress',
  'finishJobs',
  'reapAbandonedJobs',
  'nextJobDueAt',
  'setQueuePaused',
  'queueStats',
  'upsertSchedule',
  'getSchedule',
  'listSchedules',
  'updateSchedule',
  'deleteSchedule',
  'acquireSchedules',
  'releaseSchedules',
  'liveOccurrences',
  'nextScheduleDueAt',
]);

/** main → thread: one call. `crash` is for tests: the thread dies as if the native addon had. */
export type CallMessage = { id: number; method: StoreMethod; args: unknown[] } | { id: number; method: 'crash' };

/**
 * thread → main. `events` are the committed events the call emitted, in commit order: the main side
 * hands them to its listeners before it settles the call, as the in-thread store does.
 */
export type ReplyMessage =
  | { id: number; ok: true; value: unknown; events: TickworkEvent[] | null }
  | { id: number; ok: false; error: SerialisedError; events: TickworkEvent[] | null };

/** thread → main, once, after start-up. */
export type StartMessage = { id: 0; ready: true } | { id: 0; ready: false; error: SerialisedError };

/** thread → main: events emitted outside any call (none today; kept so none can be lost). */
export interface LooseEventsMessage {
  id: -1;
  events: TickworkEvent[];
}

export type ThreadMessage = ReplyMessage | StartMessage | LooseEventsMessage;
