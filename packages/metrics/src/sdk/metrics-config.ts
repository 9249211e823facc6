import type { Attributes } from '@opentelemetry/api';
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import { MetricsOptionError } from '../errors.js';
import {
  rejectUnknownKeys,
  requireBoolean,
  requireInteger,
  requireNonEmptyString,
  requireObject,
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

const DEFAULTS = {
  serviceVersion: undefined,
  resourceAttributes: {},
  global: false,
  server: undefined,
  runtimeMetrics: true,
  eventLoopResolutionMs: 20,
  cardinalityLimit: 2000,
  views: [],
} as const;

const KNOWN = [
  'serviceName',
  'serviceVersion',
  'resourceAttributes',
  'global',
  'server',
  'runtimeMetrics',
  'eventLoopResolutionMs',
  'cardinalityLimit',
  'views',
];

/** Validates {@link CreateMetricsOptions} and fills in the defaults; throws `MetricsOptionError`. */
export function resolveMetricsOptions(
  options: CreateMetricsOptions,
  extraKeys: readonly string[] = [],
): MetricsConfig {
  const input = requireObject('options', options);
  rejectUnknownKeys('', input, [...KNOWN, ...extraKeys]);
  const o = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const serviceVersion =
    o.serviceVersion === undefined
      ? DEFAULTS.serviceVersion
      : requireNonEmptyString('serviceVersion', o.serviceVersion);
  const views = o.views ?? DEFAULTS.views;
  if (!Array.isArray(views))
    throw new MetricsOptionError('views', 'an array of SDK view options', views);
  return {
    serviceName: requireNonEmptyString('serviceName', o.serviceName),
    serviceVersion,
    resourceAttributes: requireObject(
      'resourceAttributes',
      o.resourceAttributes ?? DEFAULTS.resourceAttributes,
    ) as Attributes,
    global: requireBoolean('global', o.global ?? DEFAULTS.global),
    server: o.server === undefined ? DEFAULTS.server : resolveServer(o.server),
    runtimeMetrics: requireBoolean('runtimeMetrics', o.runtimeMetrics ?? DEFAULTS.runtimeMetrics),
    eventLoopResolutionMs: requireInteger(
      'eventLoopResolutionMs',
      o.eventLoopResolutionMs ?? DEFAULTS.eventLoopResolutionMs,
      1,
    ),
    cardinalityLimit: requireInteger(
      'cardinalityLimit',
      o.cardinalityLimit ?? DEFAULTS.cardinalityLimit,
      1,
    ),
    views,
  };
}

function resolveServer(value: unknown): NonNullable<MetricsConfig['server']> {
  const server = requireObject('server', value);
  rejectUnknownKeys('server', server, ['port', 'host', 'endpoint']);
  const port = requireInteger('server.port', server.port, 1);
  if (port > 65_535)
    throw new MetricsOptionError('server.port', 'an integer from 1 to 65535', port);
  const endpoint =
    server.endpoint === undefined
      ? '/metrics'
      : requireNonEmptyString('server.endpoint', server.endpoint);
  if (!endpoint.startsWith('/'))
    throw new MetricsOptionError('server.endpoint', 'a path starting with "/"', endpoint);
  return {
    port,
    host: server.host === undefined ? undefined : requireNonEmptyString('server.host', server.host),
    endpoint,
  };
}
