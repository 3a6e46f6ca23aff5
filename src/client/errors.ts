import { Code, ConnectError } from '@connectrpc/connect';
import { TickworkError, type ErrorCode } from '../core/errors.js';
import { ErrorDetailSchema } from '../gen/tickwork/v1/common_pb.js';
import { coreErrorCode } from '../api/error-mapping.js';

// Without an ErrorDetail (a proxy's answer, an older server), the status alone says this much.
const CODE_OF_STATUS: Partial<Record<Code, ErrorCode>> = {
  [Code.InvalidArgument]: 'INVALID_ARGUMENT',
  [Code.AlreadyExists]: 'ALREADY_EXISTS',
  [Code.FailedPrecondition]: 'INVALID_STATE',
  [Code.ResourceExhausted]: 'PAYLOAD_TOO_LARGE',
  [Code.Unauthenticated]: 'UNAUTHENTICATED',
  [Code.PermissionDenied]: 'PERMISSION_DENIED',
};

/**
 * A failed call → the TickworkError the server meant: its code, field and details come from the
 * ErrorDetail in the status. Errors that are not tickwork's (UNIMPLEMENTED, DEADLINE_EXCEEDED, a
 * connection refused, an INTERNAL fault) stay ConnectErrors, with their status code.
 */
export function fromConnectError(error: unknown): unknown {
  if (!(error instanceof ConnectError)) return error;
  const detail = error.findDetails(ErrorDetailSchema)[0];
  const code = detail ? coreErrorCode(detail.code) : CODE_OF_STATUS[error.code];
  if (code === undefined) return error;
  return new TickworkError(code, detail?.message || error.rawMessage, {
    ...(detail?.field ? { field: detail.field } : {}),
    retryable: detail?.retryable ?? error.code === Code.Unavailable,
    details: (detail?.details as Record<string, unknown> | undefined) ?? {},
    cause: error,
  });
}

/** Runs one call, translating its failure. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromConnectError(error);
  }
}

/** The gRPC status of an error from this client (a TickworkError keeps it as its cause). */
export function statusCodeOf(error: unknown): Code | undefined {
  if (error instanceof ConnectError) return error.code;
  if (error instanceof TickworkError && error.cause instanceof ConnectError) return error.cause.code;
  return undefined;
}
