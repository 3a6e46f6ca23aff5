import { Code, ConnectError } from '@connectrpc/connect';
import type { JsonObject } from '@bufbuild/protobuf';
import { isTickworkError, type ErrorCode as CoreErrorCode, type TickworkError } from '../core/errors.js';
import { ErrorCode, ErrorDetailSchema } from '../gen/tickwork/v1/common_pb.js';

/**
 * The one place where a typed error becomes a status: every `TickworkError` code maps to exactly one
 * Connect/gRPC code (the table in proto/tickwork/v1/common.proto, enum ErrorCode). Codes that only
 * describe a failed job attempt never reach a call; should one escape, it is INTERNAL like any bug.
 */
const STATUS_OF: Record<CoreErrorCode, Code> = {
  INVALID_ARGUMENT: Code.InvalidArgument,
  INVALID_TRIGGER: Code.InvalidArgument,
  PAYLOAD_NOT_JSON: Code.InvalidArgument,
  PAYLOAD_TOO_LARGE: Code.ResourceExhausted,
  UNKNOWN_HANDLER: Code.FailedPrecondition,
  JOB_NOT_FOUND: Code.NotFound,
  SCHEDULE_NOT_FOUND: Code.NotFound,
  JOB_KEY_CONFLICT: Code.AlreadyExists,
  ALREADY_EXISTS: Code.AlreadyExists,
  INVALID_STATE: Code.FailedPrecondition,
  STALE_LEASE: Code.FailedPrecondition,
  STORE_UNAVAILABLE: Code.Unavailable,
  SCHEMA_TOO_NEW: Code.FailedPrecondition,
  SHUTTING_DOWN: Code.Unavailable,
  UNAUTHENTICATED: Code.Unauthenticated,
  PERMISSION_DENIED: Code.PermissionDenied,
  JOB_TIMEOUT: Code.Internal,
  JOB_CANCELLED: Code.Internal,
  MISFIRED: Code.Internal,
  WORKER_CRASHED: Code.Internal,
  HANDLER_ERROR: Code.Internal,
};

export function statusOf(code: CoreErrorCode): Code {
  return STATUS_OF[code] ?? Code.Internal;
}

/** The wire enum of a core code (`JOB_NOT_FOUND` → ErrorCode.JOB_NOT_FOUND); UNSPECIFIED when unknown. */
export function wireErrorCode(code: CoreErrorCode): ErrorCode {
  return (ErrorCode as unknown as Record<string, ErrorCode>)[code] ?? ErrorCode.UNSPECIFIED;
}

/** The core code of a wire enum value; undefined for UNSPECIFIED or a code this version does not know. */
export function coreErrorCode(code: ErrorCode): CoreErrorCode | undefined {
  if (code === ErrorCode.UNSPECIFIED) return undefined;
  const name = ErrorCode[code] as string | undefined;
  return name === undefined ? undefined : (name as CoreErrorCode);
}

/** A status for a typed error: the message names the field, the ErrorDetail carries code, field and data. */
export function tickworkToConnect(error: TickworkError): ConnectError {
  return new ConnectError(error.message, statusOf(error.code), undefined, [
    {
      desc: ErrorDetailSchema,
      value: {
        code: wireErrorCode(error.code),
        message: error.message,
        field: error.field ?? '',
        retryable: error.retryable,
        details: toJsonObject(error.details),
      },
    },
  ]);
}

/**
 * Any error thrown by a service method → the status the client sees. A ConnectError raised on purpose
 * passes through; a TickworkError maps by its code; anything else is a bug or an unexpected fault and
 * becomes INTERNAL with a generic message (the cause goes to the log via `onUnexpected`, not to the
 * client, whose message would otherwise leak internals such as SQL text).
 */
export function toConnectError(error: unknown, onUnexpected: (error: unknown) => void): ConnectError {
  if (error instanceof ConnectError) return error;
  if (isTickworkError(error)) {
    const status = tickworkToConnect(error);
    if (status.code === Code.Internal) onUnexpected(error);
    return status;
  }
  onUnexpected(error);
  return new ConnectError('internal error (see the server log)', Code.Internal);
}

/** Details hold ids, limits and states: plain JSON; anything else is dropped rather than failing the call. */
function toJsonObject(details: Record<string, unknown>): JsonObject {
  try {
    return JSON.parse(JSON.stringify(details ?? {})) as JsonObject;
  } catch {
    return {};
  }
}
