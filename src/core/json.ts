import { PayloadNotJsonError, PayloadTooLargeError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Default limit on a serialised payload; configurable per Tickwork instance. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Checks that `value` survives a JSON round trip unchanged in meaning (no functions, symbols, bigints,
 * cycles, NaN or class instances other than plain objects, arrays and Dates) and returns its text.
 */
export function serialisePayload(value: unknown, field: string, maxBytes = DEFAULT_MAX_PAYLOAD_BYTES): string {
  assertJson(value, field, new Set());
  const text = JSON.stringify(value ?? null);
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) throw new PayloadTooLargeError(field, bytes, maxBytes);
  return text;
}

function assertJson(value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new PayloadNotJsonError(path, `${value} is not a JSON number`);
      return;
    case 'object': {
      if (value === null) return;
      if (value instanceof Date) return;
      if (seen.has(value)) throw new PayloadNotJsonError(path, 'contains a cycle');
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        throw new PayloadNotJsonError(path, `a ${value.constructor?.name ?? 'class'} instance is not plain JSON`);
      }
      seen.add(value);
      for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`, seen);
      seen.delete(value);
      return;
    }
    default:
      throw new PayloadNotJsonError(path, `a ${typeof value} is not JSON-serialisable`);
  }
}
