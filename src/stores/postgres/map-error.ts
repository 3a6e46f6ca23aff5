import { StoreUnavailableError, TickworkError } from '../../core/errors.js';

/** Node socket errors that mean "the server is not reachable right now". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs after which the same call may succeed later: connection exceptions (class 08), the server
 * shutting down or starting up (57P01-57P03), too many connections (53300).
 */
function isUnavailableState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** pg reports a dropped or unusable connection only in the message text. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isUnavailableState(code)))
  ) {
    return true;
  }
  return CONNECTION_MESSAGES.some((text) => error.message.includes(text));
}

/**
 * Lost connections become the retryable StoreUnavailableError (the loops back off and try again); a
 * schema that was never migrated says so; tickwork's own errors pass through; anything else is a bug or
 * bad data and is rethrown as it is.
 */
export function mapPostgresError(error: unknown, schema: string): unknown {
  if (error instanceof TickworkError) return error;
  if (isConnectionError(error)) return new StoreUnavailableError('postgres', error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '42P01' || code === '3F000') {
    return new Error(`postgres store: schema "${schema}" is missing tables; run migrate() first`, { cause: error });
  }
  return error;
}

/** True when `error` is a unique violation on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && e.constraint === constraint;
}
