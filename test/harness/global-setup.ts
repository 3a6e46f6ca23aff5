import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { startRedis, type RedisServer } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A Redis for this test run: `REDIS_URL`, or a throwaway server. */
    redisUrl: string;
    /** A PostgreSQL database for this test run: `DATABASE_URL`, or a throwaway server's. */
    databaseUrl: string;
  }
}

/**
 * vitest globalSetup: one Redis and one PostgreSQL for the whole run, started from the system binaries
 * (or taken from REDIS_URL / DATABASE_URL). Test files read them with `inject('redisUrl')` /
 * `inject('databaseUrl')` and isolate themselves (createTestDatabase, a key prefix).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [redis, postgres] = await Promise.all([
    process.env.REDIS_URL ? null : startRedis({ appendOnly: true }),
    process.env.DATABASE_URL ? null : startPostgres(),
  ]);
  const started: (RedisServer | PostgresServer)[] = [redis, postgres].filter((s) => s !== null);
  project.provide('redisUrl', process.env.REDIS_URL ?? redis!.url);
  project.provide('databaseUrl', process.env.DATABASE_URL ?? postgres!.url);
  return async () => {
    await Promise.all(started.map((server) => server.stop()));
  };
}
