import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toMs } from '../../core/duration.js';
import { authConfigSchema, type AuthConfig } from '../../api/auth/auth-config.js';
import { usageError } from '../cli-error.js';

export const SERVE_ROLES = ['api', 'scheduler', 'worker', 'dispatch'] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

/** `tickwork serve` settings, from any source. Defaults in brackets. */
export interface ServeSettings {
  /** SQLite file, `:memory:`, or `postgres://…`. [`./tickwork.db`] */
  store?: string;
  /** With a PostgreSQL store: Redis as the hot tier (`redis://…`). [none] */
  redis?: string;
  /** With `redis`: `store-first` or `hot-first`. [`store-first`] */
  durability?: 'store-first' | 'hot-first';
  /** [`127.0.0.1`] */
  host?: string;
  /** [7420] */
  port?: number;
  /** [api, scheduler, worker] */
  roles?: ServeRole[];
  /** Modules whose handlers the in-process worker runs. [none] */
  handlers?: string[];
  /** The namespace the in-process roles serve; the API serves every namespace. [`default`] */
  namespace?: string;
  /** pino level. [`info`] */
  logLevel?: string;
  /** Largest job payload, serialised. [1 MiB] */
  maxPayloadBytes?: number;
  /** Most jobs in one EnqueueBatch. [10,000] */
  maxBatchSize?: number;
  /** Jobs the in-process worker runs at once. [10] */
  concurrency?: number;
  /** How long shutdown lets running jobs and calls finish: ms or `'30s'`. [30 s] */
  drainTimeout?: number | string;
  /** Origins HTTP-target jobs may call (`https://api.example.com`, `http://127.0.0.1:*`, `*`). [this host] */
  httpAllowedOrigins?: string[];
  /** The HMAC secret signing HTTP-target requests (Tickwork-Signature). [none: unsigned] */
  httpSigningSecret?: string;
  /** Commands the shell executor may run (exact, `*` wildcards); none: the executor is off. [none] */
  shellCommands?: string[];
  /** Bearer-token auth (src/api/auth/README.md); TICKWORK_AUTH holds it as JSON. [none: loopback only] */
  auth?: AuthConfig;
}

export interface ServeConfig {
  store: string;
  redis: string | undefined;
  durability: 'store-first' | 'hot-first' | undefined;
  host: string;
  port: number;
  roles: ServeRole[];
  handlers: string[];
  namespace: string;
  logLevel: string;
  maxPayloadBytes: number | undefined;
  maxBatchSize: number;
  concurrency: number;
  drainTimeoutMs: number;
  /** null: the default (this host only). */
  httpAllowedOrigins: string[] | null;
  httpSigningSecret: string | null;
  auth: AuthConfig | null;
  shellCommands: string[];
}

const list = z.array(z.string().min(1));
const schema = z
  .object({
    store: z.string().min(1).optional(),
    redis: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    durability: z.enum(['store-first', 'hot-first']).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    roles: z.array(z.enum(SERVE_ROLES)).min(1).optional(),
    handlers: list.optional(),
    namespace: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1-100 characters of letters, digits and _ . -')
      .optional(),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).optional(),
    maxPayloadBytes: z.number().int().min(1).optional(),
    maxBatchSize: z.number().int().min(1).max(1_000_000).optional(),
    concurrency: z.number().int().min(1).max(100_000).optional(),
    drainTimeout: z.union([z.number().min(0), z.string()]).optional(),
    httpAllowedOrigins: list.optional(),
    httpSigningSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    auth: authConfigSchema.optional(),
    shellCommands: list.optional(),
  })
  .strict();

