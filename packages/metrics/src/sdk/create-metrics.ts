import { type Meter, metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { attachHttpServerHistograms } from '../http-server/http-fast-path.js';
import { METER_NAME, refreshGlobalMeters } from '../meter.js';
import { type CreateMetricsOptions, resolveMetricsConfig } from './metrics-config.js';
import { type MetricsEndpoint, metricsEndpoint, metricsPipeline } from './prometheus-reader.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';

/** What {@link createMetrics} returns. */
export interface Metrics extends MetricsEndpoint {
  /** The SDK meter provider; pass it (or `meter`) to code that should record into this instance. */
  readonly meterProvider: MeterProvider;
  /** A meter named `@preflight/metrics` from `meterProvider`. */
  readonly meter: Meter;
  /** Stops runtime collectors and the server, unregisters the global provider if it was set. */
  shutdown(): Promise<void>;
}

/**
 * An OpenTelemetry `MeterProvider` scraped by Prometheus: semantic-convention buckets, a
 * cardinality limit on every Preflight instrument, Node runtime metrics and a `/metrics` handler.
 * Touches global state only with `global: true`, so several instances can live in one process.
 */
export function createMetrics(options: CreateMetricsOptions): Metrics {
  const config = resolveMetricsConfig(options);
  // httpMetrics()'s histograms bypass SDK record() unless a user view could change them.
  const { exporter, httpHistograms, resource, views } = metricsPipeline(config, { fastPath: true });
  const meterProvider = new MeterProvider({ resource, readers: [exporter], views });
  const meter = meterProvider.getMeter(METER_NAME);
  if (httpHistograms) attachHttpServerHistograms(meter, httpHistograms);
  const runtime = config.runtimeMetrics
    ? registerRuntimeMetrics(meter, config.eventLoopResolutionMs)
    : undefined;
  const isGlobal = config.global && metrics.setGlobalMeterProvider(meterProvider);
  // Recorders made before this (business, webhook, httpMetrics…) move here now, gauges included.
  if (isGlobal) refreshGlobalMeters();
  return {
    meterProvider,
    meter,
    ...metricsEndpoint(exporter, config, async () => {
      runtime?.stop();
      if (isGlobal && metrics.getMeterProvider() === meterProvider) metrics.disable();
      await meterProvider.shutdown();
    }),
  };
}
