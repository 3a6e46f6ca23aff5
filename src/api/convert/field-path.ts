import { TickworkError, type ErrorCode } from '../../core/errors.js';

/**
 * The facade names fields in its own terms (`options.maxAttempts`, `options.backoff.delay`); callers of
 * the service wrote proto messages and must be told the field in theirs (`job.max_attempts`,
 * `jobs[3].backoff.delay`). These helpers rewrite the field of a typed error on its way out.
 */

/** camelCase → snake_case, one segment. */
export function snake(segment: string): string {
  return segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// Option names whose proto field is not simply the snake-case of the option.
const OPTION_TO_FIELD: Record<string, string> = { onKeyConflict: 'key_conflict', timeoutMs: 'timeout', target: 'http' };

/**
 * A facade path for one job submission or patch → its proto path under `prefix`. `options.` is the
 * facade's wrapper and disappears; keys inside a payload keep their spelling (they are the caller's).
 */
export function jobOptionField(facadeField: string, prefix: string): string {
  const parts = facadeField.split('.');
  if (parts[0] === 'options') parts.shift();
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    // Keys inside a payload, and header names, are the caller's spelling.
    if (p === 'payload' || (p === 'headers' && parts[i - 1] === 'target')) {
      out.push(p, ...parts.slice(i + 1));
      break;
    }
    out.push(OPTION_TO_FIELD[p] ?? snake(p));
  }
  return [prefix, ...out].filter(Boolean).join('.');
}

/** The same error with its field (and the field at the head of its message) renamed. */
export function withField(error: TickworkError, field: string): TickworkError {
  if (error.field === field) return error;
  const old = error.field;
  const message =
    old !== undefined && error.message.startsWith(`${old}:`)
      ? `${field}${error.message.slice(old.length)}`
      : `${field}: ${error.message}`;
  const renamed = new TickworkError(error.code, message, {
    field,
    retryable: error.retryable,
    details: error.details,
    cause: error,
  });
  return renamed;
}

// Errors about the request's input: their field is a path into what the caller sent. Others name a field
// of the stored thing (`state` of an InvalidStateError) or none, and pass unchanged.
const INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_ARGUMENT',
  'INVALID_TRIGGER',
  'PAYLOAD_NOT_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_HANDLER',
  'JOB_KEY_CONFLICT',
]);

/** Runs `fn`; an input error's field is renamed by `rename`. */
export async function renamingFields<T>(fn: () => Promise<T> | T, rename: (field: string) => string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TickworkError && error.field !== undefined && INPUT_CODES.has(error.code))
      throw withField(error, rename(error.field));
    throw error;
  }
}
