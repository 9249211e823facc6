import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

export default mergeConfig(sharedConfig, {
  // The alerts end-to-end scenarios run concurrently, three at a time: each starts a service,
  // a Prometheus and sometimes a Redis, and three keep a 2-core machine well below busy.
  test: { maxConcurrency: 3 },
});
