import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type {
  BatchObservableCallback,
  BatchObservableResult,
  Histogram,
  Meter,
  ObservableGauge,
} from '@opentelemetry/api';
import { meterBound, refreshable } from '../meter.js';
import { METRIC_NAMES } from '../metric-names.js';

/** Handle returned by {@link registerRuntimeMetrics}; `stop()` releases the timers and observers. */
export interface RuntimeMetrics {
  stop(): void;
}

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const NS_PER_S = 1e9;

/**
 * Node runtime metrics through observable instruments and `perf_hooks` (the upstream
 * instrumentation-runtime-node needs Node 22): event-loop delay percentiles since the previous
 * collection, V8 heap used and limit, and GC pause durations by kind.
 */
export function registerRuntimeMetrics(
  meter: Meter | undefined,
  resolutionMs: number,
): RuntimeMetrics {
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  // Each provider's gauges get their own callback, so a collection only observes its own.
  const observer = (gauges: Gauges) => (result: BatchObservableResult) => {
    // The histogram is empty until the first sample; report nothing rather than NaN.
    if (delay.count > 0) {
      result.observe(gauges.p50, delay.percentile(50) / NS_PER_S);
      result.observe(gauges.p99, delay.percentile(99) / NS_PER_S);
      result.observe(gauges.max, delay.max / NS_PER_S);
      delay.reset();
    }
    const heap = getHeapStatistics();
    result.observe(gauges.heapUsed, heap.used_heap_size);
    result.observe(gauges.heapLimit, heap.heap_size_limit);
  };
  const unregister = (r: Registration) =>
    r.meter.removeBatchObservableCallback(r.observe, Object.values(r.gauges));
  let stopped = false;
  const instruments = refreshable(
    meter,
    meterBound<Registration>(meter, (m, previous) => {
      const gauges = createGauges(m);
      const created = { meter: m, gauges, observe: observer(gauges), gc: createGcHistogram(m) };
      if (previous !== undefined) unregister(previous);
      if (!stopped) m.addBatchObservableCallback(created.observe, Object.values(gauges));
      return created;
    }),
  );
  instruments();

  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      instruments().gc.record(entry.duration / 1000, {
        'v8js.gc.type': (kind !== undefined && GC_KINDS[kind]) || 'other',
      });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  return {
    stop() {
      stopped = true;
      unregister(instruments());
      gcObserver.disconnect();
      delay.disable();
    },
  };
}

/** The runtime gauges: instrument name, unit, description. */
const GAUGES = {
  p50: [
    METRIC_NAMES.eventLoopDelayP50,
    's',
    'Event-loop delay, median since the previous collection.',
  ],
  p99: [
    METRIC_NAMES.eventLoopDelayP99,
    's',
    'Event-loop delay, 99th percentile since the previous collection.',
  ],
  max: [
    METRIC_NAMES.eventLoopDelayMax,
    's',
    'Event-loop delay, maximum since the previous collection.',
  ],
  heapUsed: [METRIC_NAMES.heapUsed, 'By', 'V8 heap in use.'],
  heapLimit: [METRIC_NAMES.heapLimit, 'By', 'V8 heap size limit.'],
} as const;

type Gauges = Record<keyof typeof GAUGES, ObservableGauge>;

/** The instruments on one meter and the batch callback registered for them. */
interface Registration {
  readonly meter: Meter;
  readonly gauges: Gauges;
  readonly observe: BatchObservableCallback;
  readonly gc: Histogram;
}

function createGauges(meter: Meter): Gauges {
  return Object.fromEntries(
    Object.entries(GAUGES).map(([key, [name, unit, description]]) => [
      key,
      meter.createObservableGauge(name, { unit, description }),
    ]),
  ) as Gauges;
}

function createGcHistogram(meter: Meter) {
  return meter.createHistogram(METRIC_NAMES.gcDuration, {
    unit: 's',
    description: 'Garbage-collection pause duration.',
    advice: { explicitBucketBoundaries: [0.001, 0.01, 0.1, 1, 10] },
  });
}
