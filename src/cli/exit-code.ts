import { Code, ConnectError } from '@connectrpc/connect';
import { CommanderError } from 'commander';
import { TickworkError, type ErrorCode } from '../core/errors.js';
import { statusOf } from '../api/error-mapping.js';
import { CliError, EXIT, type ExitCode } from './cli-error.js';

const EXIT_OF_STATUS: Partial<Record<Code, ExitCode>> = {
  [Code.NotFound]: EXIT.notFound,
  [Code.InvalidArgument]: EXIT.invalidArgument,
  [Code.ResourceExhausted]: EXIT.invalidArgument,
  [Code.FailedPrecondition]: EXIT.failedPrecondition,
  [Code.Unavailable]: EXIT.unavailable,
  [Code.AlreadyExists]: EXIT.alreadyExists,
  [Code.Unauthenticated]: EXIT.unauthenticated,
  [Code.PermissionDenied]: EXIT.permissionDenied,
};

/**
 * The exit code of a failure, through the same status table the server uses: a TickworkError's code →
 * its gRPC status → an exit code; a bare ConnectError (no ErrorDetail, or connection refused) by its
 * status; commander's own errors are usage errors.
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof TickworkError) return EXIT_OF_STATUS[statusOf(error.code as ErrorCode)] ?? EXIT.failure;
  if (error instanceof ConnectError) return EXIT_OF_STATUS[error.code] ?? EXIT.failure;
  return EXIT.failure;
}

/** One line for people: the error's message, and for a TickworkError its code. */
export function describeError(error: unknown): string {
  if (error instanceof TickworkError) return `${error.message} [${error.code}]`;
  if (error instanceof ConnectError) return `${error.rawMessage} [${Code[error.code]}]`;
  if (error instanceof Error) return error.message;
  return String(error);
}
