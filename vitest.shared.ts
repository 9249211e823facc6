import { defineConfig } from 'vitest/config';

// One config for every workspace: each package's vitest.config.ts re-exports it.
// The JSON report feeds the `tests: N passed, M failed` line printed by .ci/run.
export const sharedConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
