export { authInterceptor } from './auth-interceptor.js';
export { Authenticator } from './authenticator.js';
export { parseAuthConfig, type AuthConfig, type StaticTokenConfig, type JwtConfig } from './auth-config.js';
export { VERBS, type Verb } from './verbs.js';
export type { Principal } from './principal.js';
export { authSummary } from './auth-summary.js';
