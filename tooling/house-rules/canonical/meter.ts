import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';

/** The meter this package asks the global provider for. */
export const METER_NAME = '@preflight/<package>';

/**
 * The global meter rule (README, "Metrics"), the same helper in every package (the house-rules
 * test in `tooling/house-rules` keeps the copies equal). An explicit `meter` wins: `create` runs
 * on it now, once. Otherwise the returned getter, called at recording time, uses
 * `metrics.getMeter(meterName)` of the global provider: it remembers the provider it created its
 * instruments on and creates them again when `metrics.getMeterProvider()` returns a different
 * object (one identity comparison per call). `@opentelemetry/api` has no proxy meter provider, so
 * instruments taken before the application registers its SDK would otherwise stay no-ops
 * forever. `previous` is the set made on the provider before (undefined the first time), so
 * `create` can move observable callbacks off it or replay a gauge's last value.
 */
export function meterBound<T>(
  meter: Meter | undefined,
  create: (meter: Meter, previous: T | undefined) => T,
  meterName: string = METER_NAME,
): () => T {
  if (meter !== undefined) {
    const fixed = create(meter, undefined);
    return () => fixed;
  }
  let provider: MeterProvider | undefined;
  let current: T | undefined;
  return () => {
    const now = metrics.getMeterProvider();
    if (current === undefined || now !== provider) {
      provider = now;
      current = create(now.getMeter(meterName), current);
    }
    return current;
  };
}
