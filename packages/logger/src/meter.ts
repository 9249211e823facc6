import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';

/** The meter this package asks the global provider for. */
export const METER_NAME = '@preflight/logger';

/**
 * The global meter rule, in one place. An explicit `meter` wins: `create` runs on it now, once.
 * Otherwise the returned getter, called at recording time, uses `metrics.getMeter(METER_NAME)` of
 * the global provider: it remembers the provider it created its instruments on and creates them
 * again when `metrics.getMeterProvider()` returns a different object (one identity comparison per
 * call). `@opentelemetry/api` has no proxy meter provider, so instruments taken before the
 * application registers its SDK would otherwise stay no-ops forever.
 */
export function meterBound<T>(meter: Meter | undefined, create: (meter: Meter) => T): () => T {
  if (meter !== undefined) {
    const fixed = create(meter);
    return () => fixed;
  }
  let provider: MeterProvider | undefined;
  let instruments: T | undefined;
  return () => {
    const current = metrics.getMeterProvider();
    if (instruments === undefined || current !== provider) {
      provider = current;
      instruments = create(current.getMeter(METER_NAME));
    }
    return instruments;
  };
}
