import { type Meter, metrics } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  attachHttpServerHistograms,
  viewsLeaveHttpServerHistograms,
} from '../http-server/http-fast-path.js';
import { createHttpServerHistograms } from '../http-server/http-server-histograms.js';
import { METER_NAME, refreshGlobalMeters } from '../meter.js';
import { type CreateMetricsOptions, resolveMetricsConfig } from './metrics-config.js';
import {
  createPrometheusReader,
  type MetricsEndpoint,
  metricsEndpoint,
  resourceAttributes,
} from './prometheus-reader.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';
import { preflightViews } from './views.js';

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
  const httpHistograms = viewsLeaveHttpServerHistograms(config.views, METER_NAME)
    ? createHttpServerHistograms({
        cardinalityLimit: config.cardinalityLimit,
        scopeName: METER_NAME,
      })
    : undefined;
  const exporter = createPrometheusReader(config, httpHistograms ? [httpHistograms.producer] : []);
  const meterProvider = new MeterProvider({
    resource: resourceFromAttributes(resourceAttributes(config)),
    readers: [exporter],
    views: [...preflightViews(config.cardinalityLimit), ...config.views],
  });
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
