import { defineConfig } from 'vitest/config';

// Three suites: fast unit tests, integration tests against a real PostgreSQL,
// and end-to-end tests in real Chromium with the built extension loaded.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'backend/**/*.test.ts', 'tools/**/*.test.ts', 'shared/**/*.test.ts', 'extension/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file gets its own database; two workers keep this 2-core machine busy without thrashing.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: each test file launches its own Chromium.
          fileParallelism: false,
        },
      },
    ],
  },
});
