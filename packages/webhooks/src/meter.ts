import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';

const SCOPE = '@preflight/webhooks';

/**
 * The package's one rule for finding its meter. An explicit `meter` wins: `build` runs once on
 * it. Otherwise `build` runs on the global provider's `@preflight/webhooks` meter, again each
 * time `metrics.getMeterProvider()` returns a different object than last call (one identity
 * comparison per call): the API has no proxy provider, so instruments made before the app
 * starts its SDK would stay no-ops forever. `moved(next)` runs after each rebuild, e.g. to
 * register observable callbacks on the new instruments.
 */
export function instrumentsOn<T>(
  meter: Meter | undefined,
  build: (meter: Meter) => T,
  moved: (next: T) => void,
): () => T {
  if (meter !== undefined) {
    const fixed = build(meter);
    return () => fixed;
  }
  let provider: MeterProvider | undefined;
  let current: T | undefined;
  return () => {
    const now = metrics.getMeterProvider();
    if (current === undefined || now !== provider) {
      provider = now;
      current = build(now.getMeter(SCOPE));
      moved(current);
    }
    return current;
  };
}
