import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { BatchObservableResult, Meter } from '@opentelemetry/api';
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
export function registerRuntimeMetrics(meter: Meter, resolutionMs: number): RuntimeMetrics {
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();

  const p50 = meter.createObservableGauge(METRIC_NAMES.eventLoopDelayP50, {
    unit: 's',
    description: 'Event-loop delay, median since the previous collection.',
  });
  const p99 = meter.createObservableGauge(METRIC_NAMES.eventLoopDelayP99, {
    unit: 's',
    description: 'Event-loop delay, 99th percentile since the previous collection.',
  });
  const max = meter.createObservableGauge(METRIC_NAMES.eventLoopDelayMax, {
    unit: 's',
    description: 'Event-loop delay, maximum since the previous collection.',
  });
  const heapUsed = meter.createObservableGauge(METRIC_NAMES.heapUsed, {
    unit: 'By',
    description: 'V8 heap in use.',
  });
  const heapLimit = meter.createObservableGauge(METRIC_NAMES.heapLimit, {
    unit: 'By',
    description: 'V8 heap size limit.',
  });
  const observe = (result: BatchObservableResult): void => {
    // The histogram is empty until the first sample; report nothing rather than NaN.
    if (delay.count > 0) {
      result.observe(p50, delay.percentile(50) / NS_PER_S);
      result.observe(p99, delay.percentile(99) / NS_PER_S);
      result.observe(max, delay.max / NS_PER_S);
      delay.reset();
    }
    const heap = getHeapStatistics();
    result.observe(heapUsed, heap.used_heap_size);
    result.observe(heapLimit, heap.heap_size_limit);
  };
  const observables = [p50, p99, max, heapUsed, heapLimit];
  meter.addBatchObservableCallback(observe, observables);

  const gcDuration = meter.createHistogram(METRIC_NAMES.gcDuration, {
    unit: 's',
    description: 'Garbage-collection pause duration.',
    advice: { explicitBucketBoundaries: [0.001, 0.01, 0.1, 1, 10] },
  });
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      gcDuration.record(entry.duration / 1000, {
        'v8js.gc.type': (kind !== undefined && GC_KINDS[kind]) || 'other',
      });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  return {
    stop() {
      meter.removeBatchObservableCallback(observe, observables);
      gcObserver.disconnect();
      delay.disable();
    },
  };
}
