import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';

/**
 * The package's one rule for finding its meter. An explicit `meter` wins: `build` runs once on
 * it. Otherwise `build` runs on `metrics.getMeter('@preflight/health')` of the global provider
 * and runs again whenever `metrics.getMeterProvider()` returns a different object (one identity
 * comparison per call), because the API has no proxy provider: instruments taken before the app
 * registers its SDK would stay no-ops forever. `onRebuild` sees the instruments made for a new
 * provider (e.g. to replay a gauge's current value).
 */
export function meterBound<T>(
  meter: Meter | undefined,
  build: (meter: Meter) => T,
  onRebuild: (built: T) => void = () => {},
): () => T {
  if (meter !== undefined) {
    const fixed = build(meter);
    return () => fixed;
  }
  let provider: MeterProvider | undefined;
  let built: T | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (built === undefined || current !== provider) {
      provider = current;
      built = build(current.getMeter('@preflight/health'));
      onRebuild(built);
    }
    return built;
  };
}
