import { ValidationError } from './errors.js';
import type { HttpTarget } from './job.js';

/** An HTTP target as callers give it: `{ url: 'https://…' }`, headers optional. */
export interface HttpTargetInput {
  url: string;
  headers?: Record<string, string>;
}

/** The signature header the dispatcher sets (src/http-target/signature.ts); callers may not set it. */
export const SIGNATURE_HEADER = 'tickwork-signature';

// Connection-level headers belong to the dispatcher's HTTP client, and the body's type and length
// to the dispatcher: a job cannot set them.
const RESERVED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
  'content-type',
  SIGNATURE_HEADER,
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,200}$/;
const MAX_URL = 2048;
const MAX_HEADERS = 50;
const MAX_HEADER_VALUE = 4096;

export function isHttpTargetInput(value: unknown): value is HttpTargetInput {
  return typeof value === 'object' && value !== null && 'url' in value;
}

/** Validates a target; errors name `field.url` or `field.headers.<name>`. Header names become lower case. */
export function resolveHttpTarget(input: unknown, field: string): HttpTarget {
  if (typeof input !== 'object' || input === null) throw new ValidationError(field, 'must be an object with a url');
  const { url, headers, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new ValidationError(`${field}.${extra}`, 'is not a field of an HTTP target');
  if (typeof url !== 'string' || url === '') throw new ValidationError(`${field}.url`, 'is required');
  if (url.length > MAX_URL) throw new ValidationError(`${field}.url`, `is longer than ${MAX_URL} characters`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(`${field}.url`, `"${url}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ValidationError(`${field}.url`, `must be http: or https:, not ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ValidationError(`${field}.url`, 'must not carry credentials: put them in a header');
  }
  const out: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object' || Array.isArray(headers)) {
      throw new ValidationError(`${field}.headers`, 'must be an object of header name → value');
    }
    const entries = Object.entries(headers as Record<string, unknown>);
    if (entries.length > MAX_HEADERS) throw new ValidationError(`${field}.headers`, `more than ${MAX_HEADERS} headers`);
    for (const [name, value] of entries) {
      const at = `${field}.headers.${name}`;
      if (!HEADER_NAME.test(name)) throw new ValidationError(at, 'is not a valid header name');
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower)) throw new ValidationError(at, 'is set by the dispatcher and cannot be given');
      if (typeof value !== 'string') throw new ValidationError(at, 'must be a string');
      if (value.length > MAX_HEADER_VALUE || /[\r\n\0]/.test(value)) {
        throw new ValidationError(at, `must be at most ${MAX_HEADER_VALUE} characters without line breaks`);
      }
      out[lower] = value;
    }
  }
  return { url: parsed.href, headers: out };
}
