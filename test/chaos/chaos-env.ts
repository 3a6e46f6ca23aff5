/**
 * What every process of the chaos test shares: the mode, the servers, the timings. The test passes it
 * to its children through CHAOS_* environment variables, so a child is one `tsx` entry script.
 */
import type { Store } from '../../src/stores/store.js';
import { openStore } from '../../src/stores/open-store.js';
import { Tickwork, type TickworkOptions } from '../../src/index.js';

/**
 * `postgres`: PostgreSQL only. `store-first` / `hot-first`: PostgreSQL + the Redis hot tier (TieredStore)
 * in that durability mode.
 */
export type ChaosMode = 'postgres' | 'store-first' | 'hot-first';
export const CHAOS_MODES: readonly ChaosMode[] = ['postgres', 'store-first', 'hot-first'];

export interface ChaosEnv {
  mode: ChaosMode;
  databaseUrl: string;
  redisUrl: string | null;
}

/** A job's lease: short, so that a killed worker's jobs come back within seconds. */
export const WORKER_LEASE_MS = 2000;
export const WORKER_REAP_MS = 500;
export const WORKER_CONCURRENCY = 200;
/**
 * A schedule's lease: a killed scheduler's schedules are taken over after this. Not shorter: a step
 * does not extend its leases, and on this loaded 2-core machine a step of a few hundred schedules can
 * take over 2 s, after which every scheduler's release was fenced out in turn (no fires at all while
 * that lasted; seen with a 2 s lease).
 */
export const SCHEDULER_LEASE_MS = 5000;
/** Schedules per step: smaller steps finish well inside the lease and spread over the schedulers. */
export const SCHEDULER_BATCH = 50;
/** Generous, so that fires held up by a killed scheduler still run: the test counts every occurrence. */
export const MISFIRE_GRACE_MS = 120_000;
/** Every job may be killed in flight many times and still succeed. */
export const MAX_ATTEMPTS = 100;

export function modeNeedsRedis(mode: ChaosMode): boolean {
  return mode !== 'postgres';
}

export function parseMode(value: string | undefined): ChaosMode {
  const mode = (value ?? 'postgres') as ChaosMode;
  if (!CHAOS_MODES.includes(mode)) throw new Error(`CHAOS_MODE must be one of ${CHAOS_MODES.join(', ')}`);
  return mode;
}

export function chaosEnvToVariables(env: ChaosEnv): Record<string, string> {
  return {
    CHAOS_MODE: env.mode,
    CHAOS_DATABASE_URL: env.databaseUrl,
    ...(env.redisUrl === null ? {} : { CHAOS_REDIS_URL: env.redisUrl }),
  };
}

export function chaosEnvFromVariables(vars: NodeJS.ProcessEnv): ChaosEnv {
  const databaseUrl = vars.CHAOS_DATABASE_URL;
  if (!databaseUrl) throw new Error('CHAOS_DATABASE_URL is not set');
  return { mode: parseMode(vars.CHAOS_MODE), databaseUrl, redisUrl: vars.CHAOS_REDIS_URL ?? null };
}

/** The mode's store, opened (and migrated: safe from many processes at once) as `Tickwork.open` would. */
function storeFor(env: ChaosEnv): Promise<Store> {
  return openStore(
    env.databaseUrl,
    env.mode === 'postgres' ? {} : { redis: env.redisUrl ?? undefined, durability: env.mode },
  );
}

/** Opens a Tickwork on the chaos store; `close()` also closes the store. */
export async function openChaosTickwork(
  env: ChaosEnv,
  options: Omit<TickworkOptions, 'store'>,
): Promise<{ tw: Tickwork; close(): Promise<void> }> {
  const store = await storeFor(env);
  const tw = await Tickwork.open({ ...options, store });
  return {
    tw,
    async close() {
      await tw.close();
      await store.close();
    },
  };
}

/** Migrates the store of a mode once, before any process starts (migrations are an explicit step). */
export async function migrateChaosStore(env: ChaosEnv): Promise<void> {
  await (await storeFor(env)).close();
}
