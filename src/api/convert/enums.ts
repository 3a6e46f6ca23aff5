import { ValidationError } from '../../core/errors.js';
import type { JobEventType, ScheduleEventType } from '../../core/events.js';
import type { JobState as CoreJobState, KeyConflictPolicy as CoreKeyConflict } from '../../core/job.js';
import type { CoalescePolicy as CoreCoalesce, OverlapPolicy as CoreOverlap } from '../../core/schedule.js';
import { BackoffType, CoalescePolicy, JobState, OverlapPolicy } from '../../gen/tickwork/v1/common_pb.js';
import { EventType } from '../../gen/tickwork/v1/events_pb.js';
import { KeyConflictPolicy } from '../../gen/tickwork/v1/jobs_pb.js';

/**
 * Enum ↔ string-union pairs. Each table is written once and read both ways. Wire enums are open (a
 * client may send a number this server does not know), so every "from wire" direction refuses unknown
 * values with INVALID_ARGUMENT naming the field, and UNSPECIFIED means "server default" (undefined)
 * where the IDL says so.
 */
function pairs<W extends number, C extends string>(table: [W, C][]) {
  const toCore = new Map<number, C>(table);
  const toWire = new Map<C, W>(table.map(([w, c]) => [c, w]));
  return {
    wire: (core: C): W => toWire.get(core)!,
    core: (wire: W, field: string): C => {
      const value = toCore.get(wire);
      if (value === undefined) throw new ValidationError(field, `${wire} is not a valid value`);
      return value;
    },
    /** UNSPECIFIED (0) → undefined: the server's default. */
    optionalCore: (wire: W, field: string): C | undefined => {
      if (wire === 0) return undefined;
      const value = toCore.get(wire);
      if (value === undefined) throw new ValidationError(field, `${wire} is not a valid value`);
      return value;
    },
  };
}

export const jobStates = pairs<JobState, CoreJobState>([
  [JobState.SCHEDULED, 'scheduled'],
  [JobState.QUEUED, 'queued'],
  [JobState.RUNNING, 'running'],
  [JobState.SUCCEEDED, 'succeeded'],
  [JobState.FAILED, 'failed'],
  [JobState.CANCELLED, 'cancelled'],
  [JobState.PAUSED, 'paused'],
]);

export const backoffTypes = pairs<BackoffType, 'fixed' | 'exponential'>([
  [BackoffType.FIXED, 'fixed'],
  [BackoffType.EXPONENTIAL, 'exponential'],
]);

export const keyConflicts = pairs<KeyConflictPolicy, CoreKeyConflict>([
  [KeyConflictPolicy.RETURN_EXISTING, 'return-existing'],
  [KeyConflictPolicy.REPLACE, 'replace'],
  [KeyConflictPolicy.REJECT, 'reject'],
]);

export const coalescePolicies = pairs<CoalescePolicy, CoreCoalesce>([
  [CoalescePolicy.LATEST, 'latest'],
  [CoalescePolicy.EARLIEST, 'earliest'],
  [CoalescePolicy.ALL, 'all'],
]);

export const overlapPolicies = pairs<OverlapPolicy, CoreOverlap>([
  [OverlapPolicy.ALLOW, 'allow'],
  [OverlapPolicy.SKIP, 'skip'],
  [OverlapPolicy.QUEUE_ONE, 'queue-one'],
  [OverlapPolicy.CANCEL_PREVIOUS, 'cancel-previous'],
]);

export const eventTypes = pairs<EventType, JobEventType | ScheduleEventType>([
  [EventType.JOB_ADDED, 'job.added'],
  [EventType.JOB_UPDATED, 'job.updated'],
  [EventType.JOB_STARTED, 'job.started'],
  [EventType.JOB_PROGRESS, 'job.progress'],
  [EventType.JOB_SUCCEEDED, 'job.succeeded'],
  [EventType.JOB_FAILED, 'job.failed'],
  [EventType.JOB_RETRIED, 'job.retried'],
  [EventType.JOB_STALLED, 'job.stalled'],
  [EventType.JOB_PAUSED, 'job.paused'],
  [EventType.JOB_RESUMED, 'job.resumed'],
  [EventType.JOB_CANCELLED, 'job.cancelled'],
  [EventType.JOB_DELETED, 'job.deleted'],
  [EventType.SCHEDULE_ADDED, 'schedule.added'],
  [EventType.SCHEDULE_UPDATED, 'schedule.updated'],
  [EventType.SCHEDULE_PAUSED, 'schedule.paused'],
  [EventType.SCHEDULE_RESUMED, 'schedule.resumed'],
  [EventType.SCHEDULE_DELETED, 'schedule.deleted'],
  [EventType.SCHEDULE_FIRED, 'schedule.fired'],
  [EventType.SCHEDULE_MISFIRED, 'schedule.misfired'],
]);
