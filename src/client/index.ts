// `tickwork/client`: a typed client for a tickwork server.
export { createTickworkClient, type TickworkClient, type TickworkClientOptions } from './client.js';
export type { JobsClient, JobRef, JobListFilter } from './jobs-client.js';
export type { SchedulesClient } from './schedules-client.js';
export type { AdminClient, SubscribeFilter } from './admin-client.js';
export type * from './model.js';
export { fromConnectError, statusCodeOf } from './errors.js';
export { TickworkError, isTickworkError, type ErrorCode } from '../core/errors.js';
