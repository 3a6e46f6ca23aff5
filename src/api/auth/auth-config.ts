import { z } from 'zod';
import { ValidationError } from '../../core/errors.js';
import { isVerbPattern } from './verbs.js';

/**
 * Auth settings (the `auth` object of `tickwork serve`'s config). Either or both of:
 * - `tokens`: a static list; each token (or its SHA-256, hex, so the config need not hold the secret)
 *   with the namespaces and verbs it grants;
 * - `jwt`: JWTs verified with jose against a JWKS URL or a shared secret (HS256), optionally checking
 *   issuer and audience; the grants come from claims (`namespaces`, `verbs`; `scope` as a fallback
 *   for verbs, space-separated).
 */
export interface AuthConfig {
  tokens?: StaticTokenConfig[];
  jwt?: JwtConfig;
  /** GetHealth and GetVersion without a token (load-balancer probes). [false] */
  publicHealth?: boolean;
}

export interface StaticTokenConfig {
  /** For logs and messages. [token #i] */
  name?: string;
  /** The bearer token itself (at least 16 characters)… */
  token?: string;
  /** …or its SHA-256 in hex. */
  sha256?: string;
  /** Namespaces it may act in; `*` for all. */
  namespaces: string[];
  /** Verbs it grants (`jobs:read`, `jobs:*`, `*`; see src/api/auth/verbs.ts). */
  verbs: string[];
}

export interface JwtConfig {
  /** Keys from a JWKS endpoint (RS256, ES256, EdDSA…). */
  jwksUrl?: string;
  /** Or a shared HMAC secret (HS256/384/512), at least 32 characters. */
  secret?: string;
  issuer?: string;
  audience?: string | string[];
  /** [namespaces] */
  namespacesClaim?: string;
  /** [verbs, else `scope`] */
  verbsClaim?: string;
  /** Allowed clock skew in seconds. [30] */
  clockToleranceSeconds?: number;
}

const verb = z.string().refine(isVerbPattern, 'is not a verb (see the auth README: jobs:read, jobs:*, *, …)');
const namespace = z.string().regex(/^(\*|[A-Za-z0-9_.:-]{1,100})$/, 'is not a namespace or *');

export const authConfigSchema = z
  .object({
    tokens: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100).optional(),
            token: z.string().min(16, 'must be at least 16 characters').optional(),
            sha256: z
              .string()
              .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
              .optional(),
            namespaces: z.array(namespace).min(1),
            verbs: z.array(verb).min(1),
          })
          .strict()
          .refine((t) => (t.token === undefined) !== (t.sha256 === undefined), 'give exactly one of token, sha256'),
      )
      .optional(),
    jwt: z
      .object({
        jwksUrl: z.url().optional(),
        secret: z.string().min(32, 'must be at least 32 characters').optional(),
        issuer: z.string().min(1).optional(),
        audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
        namespacesClaim: z.string().min(1).optional(),
        verbsClaim: z.string().min(1).optional(),
        clockToleranceSeconds: z.number().min(0).max(3600).optional(),
      })
      .strict()
      .refine((j) => (j.jwksUrl === undefined) !== (j.secret === undefined), 'give exactly one of jwksUrl, secret')
      .optional(),
    publicHealth: z.boolean().optional(),
  })
  .strict()
  .refine((a) => a.tokens !== undefined || a.jwt !== undefined, 'give tokens, jwt, or both');

/** Validates auth settings; a bad one is a ValidationError naming `auth.<path>`. */
export function parseAuthConfig(value: unknown, field = 'auth'): AuthConfig {
  const result = authConfigSchema.safeParse(value);
  if (result.success) return result.data as AuthConfig;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  throw new ValidationError(`${field}${path}`, issue.message);
}
