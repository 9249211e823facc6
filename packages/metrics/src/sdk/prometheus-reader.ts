import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { MetricsConfig } from './metrics-config.js';

/** A handler for `GET /metrics`; fits `app.get('/metrics', handler)` and plain `http` servers. */
export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The Prometheus exporter as a pull reader; it listens on its own port only when `server` is set.
 * `metricProducers` add points from outside the SDK (httpMetrics()'s fast path) to each scrape.
 */
export function createPrometheusReader(
  config: MetricsConfig,
  metricProducers: readonly MetricProducer[] = [],
): PrometheusExporter {
  return new PrometheusExporter({
    preventServerStart: true,
    metricProducers: [...metricProducers],
    ...(config.server && {
      port: config.server.port,
      endpoint: config.server.endpoint,
      ...(config.server.host !== undefined && { host: config.server.host }),
    }),
  });
}

/** Resource attributes shared by `createMetrics` and `startTelemetry`. */
export function resourceAttributes(config: MetricsConfig): Attributes {
  return {
    ...config.resourceAttributes,
    [ATTR_SERVICE_NAME]: config.serviceName,
    ...(config.serviceVersion !== undefined && { [ATTR_SERVICE_VERSION]: config.serviceVersion }),
  };
}

/** Wraps the exporter's handler: GET/HEAD get the exposition text, anything else a 405. */
export function metricsRequestHandler(exporter: PrometheusExporter): MetricsRequestHandler {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    exporter.getMetricsRequestHandler(req, res);
  };
}

/** The `/metrics` side `createMetrics()` and `startTelemetry()` both return. */
export interface MetricsEndpoint {
  /** Express/`http` handler serving the Prometheus exposition format; mount at `GET /metrics`. */
  handler(): MetricsRequestHandler;
  /** Resolves when the separate metrics server (option `server`) listens; at once otherwise. */
  ready(): Promise<void>;
  /** Stops what the factory started; a second call returns the first call's promise. */
  shutdown(): Promise<void>;
}

/** Serves `exporter` (on its own port when `server` is set) and runs `stop` once on shutdown. */
export function metricsEndpoint(
  exporter: PrometheusExporter,
  config: MetricsConfig,
  stop: () => Promise<void>,
): MetricsEndpoint {
  const listening = config.server ? exporter.startServer() : Promise.resolve();
  // Report a failed listen through ready(); do not leave an unhandled rejection behind.
  listening.catch(() => {});
  const handler = metricsRequestHandler(exporter);
  let stopped: Promise<void> | undefined;
  return {
    handler: () => handler,
    ready: () => listening,
    shutdown: () => {
      stopped ??= stop();
      return stopped;
    },
  };
}
