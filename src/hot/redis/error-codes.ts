import { InvalidStateError, JobNotFoundError, StaleLeaseError, type TickworkError } from '../../core/errors.js';
import type { JobState } from '../../core/job.js';
import { stateFromCode } from './record-codec.js';

/**
 * The scripts' numeric result codes (lua/includes/codes.lua) and the one place they become typed
 * errors. Scripts never raise for a job's state: they return a code, so a batch reports each item.
 */
export const ResultCode = {
  OK: 1,
  UNCHANGED: 0,
  NOT_FOUND: -1,
  INVALID_STATE: -2,
  STALE_LEASE: -3,
  /** retire only: the job has a version the store has not applied yet. */
  NEWER: 2,
} as const;

export interface CodeContext {
  id: string;
  /** The operation, for InvalidStateError's message (`pause`, `cancel`, ...). */
  operation: string;
  /** The state code the script returned with INVALID_STATE or STALE_LEASE. */
  stateCode?: string;
  attempt?: number;
}

/** The typed error for a failure code; null for OK, UNCHANGED and NEWER. */
export function errorForCode(code: number, context: CodeContext): TickworkError | null {
  switch (code) {
    case ResultCode.NOT_FOUND:
      return new JobNotFoundError(context.id);
    case ResultCode.INVALID_STATE:
      return new InvalidStateError(context.id, stateName(context.stateCode), context.operation);
    case ResultCode.STALE_LEASE:
      return new StaleLeaseError(context.id, context.attempt ?? 0);
    case ResultCode.OK:
    case ResultCode.UNCHANGED:
    case ResultCode.NEWER:
      return null;
    default:
      throw new Error(`hot tier: unknown result code ${code} from ${context.operation} of "${context.id}"`);
  }
}

/** Throws the typed error for a failure code; returns for success codes. */
export function throwForCode(code: number, context: CodeContext): void {
  const error = errorForCode(code, context);
  if (error) throw error;
}

function stateName(code: string | undefined): JobState | 'unknown' {
  try {
    return stateFromCode(code);
  } catch {
    return 'unknown';
  }
}
