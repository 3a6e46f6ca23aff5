import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature of an HTTP-target request, in the `Tickwork-Signature` header:
 *
 *   Tickwork-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the secret>
 *
 * The timestamp is signed with the body, so a receiver that checks it against its own clock (5 minutes
 * by default) refuses a replayed request. During a secret rotation the header may carry several `v1=`
 * entries; a receiver accepts the request when any of them matches.
 */
export const SIGNATURE_HEADER_NAME = 'Tickwork-Signature';

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for `body` sent at `nowMs`. */
export function signatureHeader(secrets: readonly string[], body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return [`t=${t}`, ...secrets.map((s) => `v1=${signatureOf(s, t, body)}`)].join(',');
}

export interface VerifyOptions {
  /** The shared secret (or several, during a rotation). */
  secret: string | readonly string[];
  /** The `Tickwork-Signature` header as received. */
  header: string | null | undefined;
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: string | Uint8Array;
  /** How far the timestamp may be from now, in seconds. [300] */
  toleranceSeconds?: number;
  /** [Date.now()] */
  nowMs?: number;
}

/**
 * For receivers: true when the request was signed by a holder of the secret within the tolerance.
 *
 * @example
 *   const raw = await readBody(req);                      // the bytes, not a re-serialised object
 *   if (!verifySignature({ secret, header: req.headers['tickwork-signature'], body: raw })) reply(401);
 */
export function verifySignature(options: VerifyOptions): boolean {
  if (!options.header) return false;
  let t: number | null = null;
  const given: string[] = [];
  for (const part of options.header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) given.push(value);
  }
  if (t === null || given.length === 0) return false;
  const now = (options.nowMs ?? Date.now()) / 1000;
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const body = typeof options.body === 'string' ? options.body : Buffer.from(options.body).toString('utf8');
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
    for (const v of given) if (timingSafeEqual(expected, Buffer.from(v, 'hex'))) return true;
  }
  return false;
}
