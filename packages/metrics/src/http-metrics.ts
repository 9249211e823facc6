import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Attributes, type Meter, metrics } from '@opentelemetry/api';
import { httpServerHistogramsOf } from './http-fast-path.js';
import { createMethodNormalizer, KNOWN_HTTP_METHODS } from './http-method.js';
import { sdkHttpServerRecorder } from './http-server-instruments.js';
import { createIgnoreMatcher, type HttpMetricsIgnore } from './ignore-requests.js';
import { ATTRIBUTE_VALUES, METRIC_NAMES } from './metric-names.js';
import { createRouteTemplateResolver, type RoutedRequest } from './route-template.js';
import {
  arrayOption,
  booleanOption,
  functionOption,
  meterOption,
  optionsObject,
  stringOption,
} from './validate.js';

/** Options of {@link httpMetrics}. */
export interface HttpMetricsOptions {
  /**
   * Meter to record with, e.g. `createMetrics(...).meter`. With a meter from `createMetrics()` or
   * `startTelemetry()` (also as the global one) the histograms take Preflight's fast path; any
   * other meter gets SDK `record()` calls.
   * @default the global meter `@preflight/metrics` (a no-op until an SDK is registered)
   */
  readonly meter?: Meter;
  /**
   * `http.route` value for requests no Express route matched (404s, middleware-only answers).
   * @default '_unmatched'
   */
  readonly unmatchedRoute?: string;
  /**
   * Methods recorded as themselves; others become `_OTHER`.
   * @default the semantic-convention list (CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY, TRACE)
   */
  readonly knownMethods?: readonly string[];
  /**
   * Record `http.server.request.body.size` / `response.body.size` from `Content-Length`.
   * @default true
   */
  readonly bodySizes?: boolean;
  /**
   * Requests to record nothing for (no duration, active request or body sizes), e.g. health
   * probes and `/metrics` scrapes so a readiness 503 does not count as an error. Either paths
   * matched exactly against the request path without its query string, or a predicate.
   * @default [] (record every request)
   */
  readonly ignore?: HttpMetricsIgnore;
  /**
   * Monotonic clock in milliseconds.
   * @default performance.now
   */
  readonly now?: () => number;
}

type Next = (err?: unknown) => void;
/** Express 5 middleware (`app.use(httpMetrics())`); typed on Node's request/response. */
export type HttpMetricsMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** Every option of {@link HttpMetricsOptions}; the known keys are this object's keys. */
const DEFAULTS = {
  meter: undefined,
  unmatchedRoute: ATTRIBUTE_VALUES.unmatchedRoute,
  knownMethods: KNOWN_HTTP_METHODS,
  bodySizes: true,
  ignore: undefined,
  now: () => performance.now(),
} as const satisfies { [K in keyof Required<HttpMetricsOptions>]: unknown };

/**
 * Express 5 middleware recording `http.server.request.duration` (seconds, semantic-convention
 * attributes), `http.server.active_requests` and body sizes. `http.route` is the route template
 * including router mount paths, never the raw path, so label sets stay bounded.
 */
export function httpMetrics(options: HttpMetricsOptions = {}): HttpMetricsMiddleware {
  const o = optionsObject('options', options, DEFAULTS);
  const meter =
    meterOption('meter', o.meter, 'createHistogram') ?? metrics.getMeter('@preflight/metrics');
  const unmatched = stringOption('unmatchedRoute', o.unmatchedRoute ?? DEFAULTS.unmatchedRoute);
  const known = arrayOption<string>(
    'knownMethods',
    o.knownMethods ?? DEFAULTS.knownMethods,
    (m) => typeof m === 'string' && /^[A-Z]+$/.test(m),
    'an array of upper-case method names',
  );
  const bodySizes = booleanOption('bodySizes', o.bodySizes ?? DEFAULTS.bodySizes);
  const ignore = createIgnoreMatcher(o.ignore as HttpMetricsOptions['ignore']);
  const now = functionOption<() => number>('now', o.now ?? DEFAULTS.now);

  const m = meter as Meter;
  // In-flight counts live in plain integers read at collection time: two SDK calls per request
  // (attribute hashing included) cost more than the whole rest of this middleware.
  type Slot = { readonly attributes: Attributes; count: number };
  const inFlight = { http: new Map<string, Slot>(), https: new Map<string, Slot>() };
  m.createObservableUpDownCounter(METRIC_NAMES.httpServerActiveRequests, {
    unit: '{request}',
    description: 'Number of active HTTP server requests.',
  }).addCallback((result) => {
    for (const slots of [inFlight.http, inFlight.https]) {
      for (const slot of slots.values()) result.observe(slot.count, slot.attributes);
    }
  });
  const record = httpServerHistogramsOf(m)?.record ?? sdkHttpServerRecorder(m);
  const normalizeMethod = createMethodNormalizer(known);
  const routeOf = createRouteTemplateResolver(unmatched);

  return (req, res, next) => {
    if (ignore !== undefined && isIgnored(ignore, req)) {
      next();
      return;
    }
    const start = now();
    const method = normalizeMethod(req.method);
    const scheme = (req.socket as { encrypted?: boolean } | undefined)?.encrypted
      ? 'https'
      : 'http';
    const slots = inFlight[scheme];
    let slot = slots.get(method);
    if (slot === undefined) {
      slot = { attributes: { 'http.request.method': method, 'url.scheme': scheme }, count: 0 };
      slots.set(method, slot);
    }
    slot.count += 1;
    // 'close' fires exactly once, after 'finish' or on abort; on() avoids once()'s wrapper.
    res.on('close', () => {
      // Never let a metrics failure surface on the request path.
      slot.count -= 1;
      try {
        const status = res.headersSent ? res.statusCode : undefined;
        const errorType = !res.writableFinished
          ? 'aborted'
          : res.statusCode >= 500
            ? String(res.statusCode)
            : undefined;
        record(
          method,
          scheme,
          routeOf(req as RoutedRequest),
          status,
          errorType,
          Math.max(0, now() - start) / 1000,
          bodySizes ? contentLength(req.headers['content-length']) : undefined,
          bodySizes ? contentLength(res.getHeader('content-length')) : undefined,
        );
      } catch {
        // A broken meter must not break responses; the SDK reports its own errors via diag.
      }
    });
    next();
  };
}

function isIgnored(ignore: (req: IncomingMessage) => boolean, req: IncomingMessage): boolean {
  try {
    return ignore(req) === true;
  } catch {
    // A throwing predicate must not break the request; record it rather than lose it silently.
    return false;
  }
}

function contentLength(value: unknown): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
