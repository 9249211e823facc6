import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { attachHttpServerHistograms } from '../http-server/http-fast-path.js';
import { METER_NAME, refreshGlobalMeters } from '../meter.js';
import { resolveTelemetryConfig, type StartTelemetryOptions } from './metrics-config.js';
import { type MetricsEndpoint, metricsEndpoint, metricsPipeline } from './prometheus-reader.js';
import { registerRuntimeMetrics } from './runtime-metrics.js';

type SpanProcessor = NonNullable<NodeSDKConfiguration['spanProcessors']>[number];

/**
 * A span processor that drops every span. Written here rather than imported: sdk-node 0.300+ no
 * longer re-exports `tracing`, and a trace SDK dependency of our own would be a second copy.
 */
function noopSpanProcessor(): SpanProcessor {
  return {
    onStart() {},
    onEnd() {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/** What {@link startTelemetry} returns. */
export interface Telemetry extends MetricsEndpoint {
  /** The started `NodeSDK`. */
  readonly sdk: NodeSDK;
  /** Flushes and shuts the SDK down, then unregisters its global providers. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry for an application: `NodeSDK` with the same Prometheus reader, views and
 * runtime metrics as `createMetrics`, registered globally (meter, tracer, context, propagators),
 * so tracing comes with it and the standard `OTEL_*` environment variables apply.
 */
export function startTelemetry(options: StartTelemetryOptions): Telemetry {
  const config = resolveTelemetryConfig(options);
  const extraReaders = config.metricReaders;
  const sdkOptions = config.sdk;
  // httpMetrics()'s fast path feeds the Prometheus reader only, so it is off when another reader
  // would miss those points, or when a view could change them.
  const { exporter, httpHistograms, resource, views } = metricsPipeline(config, {
    fastPath:
      extraReaders.length === 0 &&
      sdkOptions.metricReaders === undefined &&
      // `metricReader` (one reader) exists on sdk-node 0.2xx only; 0.300 removed it.
      (sdkOptions as { readonly metricReader?: unknown }).metricReader === undefined &&
      sdkOptions.views === undefined,
  });
  const tracesFromEnv =
    process.env.OTEL_TRACES_EXPORTER !== undefined && process.env.OTEL_TRACES_EXPORTER !== '';
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    resource,
    views,
    // NodeSDK registers no tracer provider without a processor; a no-op one still gives ids.
    ...(!tracesFromEnv && { spanProcessors: [noopSpanProcessor()] }),
    instrumentations: [],
    ...sdkOptions,
    metricReaders: [exporter, ...extraReaders],
  });
  const providerBefore = metrics.getMeterProvider();
  sdk.start();
  const meter = metrics.getMeterProvider().getMeter(METER_NAME);
  // Only our own provider's meter: if another was registered first, NodeSDK's is not global.
  if (httpHistograms && metrics.getMeterProvider() !== providerBefore)
    attachHttpServerHistograms(meter, httpHistograms);
  // Recorders made before the SDK started move to its provider now, gauges included.
  refreshGlobalMeters();
  // The global-meter rule, like every recorder: runtime metrics follow the global provider.
  const runtime = config.runtimeMetrics
    ? registerRuntimeMetrics(undefined, config.eventLoopResolutionMs)
    : undefined;
  return {
    sdk,
    ...metricsEndpoint(exporter, config, async () => {
      runtime?.stop();
      try {
        await sdk.shutdown();
      } finally {
        metrics.disable();
        trace.disable();
        context.disable();
        propagation.disable();
      }
    }),
  };
}
