/**
 * Typed errors with stable codes. Every error tickwork raises on purpose is a `TickworkError`; its `code`
 * is the contract (the gRPC status follows from it), its message is for people. Handler control-flow
 * errors (`NonRetryableError`) live apart from infrastructure errors.
 */

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_TRIGGER'
  | 'PAYLOAD_NOT_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_HANDLER'
  | 'JOB_NOT_FOUND'
  | 'SCHEDULE_NOT_FOUND'
  | 'JOB_KEY_CONFLICT'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'STALE_LEASE'
  | 'STORE_UNAVAILABLE'
  | 'SCHEMA_TOO_NEW'
  | 'SHUTTING_DOWN'
  | 'JOB_TIMEOUT'
  | 'JOB_CANCELLED'
  | 'MISFIRED'
  | 'WORKER_CRASHED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'HANDLER_ERROR';

export interface TickworkErrorOptions {
  /** The input field at fault, as a dotted path (`trigger.cron`, `options.delay`). */
  field?: string;
  /** True when the same call may succeed later (a store that is down). */
  retryable?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class TickworkError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: TickworkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, field: this.field, details: this.details };
  }
}

/** Bad input: names the field and says what is wrong with it. */
export class ValidationError extends TickworkError {
  constructor(field: string, problem: string, details: Record<string, unknown> = {}) {
    super('INVALID_ARGUMENT', `${field}: ${problem}`, { field, details });
  }
}

export class InvalidTriggerError extends TickworkError {
  constructor(field: string, problem: string) {
    super('INVALID_TRIGGER', `${field}: ${problem}`, { field });
  }
}

export class PayloadNotJsonError extends TickworkError {
  constructor(field: string, problem: string) {
    super('PAYLOAD_NOT_JSON', `${field}: ${problem}`, { field });
  }
}

export class PayloadTooLargeError extends TickworkError {
  constructor(field: string, bytes: number, limit: number) {
    super('PAYLOAD_TOO_LARGE', `${field}: ${bytes} bytes is over the limit of ${limit}`, {
      field,
      details: { bytes, limit },
    });
  }
}

export class UnknownHandlerError extends TickworkError {
  constructor(readonly handler: string) {
    super('UNKNOWN_HANDLER', `handler: no handler is registered under "${handler}"`, {
      field: 'handler',
      details: { handler },
    });
  }
}

export class JobNotFoundError extends TickworkError {
  constructor(readonly jobId: string) {
    super('JOB_NOT_FOUND', `id: no job "${jobId}"`, { field: 'id', details: { jobId } });
  }
}

export class ScheduleNotFoundError extends TickworkError {
  constructor(readonly scheduleId: string) {
    super('SCHEDULE_NOT_FOUND', `id: no schedule "${scheduleId}"`, { field: 'id', details: { scheduleId } });
  }
}

/** A keyed job arrived while a live job holds the key and the policy is `reject`. */
export class JobKeyConflictError extends TickworkError {
  constructor(
    readonly key: string,
    readonly existingJobId: string,
  ) {
    super('JOB_KEY_CONFLICT', `key: "${key}" is held by live job "${existingJobId}"`, {
      field: 'key',
      details: { key, existingJobId },
    });
  }
}

export class AlreadyExistsError extends TickworkError {
  constructor(field: string, id: string) {
    super('ALREADY_EXISTS', `${field}: "${id}" already exists`, { field, details: { id } });
  }
}

/** The operation is not allowed in the job's (or schedule's) current state. */
export class InvalidStateError extends TickworkError {
  constructor(
    readonly id: string,
    readonly state: string,
    readonly operation: string,
  ) {
    super('INVALID_STATE', `state: cannot ${operation} "${id}" while it is ${state}`, {
      field: 'state',
      details: { id, state, operation },
    });
  }
}

/** A completion or heartbeat from a worker that no longer holds the job's lease (fencing). */
export class StaleLeaseError extends TickworkError {
  constructor(jobId: string, attempt: number) {
    super('STALE_LEASE', `attempt: attempt ${attempt} of job "${jobId}" no longer holds its lease`, {
      field: 'attempt',
      details: { jobId, attempt },
    });
  }
}

export class StoreUnavailableError extends TickworkError {
  constructor(store: string, cause: unknown) {
    super('STORE_UNAVAILABLE', `store: ${store} is unavailable`, { retryable: true, cause, details: { store } });
  }
}

export class SchemaTooNewError extends TickworkError {
  constructor(found: number, supported: number) {
    super('SCHEMA_TOO_NEW', `schema: version ${found} is newer than this tickwork supports (${supported})`, {
      field: 'schema',
      details: { found, supported },
    });
  }
}

export class ShuttingDownError extends TickworkError {
  constructor() {
    super('SHUTTING_DOWN', 'tickwork is shutting down', { retryable: true });
  }
}

/** The reason given to a handler's AbortSignal when its time limit passes. */
export class JobTimeoutError extends TickworkError {
  constructor(jobId: string, timeoutMs: number) {
    super('JOB_TIMEOUT', `job "${jobId}" exceeded its timeout of ${timeoutMs} ms`, { details: { jobId, timeoutMs } });
  }
}

/** The reason given to a handler's AbortSignal when its job is cancelled, paused or deleted. */
export class JobCancelledError extends TickworkError {
  constructor(jobId: string, why = 'cancelled') {
    super('JOB_CANCELLED', `job "${jobId}" was ${why}`, { details: { jobId } });
  }
}

/**
 * Thrown by a handler to say "this failure is final, do not retry".
 * @example throw new NonRetryableError('order does not exist')
 */
export class NonRetryableError extends Error {
  override readonly name = 'NonRetryableError';
  readonly retryable = false;
}

export function isTickworkError(e: unknown): e is TickworkError {
  return e instanceof TickworkError;
}
