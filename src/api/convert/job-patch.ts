import type { FieldMask } from '@bufbuild/protobuf/wkt';
import { ValidationError } from '../../core/errors.js';
import type { JobPatch } from '../../gen/tickwork/v1/jobs_pb.js';
import type { JobUpdate } from '../../tickwork/jobs.js';
import { backoffFromProto } from './backoff.js';
import { jsonFromValue } from './json-value.js';
import { msFromDuration, msFromTimestamp } from './time.js';

const QUEUE_RE = /^[A-Za-z0-9_.:\-/@]{1,200}$/;
const PATHS = ['payload', 'queue', 'priority', 'run_at', 'max_attempts', 'backoff', 'timeout'] as const;
type Path = (typeof PATHS)[number];
// Named in the mask but unset in the patch: these two have a meaning for "nothing" (null, no limit).
const CLEARABLE: ReadonlySet<Path> = new Set<Path>(['payload', 'timeout']);

function isSet(patch: JobPatch, path: Path): boolean {
  switch (path) {
    case 'payload':
      return patch.payload !== undefined;
    case 'queue':
      return patch.queue !== undefined;
    case 'priority':
      return patch.priority !== undefined;
    case 'run_at':
      return patch.runAt !== undefined;
    case 'max_attempts':
      return patch.maxAttempts !== undefined;
    case 'backoff':
      return patch.backoff !== undefined;
    case 'timeout':
      return patch.timeout !== undefined;
  }
}

/**
 * UpdateJob's patch and mask → the facade's JobUpdate. Without a mask every set field changes; with
 * one, exactly the named paths do, and a named path left unset clears it (payload → null, timeout →
 * no limit; anything else cannot be cleared).
 */
export function jobUpdateFromProto(patch: JobPatch | undefined, mask: FieldMask | undefined): JobUpdate {
  if (patch === undefined && (mask === undefined || mask.paths.length === 0)) {
    throw new ValidationError('patch', 'is required');
  }
  const p = patch ?? ({} as JobPatch);
  let paths: Path[];
  if (mask === undefined || mask.paths.length === 0) {
    paths = PATHS.filter((path) => isSet(p, path));
    if (paths.length === 0) throw new ValidationError('patch', 'sets no field: nothing to change');
  } else {
    paths = mask.paths.map((path, i) => {
      if (!(PATHS as readonly string[]).includes(path)) {
        throw new ValidationError(
          `update_mask.paths[${i}]`,
          `"${path}" is not a field of JobPatch (${PATHS.join(', ')})`,
        );
      }
      return path as Path;
    });
  }
  const update: JobUpdate = {};
  for (const path of paths) {
    if (!isSet(p, path)) {
      if (!CLEARABLE.has(path))
        throw new ValidationError(
          `patch.${path}`,
          'is named in update_mask but not set; only payload and timeout can be cleared',
        );
      if (path === 'payload') update.payload = null;
      else update.timeout = null;
      continue;
    }
    switch (path) {
      case 'payload':
        update.payload = jsonFromValue(p.payload, 'patch.payload');
        break;
      case 'queue':
        // The facade's update does not re-check what enqueue checks; the same rules apply here.
        if (!QUEUE_RE.test(p.queue!))
          throw new ValidationError('patch.queue', 'must be 1-200 characters of letters, digits and _ . : - / @');
        update.queue = p.queue!;
        break;
      case 'priority':
        if (p.priority! < -1_000_000 || p.priority! > 1_000_000)
          throw new ValidationError('patch.priority', 'must be from -1,000,000 to 1,000,000');
        update.priority = p.priority!;
        break;
      case 'run_at':
        update.runAt = msFromTimestamp(p.runAt!, 'patch.run_at');
        break;
      case 'max_attempts':
        if (p.maxAttempts! < 1 || p.maxAttempts! > 1000)
          throw new ValidationError('patch.max_attempts', 'must be from 1 to 1000');
        update.maxAttempts = p.maxAttempts!;
        break;
      case 'backoff':
        update.backoff = backoffFromProto(p.backoff, 'patch.backoff') ?? {};
        break;
      case 'timeout':
        update.timeout = msFromDuration(p.timeout!, 'patch.timeout');
        break;
    }
  }
  return update;
}
