// The stores: the contract every adapter keeps, and the embedded adapters. (PostgreSQL: ./postgres.)
export type {
  Store,
  AddJobResult,
  AcquireJobsRequest,
  AcquireJobsResult,
  AcquireSchedulesRequest,
  FencedOutcome,
  FinishResult,
  LeaseRef,
  ReleaseResult,
  ScheduleRelease,
} from './store.js';
export { MemoryStore } from './memory/memory-store.js';
export { SqliteStore } from './sqlite/sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite/sqlite-options.js';
