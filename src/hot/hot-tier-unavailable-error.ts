import { StoreUnavailableError } from '../core/errors.js';

/**
 * The hot tier cannot be reached (connection refused or lost, timeout, Redis loading or read-only
 * after a failover). Retryable, code STORE_UNAVAILABLE: it is a `StoreUnavailableError`, so callers
 * that back off on a store outage handle Redis the same way.
 */
export class HotTierUnavailableError extends StoreUnavailableError {
  constructor(cause: unknown) {
    super('redis', cause);
  }
}
