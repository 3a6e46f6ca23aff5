import type { Logger } from 'pino';
import type { NamespaceScopes } from './namespaces.js';
import type { WorkerDirectory } from './workers/directory.js';

/** Limits the service enforces on top of the facade's own (payload size is the facade's). */
export interface ApiLimits {
  /** Most jobs in one EnqueueBatch. [10,000] */
  maxBatchSize: number;
  /** Events a Subscribe or WatchJob stream buffers for a slow client before dropping the oldest. [10,000] */
  eventBufferSize: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = { maxBatchSize: 10_000, eventBufferSize: 10_000 };

/** What every service implementation reads: one object, built once by the server. */
export interface ApiContext {
  scopes: NamespaceScopes;
  logger: Logger;
  limits: ApiLimits;
  /** tickwork's version, for GetVersion. */
  version: string;
  /** The roles this process runs, `api` included, for GetVersion and GetHealth. */
  roles: string[];
  /** The remote workers connected now, for ListWorkers. */
  workers: WorkerDirectory;
  /** True once shutdown began: health says NOT_SERVING so load balancers move away first. */
  isDraining(): boolean;
}
