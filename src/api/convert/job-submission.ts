import { ValidationError } from '../../core/errors.js';
import type { JobOptions } from '../../core/job-input.js';
import type { Json } from '../../core/json.js';
import type { JobSubmission } from '../../gen/tickwork/v1/jobs_pb.js';
import { backoffFromProto } from './backoff.js';
import { keyConflicts } from './enums.js';
import { jsonFromValue } from './json-value.js';
import { msFromDuration, msFromTimestamp, optionalMsFromDuration } from './time.js';
import { resolveHttpTarget, type HttpTargetInput } from '../../core/http-target.js';

/** One job as the facade takes it: `tw.jobs.enqueue(handler, payload, options)`. */
export interface Submission {
  /** A handler's name, or an HTTP target (already checked). */
  handler: string | HttpTargetInput;
  payload: Json;
  options: JobOptions;
}

/**
 * A JobSubmission → the facade's arguments. This checks what the proto shape leaves open (a target is
 * set, spans are not negative); the facade checks the rest (ranges, names, payload size) and its
 * errors are renamed to proto paths by the caller. `field` is where the submission sits in the
 * request: `job` or `jobs[3]`.
 */
export function submissionFromProto(sub: JobSubmission | undefined, field: string): Submission {
  if (sub === undefined) throw new ValidationError(field, 'is required');
  if (sub.target.case !== 'handler' && sub.target.case !== 'http')
    throw new ValidationError(`${field}.handler`, 'is required (a handler name or an http target)');
  const options: JobOptions = {};
  if (sub.id !== '') options.id = sub.id;
  if (sub.queue !== '') options.queue = sub.queue;
  if (sub.priority !== undefined) options.priority = sub.priority;
  if (sub.when.case === 'runAt') options.runAt = msFromTimestamp(sub.when.value, `${field}.run_at`);
  if (sub.when.case === 'delay') options.delay = msFromDuration(sub.when.value, `${field}.delay`);
  if (sub.maxAttempts !== undefined) options.maxAttempts = sub.maxAttempts;
  const backoff = backoffFromProto(sub.backoff, `${field}.backoff`);
  if (backoff !== undefined) options.backoff = backoff;
  const timeout = optionalMsFromDuration(sub.timeout, `${field}.timeout`);
  if (timeout !== undefined) options.timeout = timeout;
  if (sub.key !== '') options.key = sub.key;
  const onKeyConflict = keyConflicts.optionalCore(sub.keyConflict, `${field}.key_conflict`);
  if (onKeyConflict !== undefined) options.onKeyConflict = onKeyConflict;
  if (sub.paused) options.paused = true;
  const handler =
    sub.target.case === 'http'
      ? resolveHttpTarget({ url: sub.target.value.url, headers: sub.target.value.headers }, `${field}.http`)
      : sub.target.value;
  return { handler, payload: jsonFromValue(sub.payload, `${field}.payload`), options };
}
