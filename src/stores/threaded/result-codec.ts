/**
 * The only results that carry Error objects: the per-entry `error` of AddJobResult (a key conflict
 * under `reject`), also inside ReleaseResult.occurrences. Those errors are serialised in the thread and
 * rebuilt on the main side; every other result crosses by structured clone untouched. Entries without
 * an error are passed through as they are, so the common case costs one scan and no copies.
 */
import { deserialiseError, serialiseError, type SerialisedError } from '../../worker/executors/error-codec.js';
import type { AddJobResult, ReleaseResult } from '../store.js';
import type { StoreMethod } from './protocol.js';

type Wire<T> = Omit<T, 'error'> & { error?: unknown };

function mapErrors<T extends { error?: unknown }>(results: T[], convert: (error: unknown) => unknown): T[] {
  if (!results.some((r) => r.error !== undefined)) return results;
  return results.map((r) => (r.error === undefined ? r : { ...r, error: convert(r.error) }));
}

function mapReleases(results: ReleaseResult[], convert: (error: unknown) => unknown): ReleaseResult[] {
  if (!results.some((r) => r.occurrences.some((o) => o.error !== undefined))) return results;
  return results.map((r) => ({
    ...r,
    occurrences: mapErrors(r.occurrences as Wire<AddJobResult>[], convert),
  })) as ReleaseResult[];
}

function convert(method: StoreMethod, value: unknown, convertError: (error: unknown) => unknown): unknown {
  if (method === 'addJobs') return mapErrors(value as Wire<AddJobResult>[], convertError);
  if (method === 'releaseSchedules') return mapReleases(value as ReleaseResult[], convertError);
  return value;
}

/** In the thread: makes a result safe to post. */
export function encodeResult(method: StoreMethod, value: unknown): unknown {
  return convert(method, value, (error) => serialiseError(error));
}

/** On the main side: rebuilds the errors encodeResult serialised. */
export function decodeResult(method: StoreMethod, value: unknown): unknown {
  return convert(method, value, (error) => deserialiseError(error as SerialisedError));
}
