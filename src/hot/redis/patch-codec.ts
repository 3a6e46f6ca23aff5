import { ValidationError } from '../../core/errors.js';
import type { HotJobPatch } from '../hot-tier.js';
import { checkInt, encodeBackoff } from './record-codec.js';

/**
 * A patch as update-job.lua takes it: the header fields to set (record-codec's short names; null
 * removes an optional one) and the new payload text, if any.
 */
export function encodePatch(patch: HotJobPatch): { header: string; payload: string | null } {
  if ('queue' in patch && (patch as { queue?: unknown }).queue !== undefined) {
    throw new ValidationError('queue', 'a hot job cannot move to another queue; hand it back to the store first');
  }
  const fields: Record<string, number | string | null> = {};
  if (patch.priority !== undefined) fields.P = checkInt(patch.priority, 'priority');
  if (patch.runAt !== undefined) fields.t = checkInt(patch.runAt, 'runAt');
  if (patch.maxAttempts !== undefined) fields.m = checkInt(patch.maxAttempts, 'maxAttempts');
  if (patch.backoff !== undefined) fields.b = encodeBackoff(patch.backoff);
  if (patch.timeoutMs !== undefined)
    fields.o = patch.timeoutMs === null ? null : checkInt(patch.timeoutMs, 'timeoutMs');
  return {
    header: JSON.stringify(fields),
    payload: patch.payload === undefined ? null : JSON.stringify(patch.payload),
  };
}
