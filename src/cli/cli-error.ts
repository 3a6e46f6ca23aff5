/**
 * Exit codes scripts can rely on (documented in src/cli/README.md):
 *   0 ok · 1 other failure · 2 usage (bad flags, bad config) · 3 not found · 4 invalid argument
 *   · 5 failed precondition (the job's state does not allow it) · 6 unavailable (server or store down,
 *   retry later) · 7 already exists (key conflict).
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  invalidArgument: 4,
  failedPrecondition: 5,
  unavailable: 6,
  alreadyExists: 7,
  unauthenticated: 8,
  permissionDenied: 9,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line and a chosen exit code (no stack: it is the user's input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}
