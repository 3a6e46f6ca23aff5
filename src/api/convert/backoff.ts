import { create } from '@bufbuild/protobuf';
import type { BackoffInput } from '../../core/job-input.js';
import type { BackoffPolicy as CoreBackoff } from '../../core/job.js';
import { BackoffPolicySchema, type BackoffPolicy } from '../../gen/tickwork/v1/common_pb.js';
import { ValidationError } from '../../core/errors.js';
import { backoffTypes } from './enums.js';
import { duration, optionalMsFromDuration } from './time.js';

/** A request's backoff → the facade's input; unset parts take the server defaults. */
export function backoffFromProto(b: BackoffPolicy | undefined, field: string): BackoffInput | undefined {
  if (b === undefined) return undefined;
  const input: BackoffInput = {};
  const type = backoffTypes.optionalCore(b.type, `${field}.type`);
  if (type !== undefined) input.type = type;
  const delay = optionalMsFromDuration(b.delay, `${field}.delay`);
  if (delay !== undefined) input.delay = delay;
  const maxDelay = optionalMsFromDuration(b.maxDelay, `${field}.max_delay`);
  if (maxDelay !== undefined) input.maxDelay = maxDelay;
  if (b.jitter !== undefined) {
    if (!(b.jitter >= 0 && b.jitter <= 1)) throw new ValidationError(`${field}.jitter`, 'must be from 0 to 1');
    input.jitter = b.jitter;
  }
  return input;
}

/** A resolved policy → the wire, every field set. */
export function backoffToProto(b: CoreBackoff): BackoffPolicy {
  return create(BackoffPolicySchema, {
    type: backoffTypes.wire(b.type),
    delay: duration(b.delayMs),
    maxDelay: duration(b.maxDelayMs),
    jitter: b.jitter,
  });
}

/** A resolved policy as the facade's input (to carry a stored template through an upsert unchanged). */
export function backoffInputOf(b: CoreBackoff): BackoffInput {
  return { type: b.type, delay: b.delayMs, maxDelay: b.maxDelayMs, jitter: b.jitter };
}
