// The public API of tickwork. Anything not exported here is internal.
export { Tickwork } from './tickwork/tickwork.js';
export type { TickworkOptions, Role } from './tickwork/options.js';
export type { Jobs, JobListFilter, JobUpdate, HandlerRef } from './tickwork/jobs.js';
export type { Schedules } from './tickwork/schedules.js';
export type { ScheduleDefinition } from './scheduler/schedule-input.js';
export type { JobOptions, BackoffInput } from './core/job-input.js';
export type {
  Job,
  JobState,
  JobFailure,
  BackoffPolicy,
  KeyConflictPolicy,
  Page,
  PageRequest,
  QueueStats,
} from './core/job.js';
export { JOB_STATES, isFinal } from './core/job.js';
export type { Schedule, CoalescePolicy, OverlapPolicy, JobTemplate } from './core/schedule.js';
export type { TickworkEvent, JobEvent, ScheduleEvent, JobEventType, ScheduleEventType } from './core/events.js';
export type { EventFilter, Subscription } from './events/event-bus.js';
export type { Json } from './core/json.js';
export type { Duration } from './core/duration.js';
export * from './core/errors.js';
export type { Handler, JobContext, ModuleHandler, ExecutorKind } from './worker/handler.js';
export { defineHandler, type HandlerDefinition } from './worker/handler-registry.js';
export * from './triggers/index.js';
export type { Store } from './stores/store.js';
export type { HttpTarget } from './core/job.js';
export type { HttpTargetInput } from './core/http-target.js';
export {
  httpTargetHandler,
  verifySignature,
  SIGNATURE_HEADER_NAME,
  type HttpTargetOptions,
  type HttpTargetResult,
  type VerifyOptions,
} from './http-target/index.js';
export { MemoryStore } from './stores/memory/memory-store.js';
export { SqliteStore } from './stores/sqlite/sqlite-store.js';
export type { JobTracer, EnqueueTrace } from './core/job-tracer.js';
export { openTelemetryTracer } from './observability/tracing/index.js';
export {
  TickworkMetrics,
  type TickworkMetricsOptions,
  type DispatchMetrics,
  type Pinger,
} from './observability/metrics/index.js';
