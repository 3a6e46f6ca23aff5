export { PostgresStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './options.js';
export { hasWakeups, type StoreWake, type WakeSource } from './wakeups.js';
