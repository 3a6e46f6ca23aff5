import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig, JwtConfig } from './auth-config.js';
import { UnauthenticatedError, type Principal } from './principal.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Turns a bearer token into a Principal, or throws UnauthenticatedError. */
export class Authenticator {
  /** SHA-256 of each static token → its principal: a lookup by digest compares no secret bytes. */
  private readonly tokens = new Map<string, Principal>();
  private readonly jwt: { config: JwtConfig; key: JWTVerifyGetKey | Uint8Array } | null;
  readonly publicHealth: boolean;

  constructor(config: AuthConfig) {
    (config.tokens ?? []).forEach((t, i) => {
      this.tokens.set((t.sha256 ?? sha256(t.token!)).toLowerCase(), {
        name: t.name ?? `token #${i}`,
        namespaces: new Set(t.namespaces),
        verbs: new Set(t.verbs),
      });
    });
    const j = config.jwt;
    this.jwt = j
      ? { config: j, key: j.secret ? new TextEncoder().encode(j.secret) : createRemoteJWKSet(new URL(j.jwksUrl!)) }
      : null;
    this.publicHealth = config.publicHealth ?? false;
  }

  /** `authorization` header value → principal. */
  async authenticate(header: string | null): Promise<Principal> {
    if (!header) throw new UnauthenticatedError('a bearer token is required');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new UnauthenticatedError('expected "Bearer <token>"');
    const token = match[1]!;
    const known = this.tokens.get(sha256(token));
    if (known) return known;
    if (this.jwt && JWT_SHAPE.test(token)) return this.verifyJwt(token, this.jwt.config, this.jwt.key);
    throw new UnauthenticatedError('the token is not valid');
  }

  private async verifyJwt(token: string, config: JwtConfig, key: JWTVerifyGetKey | Uint8Array): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = {
        ...(config.issuer ? { issuer: config.issuer } : {}),
        ...(config.audience ? { audience: config.audience } : {}),
        clockTolerance: config.clockToleranceSeconds ?? 30,
      };
      ({ payload } =
        key instanceof Uint8Array
          ? await jwtVerify(token, key, { ...options, algorithms: ['HS256', 'HS384', 'HS512'] })
          : await jwtVerify(token, key, options));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('the token has expired');
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new UnauthenticatedError(`the token's ${error.claim} claim is not accepted`);
      }
      if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('the token is not valid');
      throw error; // e.g. the JWKS endpoint is down: not the caller's fault, reported as such
    }
    return {
      name: typeof payload.sub === 'string' ? payload.sub : 'jwt',
      namespaces: new Set(claimList(payload[config.namespacesClaim ?? 'namespaces'])),
      verbs: new Set(claimList(payload[config.verbsClaim ?? 'verbs'] ?? payload.scope)),
    };
  }
}

/** A claim as a list: an array of strings, or a space-separated string (OAuth `scope`). */
function claimList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
