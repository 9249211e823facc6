import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { viewsLeaveHttpServerHistograms } from '../http-server/http-fast-path.js';
import {
  createHttpServerHistograms,
  type HttpServerHistograms,
} from '../http-server/http-server-histograms.js';
import { METER_NAME } from '../meter.js';
import type { MetricsConfig } from './metrics-config.js';
import { preflightViews } from './views.js';

/** A handler for `GET /metrics`; fits `app.get('/metrics', handler)` and plain `http` servers. */
export type MetricsRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What `createMetrics()` and `startTelemetry()` both build from their config. */
export interface MetricsPipeline {
  /** The Prometheus exporter as a pull reader; it listens on its own port only with `server`. */
  readonly exporter: PrometheusExporter;
  /** httpMetrics()'s fast-path histograms, a producer of `exporter`; undefined: SDK path only. */
  readonly httpHistograms: HttpServerHistograms | undefined;
  readonly resource: Resource;
  /** Preflight's views, then the user's. */
  readonly views: ViewOptions[];
}

/**
 * The reader, resource and views of a Preflight meter provider. The fast path is used when
 * `fastPath` allows it (the caller knows whether other readers or SDK views are present) and none
 * of the user's `views` could change httpMetrics()'s histograms.
 */
export function metricsPipeline(
  config: MetricsConfig,
  { fastPath }: { readonly fastPath: boolean },
): MetricsPipeline {
  const httpHistograms =
    fastPath && viewsLeaveHttpServerHistograms(config.views, METER_NAME)
      ? createHttpServerHistograms({
          cardinalityLimit: config.cardinalityLimit,
          scopeName: METER_NAME,
        })
      : undefined;
  const exporter = new PrometheusExporter({
    preventServerStart: true,
    metricProducers: httpHistograms ? [httpHistograms.producer] : [],
    ...(config.server && {
      port: config.server.port,
      endpoint: config.server.endpoint,
      ...(config.server.host !== undefined && { host: config.server.host }),
    }),
  });
  return {
    exporter,
    httpHistograms,
    resource: resourceFromAttributes({
      ...config.resourceAttributes,
      [ATTR_SERVICE_NAME]: config.serviceName,
      ...(config.serviceVersion !== undefined && { [ATTR_SERVICE_VERSION]: config.serviceVersion }),
    }),
    views: [...preflightViews(config.cardinalityLimit), ...config.views],
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
