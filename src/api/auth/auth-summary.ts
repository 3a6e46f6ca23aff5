import type { AuthConfig } from './auth-config.js';

/** What the start-up log says about auth: never a secret. */
export function authSummary(config: AuthConfig): Record<string, unknown> {
  return {
    staticTokens: (config.tokens ?? []).map((t, i) => t.name ?? `token #${i}`),
    jwt: config.jwt
      ? {
          keys: config.jwt.jwksUrl ?? 'shared secret',
          issuer: config.jwt.issuer ?? null,
          audience: config.jwt.audience ?? null,
        }
      : null,
    publicHealth: config.publicHealth ?? false,
  };
}
