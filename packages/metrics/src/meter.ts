import {
  type Meter,
  type MeterProvider,
  type MetricOptions,
  metrics,
  type ObservableCallback,
  type ObservableGauge,
} from '@opentelemetry/api';

// The package's one global-meter rule (README, "Metrics"): an explicit `meter` option wins;
// otherwise instruments live on `metrics.getMeter(METER_NAME)` of the provider that is global
// when something is recorded. The OpenTelemetry metrics API has no proxy provider (tracing has
// one), so a meter taken before the SDK starts stays the no-op meter forever; instead each
// recorder compares the global provider's identity on every recording and creates its
// instruments again when it changed. Every recorder of this package resolves its meter here.

/** Name of the meter Preflight records its own instruments with. */
export const METER_NAME = '@preflight/metrics';

/** Returns the instruments for the meter the rule picks now; call it at recording time. */
export type MeterBound<T> = () => T;

/**
 * Binds instruments to a meter by the global-meter rule. `create` makes them on `meter`;
 * `previous` is the set made on the provider before (undefined the first time), so observable
 * callbacks can be moved off it. With an explicit `meter`, `create` runs once, here.
 */
export function meterBound<T>(
  meter: Meter | undefined,
  create: (meter: Meter, previous: T | undefined) => T,
): MeterBound<T> {
  if (meter !== undefined) {
    const fixed = create(meter, undefined);
    return () => fixed;
  }
  let provider: MeterProvider | undefined;
  let current: T | undefined;
  const bound = (): T => {
    const now = metrics.getMeterProvider();
    if (provider !== now || current === undefined) {
      provider = now;
      current = create(now.getMeter(METER_NAME), current);
    }
    return current;
  };
  const ref = new WeakRef(bound);
  globalBound.add(ref);
  forget.register(bound, ref);
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
  const gauge = meterBound<ObservableGauge>(meter, (m, previous) => {
    const created = m.createObservableGauge(name, options);
    for (const callback of callbacks) {
      previous?.removeCallback(callback);
      created.addCallback(callback);
    }
    return created;
  });
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
const globalBound = new Set<WeakRef<MeterBound<unknown>>>();
const observing = new Set<MeterBound<unknown>>();
const forget = new FinalizationRegistry<WeakRef<MeterBound<unknown>>>((ref) =>
  globalBound.delete(ref),
);

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
