import { toMs, type Duration } from '../core/duration.js';
import { NonRetryableError } from '../core/errors.js';
import { HTTP_HANDLER } from '../core/job.js';
import type { Json } from '../core/json.js';
import type { Handler, JobContext } from '../worker/handler.js';
import { DEFAULT_ALLOWED_ORIGINS, OriginPolicy } from './origin-policy.js';
import { SIGNATURE_HEADER_NAME, signatureHeader } from './signature.js';

/** How the built-in `http` handler sends requests. Defaults in brackets. */
export interface HttpTargetOptions {
  /**
   * Origins jobs may call (`https://api.example.com`, `http://127.0.0.1:*`; `*` = any). A job naming
   * another fails without retry. [this host only: http://127.0.0.1:*, http://localhost:*, http://[::1]:*]
   */
  allowedOrigins?: readonly string[];
  /** HMAC secrets signing each request (the first signs; more during a rotation). [none: unsigned] */
  signingSecrets?: readonly string[];
  /** Per-request time limit for jobs without a timeout of their own. [30 s] */
  defaultTimeout?: Duration;
  /** The most of a response body kept in the result. [64 KiB] */
  maxResponseBytes?: number;
}

/** What an HTTP-target job's result holds: the answer's status and (parsed) body. */
export interface HttpTargetResult {
  [key: string]: Json;
  status: number;
  /** The JSON body parsed, or its text when it is not JSON, or null when empty. */
  body: Json;
  /** True when the body was longer than maxResponseBytes (then it is the text of its start). */
  truncated: boolean;
}

/** Statuses worth retrying among the 4xx: the receiver said "later". */
const RETRYABLE_4XX = new Set([408, 425, 429]);

function fail(retryable: boolean, code: string, message: string): Error {
  const error = retryable ? new Error(message) : new NonRetryableError(message);
  return Object.assign(error, { code });
}

/**
 * The built-in `http` handler: POSTs the job's payload as JSON to its target URL, signed, within the
 * job's timeout. 2xx → succeeded with `{ status, body, truncated }`; a network error, a timeout, 5xx,
 * 408, 425 or 429 → a failed attempt the job's retry policy retries; other 4xx, a redirect (never
 * followed: it could lead outside the allow-list) or a URL outside the allow-list → failed for good.
 */
export function httpTargetHandler(options: HttpTargetOptions = {}): Handler<Json, HttpTargetResult> {
  const policy = new OriginPolicy(options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS);
  const defaultTimeoutMs = toMs(options.defaultTimeout ?? 30_000, 'httpTargets.defaultTimeout');
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const secrets = options.signingSecrets ?? [];

  return async (payload: Json, ctx: JobContext<Json>): Promise<HttpTargetResult> => {
    const target = ctx.job.target;
    if (!target)
      throw fail(false, 'HTTP_TARGET_MISSING', `job "${ctx.job.id}" has handler "${HTTP_HANDLER}" but no target`);
    if (!policy.allows(target.url)) {
      throw fail(
        false,
        'HTTP_TARGET_NOT_ALLOWED',
        `target.url: ${new URL(target.url).origin} is not in the allowed origins (${policy.entries.join(', ')})`,
      );
    }
    const body = JSON.stringify(payload ?? null);
    const headers: Record<string, string> = {
      ...target.headers,
      'content-type': 'application/json',
      'user-agent': 'tickwork',
      'tickwork-job-id': ctx.job.id,
      'tickwork-attempt': String(ctx.job.attempt),
      'idempotency-key': target.headers['idempotency-key'] ?? ctx.idempotencyKey,
    };
    if (secrets.length > 0) headers[SIGNATURE_HEADER_NAME.toLowerCase()] = signatureHeader(secrets, body);
    // The job's own timeout already aborts ctx.signal; a job without one gets the default.
    const signal =
      ctx.job.timeoutMs === null ? AbortSignal.any([ctx.signal, AbortSignal.timeout(defaultTimeoutMs)]) : ctx.signal;
    let response: Response;
    try {
      response = await fetch(target.url, { method: 'POST', headers, body, signal, redirect: 'manual' });
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (signal.aborted)
        throw fail(true, 'HTTP_TARGET_TIMEOUT', `${target.url}: no answer within ${defaultTimeoutMs} ms`);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw fail(
        true,
        'HTTP_TARGET_UNREACHABLE',
        `${target.url}: ${error instanceof Error ? error.message : String(error)}${cause}`,
      );
    }
    const result = await readResult(response, maxBytes, signal);
    if (response.status >= 200 && response.status < 300) return result;
    const snippet = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    const message = `${target.url} answered ${response.status}${snippet ? `: ${snippet.slice(0, 200)}` : ''}`;
    if (response.status >= 300 && response.status < 400) {
      throw fail(false, `HTTP_${response.status}`, `${message} (redirects are not followed)`);
    }
    const retryable = response.status >= 500 || RETRYABLE_4XX.has(response.status);
    throw fail(retryable, `HTTP_${response.status}`, message);
  };
}

/** Reads at most maxBytes of the body (the rest is dropped unread) and parses it when it is JSON. */
async function readResult(response: Response, maxBytes: number, signal: AbortSignal): Promise<HttpTargetResult> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        if (signal.aborted) throw signal.reason;
        const { done, value } = await reader.read();
        if (done) break;
        if (size + value.byteLength > maxBytes) {
          chunks.push(value.subarray(0, maxBytes - size));
          truncated = true;
          break;
        }
        chunks.push(value);
        size += value.byteLength;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: Json = text === '' ? null : text;
  const type = response.headers.get('content-type') ?? '';
  if (!truncated && text !== '' && /\bjson\b/i.test(type)) {
    try {
      body = JSON.parse(text) as Json;
    } catch {
      // Not the JSON it claimed: keep the text.
    }
  }
  return { status: response.status, body, truncated };
}
