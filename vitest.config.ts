import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites that start processes and servers share 2 cores: keep the file-level parallelism modest.
    maxWorkers: 2,
  },
});
