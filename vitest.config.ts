import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One throwaway Redis and PostgreSQL per run (or REDIS_URL / DATABASE_URL): see test/harness.
    globalSetup: ['test/harness/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that start processes and servers share 2 cores: keep the file-level parallelism modest.
    maxWorkers: 2,
  },
});
