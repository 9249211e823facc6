import {
  type Meter,
  type MeterProvider,
  type MetricOptions,
  metrics,
  type ObservableCallback,
  type ObservableGauge,
} from '@opentelemetry/api';

/** The meter this package asks the global provider for. */
export const METER_NAME = '@preflight/metrics';

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

// ---- @preflight/metrics only (below this line the house-rules test does not compare) ----
// `createMetrics({ global: true })` and `startTelemetry()` register the global provider
// themselves, so they can move every recorder at once instead of at its next recording.

/**
 * Enrols a getter made by {@link meterBound} on the global provider in
 * {@link refreshGlobalMeters}; returns it. Weakly: a helper nobody holds has nothing to record.
 */
export function refreshable<T>(meter: Meter | undefined, bound: () => T): () => T {
  if (meter === undefined) {
    const ref = new WeakRef<() => unknown>(bound);
    globalBound.add(ref);
    forget.register(bound, ref);
  }
  return bound;
}

/** An observable gauge whose callbacks follow the meter the rule picks. */
export interface BoundObservableGauge {
  /** Adds `callback`; returns a function that removes it. */
  observe(callback: ObservableCallback): () => void;
}

/**
 * {@link meterBound} for one observable gauge: when the provider changes, every callback still
 * observing is removed from the old gauge and added to the new one.
 */
export function observableGaugeBound(
  meter: Meter | undefined,
  name: string,
  options: MetricOptions,
): BoundObservableGauge {
  const callbacks = new Set<ObservableCallback>();
  const gauge = refreshable(
    meter,
    meterBound<ObservableGauge>(meter, (m, previous) => {
      const created = m.createObservableGauge(name, options);
      for (const callback of callbacks) {
        previous?.removeCallback(callback);
        created.addCallback(callback);
      }
      return created;
    }),
  );
  return {
    observe(callback) {
      const current = gauge();
      callbacks.add(callback);
      current.addCallback(callback);
      // Held strongly while observing: `createBusinessMetrics().observeBalance(…)` keeps no
      // reference to the helper, yet its gauge must still move when the SDK starts.
      if (meter === undefined) observing.add(gauge);
      return () => {
        // Resolve first: the callback is then on the gauge we remove it from.
        const now = gauge();
        callbacks.delete(callback);
        now.removeCallback(callback);
        if (callbacks.size === 0) observing.delete(gauge);
      };
    },
  };
}

// Recorders bound to the global provider, so the SDK entry points can move them at once: weakly
// (a helper nobody holds has nothing left to record), except gauges with a callback.
const globalBound = new Set<WeakRef<() => unknown>>();
const observing = new Set<() => unknown>();
const forget = new FinalizationRegistry<WeakRef<() => unknown>>((ref) => globalBound.delete(ref));

/**
 * Re-resolves every recorder bound to the global provider now. `createMetrics({ global: true })`
 * and `startTelemetry()` call it right after registering their provider: a counter would move
 * at its next recording anyway, but an observable gauge (a balance, a backlog age) has no
 * recording of its own and would otherwise stay on the provider that was global when it was
 * observed.
 */
export function refreshGlobalMeters(): void {
  for (const bound of observing) bound();
  for (const ref of globalBound) ref.deref()?.();
}
