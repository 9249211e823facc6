import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// One file at a time: the fleet test's four worker processes and its partner measure timing
// on a 2-core machine, and must not compete with the fault tests' own Redis and load.
export default defineConfig({
  ...sharedConfig,
  test: { ...sharedConfig.test, fileParallelism: false },
});
