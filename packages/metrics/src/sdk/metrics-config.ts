import type { Attributes } from '@opentelemetry/api';
import type { IMetricReader, ViewOptions } from '@opentelemetry/sdk-metrics';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { MetricsOptionError } from '../errors.js';
import {
  arrayOption,
  booleanOption,
  integerOption,
  objectOption,
  optionsObject,
  stringOption,
} from '../validate.js';

/** Options of {@link createMetrics} (and, with the same meaning, of `startTelemetry`). */
export interface CreateMetricsOptions {
  /** `service.name` resource attribute; also the `job` most Prometheus setups use. Required. */
  readonly serviceName: string;
  /**
   * `service.version` resource attribute.
   * @default undefined (not set)
   */
  readonly serviceVersion?: string;
  /**
   * More resource attributes (`deployment.environment.name`, …), shown on `target_info`.
   * @default {}
   */
  readonly resourceAttributes?: Attributes;
  /**
   * Register as the global OpenTelemetry meter provider, so `@preflight/logger`, `health` and
   * `ratelimit` (which use `@opentelemetry/api`) record into it. Apps want `true`; tests that
   * create several instances keep `false`.
   * @default false
   */
  readonly global?: boolean;
  /**
   * Serve `/metrics` on its own port instead of through `handler()` on the app's server.
   * @default undefined (no separate server)
   */
  readonly server?: { readonly port: number; readonly host?: string; readonly endpoint?: string };
  /**
   * Record Node runtime metrics (event-loop delay, V8 heap, GC pauses).
   * @default true
   */
  readonly runtimeMetrics?: boolean;
  /**
   * Sampling resolution of the event-loop delay monitor, in milliseconds.
   * @default 20
   */
  readonly eventLoopResolutionMs?: number;
  /**
   * Maximum label sets per metric; past it new sets fold into one `otel_metric_overflow` series.
   * @default 2000
   */
  readonly cardinalityLimit?: number;
  /**
   * Extra SDK views, added after Preflight's own.
   * @default []
   */
  readonly views?: readonly ViewOptions[];
}

/** Options of {@link startTelemetry}: those of `createMetrics` (minus `global`) plus SDK pass-through. */
export interface StartTelemetryOptions extends Omit<CreateMetricsOptions, 'global'> {
  /**
   * More metric readers next to the Prometheus one, e.g. a `PeriodicExportingMetricReader`
   * with an OTLP exporter for a collector.
   * @default []
   */
  readonly metricReaders?: readonly IMetricReader[];
  /**
   * Anything else for `NodeSDK` (instrumentations, span processors, sampler, …). Without span
   * processors and without `OTEL_TRACES_EXPORTER`, spans are created (so logs get `trace_id`)
   * but not exported.
   * @default {}
   */
  readonly sdk?: Partial<NodeSDKConfiguration>;
}

/** {@link CreateMetricsOptions} with every default filled in. */
export interface MetricsConfig {
  readonly serviceName: string;
  readonly serviceVersion: string | undefined;
  readonly resourceAttributes: Attributes;
  readonly global: boolean;
  readonly server:
    | { readonly port: number; readonly host: string | undefined; readonly endpoint: string }
    | undefined;
  readonly runtimeMetrics: boolean;
  readonly eventLoopResolutionMs: number;
  readonly cardinalityLimit: number;
  readonly views: readonly ViewOptions[];
}

/** Every option of {@link CreateMetricsOptions}; the known keys are this object's keys. */
const DEFAULTS = {
  serviceName: undefined,
  serviceVersion: undefined,
  resourceAttributes: {},
  global: false,
  server: undefined,
  runtimeMetrics: true,
  eventLoopResolutionMs: 20,
  cardinalityLimit: 2000,
  views: [],
} as const satisfies { [K in keyof Required<CreateMetricsOptions>]: unknown };

const SERVER_DEFAULTS = {
  port: undefined,
  host: undefined,
  endpoint: '/metrics',
} as const satisfies {
  [K in keyof Required<NonNullable<CreateMetricsOptions['server']>>]: unknown;
};

// startTelemetry() also accepts `global` (it always registers), as it always has.
const TELEMETRY_DEFAULTS = {
  ...DEFAULTS,
  metricReaders: [],
  sdk: {},
} as const satisfies { [K in keyof Required<StartTelemetryOptions>]: unknown };

/** Validates {@link CreateMetricsOptions} and fills in the defaults; throws `MetricsOptionError`. */
export function resolveMetricsConfig(options: CreateMetricsOptions): MetricsConfig {
  return metricsConfig(optionsObject('options', options, DEFAULTS, { required: true }));
}

/** {@link StartTelemetryOptions} resolved: the metrics config plus the SDK pass-through. */
export interface TelemetryConfig extends MetricsConfig {
  readonly metricReaders: readonly IMetricReader[];
  readonly sdk: Partial<NodeSDKConfiguration>;
}

/** Validates {@link StartTelemetryOptions}; throws `MetricsOptionError`. */
export function resolveTelemetryConfig(options: StartTelemetryOptions): TelemetryConfig {
  const o = optionsObject('options', options, TELEMETRY_DEFAULTS, { required: true });
  return {
    ...metricsConfig(o),
    metricReaders: arrayOption(
      'metricReaders',
      o.metricReaders ?? TELEMETRY_DEFAULTS.metricReaders,
      () => true,
      'an array of metric readers',
    ),
    sdk: objectOption('sdk', o.sdk ?? TELEMETRY_DEFAULTS.sdk) as Partial<NodeSDKConfiguration>,
  };
}

function metricsConfig(o: Record<string, unknown>): MetricsConfig {
  return {
    serviceName: stringOption('serviceName', o.serviceName),
    serviceVersion:
      o.serviceVersion === undefined
        ? DEFAULTS.serviceVersion
        : stringOption('serviceVersion', o.serviceVersion),
    resourceAttributes: objectOption(
      'resourceAttributes',
      o.resourceAttributes ?? DEFAULTS.resourceAttributes,
    ) as Attributes,
    global: booleanOption('global', o.global ?? DEFAULTS.global),
    server: o.server === undefined ? DEFAULTS.server : resolveServer(o.server),
    runtimeMetrics: booleanOption('runtimeMetrics', o.runtimeMetrics ?? DEFAULTS.runtimeMetrics),
    eventLoopResolutionMs: integerOption(
      'eventLoopResolutionMs',
      o.eventLoopResolutionMs ?? DEFAULTS.eventLoopResolutionMs,
      { min: 1 },
    ),
    cardinalityLimit: integerOption(
      'cardinalityLimit',
      o.cardinalityLimit ?? DEFAULTS.cardinalityLimit,
      { min: 1 },
    ),
    views: arrayOption<ViewOptions>(
      'views',
      o.views ?? DEFAULTS.views,
      () => true,
      'an array of SDK view options',
    ),
  };
}

function resolveServer(value: unknown): NonNullable<MetricsConfig['server']> {
  const server = optionsObject('server', value, SERVER_DEFAULTS);
  const endpoint = stringOption('server.endpoint', server.endpoint ?? SERVER_DEFAULTS.endpoint);
  if (!endpoint.startsWith('/'))
    throw new MetricsOptionError('server.endpoint', 'a path starting with "/"', endpoint);
  return {
    port: integerOption('server.port', server.port, { min: 1, max: 65_535 }),
    host: server.host === undefined ? undefined : stringOption('server.host', server.host),
    endpoint,
  };
}