/** Every setting's environment variable: TICKWORK_ + the setting in upper snake case. */
const ENV: Record<keyof ServeSettings, string> = {
  store: 'TICKWORK_STORE',
  redis: 'TICKWORK_REDIS',
  durability: 'TICKWORK_DURABILITY',
  host: 'TICKWORK_HOST',
  port: 'TICKWORK_PORT',
  roles: 'TICKWORK_ROLES',
  handlers: 'TICKWORK_HANDLERS',
  namespace: 'TICKWORK_NAMESPACE',
  logLevel: 'TICKWORK_LOG_LEVEL',
  maxPayloadBytes: 'TICKWORK_MAX_PAYLOAD_BYTES',
  maxBatchSize: 'TICKWORK_MAX_BATCH_SIZE',
  concurrency: 'TICKWORK_CONCURRENCY',
  drainTimeout: 'TICKWORK_DRAIN_TIMEOUT',
  httpAllowedOrigins: 'TICKWORK_HTTP_ALLOWED_ORIGINS',
  httpSigningSecret: 'TICKWORK_HTTP_SIGNING_SECRET',
  auth: 'TICKWORK_AUTH',
  shellCommands: 'TICKWORK_SHELL_COMMANDS',
};
const NUMERIC = new Set<keyof ServeSettings>(['port', 'maxPayloadBytes', 'maxBatchSize', 'concurrency']);
// Shell commands may hold commas: TICKWORK_SHELL_COMMANDS separates them with newlines.
const LISTS = new Set<keyof ServeSettings>(['roles', 'handlers', 'httpAllowedOrigins']);

/** Settings from TICKWORK_* variables: lists are comma-separated, numbers are parsed. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): ServeSettings {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV) as [keyof ServeSettings, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (key === 'auth') out[key] = parseJsonEnv(raw, name);
    else if (key === 'shellCommands')
      out[key] = raw
        .split('\n')
        .map((c) => c.trim())
        .filter(Boolean);
    else if (LISTS.has(key)) out[key] = splitList(raw);
    else if (NUMERIC.has(key)) out[key] = toNumber(raw, name);
    else out[key] = raw;
  }
  return check(out, 'environment', (k) => ENV[k as keyof ServeSettings] ?? k);
}

/** Settings from a JSON config file (the same names as the settings). */
export function settingsFromFile(path: string): ServeSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(`config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return check(parsed, `config ${path}`, (k) => k);
}

/** Settings from flags (already typed by the command); checked like the others. */
export function settingsFromFlags(flags: Record<string, unknown>): ServeSettings {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flags)) if (v !== undefined && k in ENV) out[k] = v;
  return check(out, 'flags', (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/** Defaults < file < environment < flags, validated into one resolved config. */
export function resolveServeConfig(...layers: ServeSettings[]): ServeConfig {
  const s: ServeSettings = Object.assign({}, ...layers) as ServeSettings;
  let drainTimeoutMs: number;
  try {
    drainTimeoutMs = toMs(s.drainTimeout ?? 30_000, 'drainTimeout');
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  return {
    store: s.store ?? './tickwork.db',
    redis: s.redis,
    durability: s.durability,
    host: s.host ?? '127.0.0.1',
    port: s.port ?? 7420,
    roles: [...new Set(s.roles ?? SERVE_ROLES)],
    handlers: s.handlers ?? [],
    namespace: s.namespace ?? 'default',
    logLevel: s.logLevel ?? 'info',
    maxPayloadBytes: s.maxPayloadBytes,
    maxBatchSize: s.maxBatchSize ?? 10_000,
    concurrency: s.concurrency ?? 10,
    drainTimeoutMs,
    httpAllowedOrigins: s.httpAllowedOrigins ?? null,
    httpSigningSecret: s.httpSigningSecret ?? null,
    auth: s.auth ?? null,
    shellCommands: s.shellCommands ?? [],
  };
}

function check(value: unknown, source: string, name: (key: string) => string): ServeSettings {
  const result = schema.safeParse(value);
  if (result.success) return result.data as ServeSettings;
  const issue = result.error.issues[0]!;
  const key =
    issue.path.length > 0
      ? name(String(issue.path[0])) +
        issue.path
          .slice(1)
          .map((p) => `[${String(p)}]`)
          .join('')
      : '';
  throw usageError(`${source}: ${key ? `${key}: ` : ''}${issue.message}`);
}

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseJsonEnv(raw: string, name: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw usageError(`environment: ${name}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function toNumber(raw: string, name: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n)) throw usageError(`environment: ${name}: "${raw}" is not a number`);
  return n;
}
