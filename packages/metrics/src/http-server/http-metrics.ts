import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Attributes,
  Meter,
  ObservableCallback,
  ObservableUpDownCounter,
} from '@opentelemetry/api';
import {
  createRouteTemplateResolver,
  onRequestEnd,
  type RequestIgnore,
  type RoutedRequest,
} from '@preflight/express-route';
import { meterBound, refreshable } from '../meter.js';
import { METRIC_NAMES } from '../metric-names.js';
import { httpServerHistogramsOf } from './http-fast-path.js';
import { createMethodNormalizer } from './http-method.js';
import { resolveHttpMetricsConfig } from './http-metrics-config.js';
import { type HttpServerRecord, sdkHttpServerRecorder } from './http-server-instruments.js';

/** Requests {@link httpMetrics} skips: a predicate, or exact paths (query string excluded). */
export type HttpMetricsIgnore = RequestIgnore;

/** Options of {@link httpMetrics}. */
export interface HttpMetricsOptions {
  /**
   * Meter to record with, e.g. `createMetrics(...).meter`. With a meter from `createMetrics()` or
   * `startTelemetry()` (also as the global one) the histograms take Preflight's fast path; any
   * other meter gets SDK `record()` calls. Without one, the global provider's meter
   * `@preflight/metrics` at recording time, so a middleware made before the SDK starts
   * records into it once it has.
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
   * matched exactly against the request path without its query string, or a predicate; the
   * same option and matcher as `requestLogger({ ignore })` (`ignore: health.probePaths`).
   * @default [] (record every request)
   */
  readonly ignore?: HttpMetricsIgnore;
  /**
   * Monotonic clock in milliseconds. With the default, `requestLogger()` and `httpMetrics()`
   * share one start stamp per request, so the log line's duration is the recorded one.
   * @default performance.now
   */
  readonly now?: () => number;
}

type Next = (err?: unknown) => void;

interface HttpServerInstruments {
  readonly active: ObservableUpDownCounter;
  readonly record: HttpServerRecord;
}
/** Express 5 middleware (`app.use(httpMetrics())`); typed on Node's request/response. */
export type HttpMetricsMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/**
 * Express 5 middleware recording `http.server.request.duration` (seconds, semantic-convention
 * attributes), `http.server.active_requests` and body sizes. `http.route` is the route template
 * including router mount paths, never the raw path, so label sets stay bounded; it is the
 * `route` requestLogger() logs for the same request (both use `@preflight/express-route`).
 */
export function httpMetrics(options: HttpMetricsOptions = {}): HttpMetricsMiddleware {
  const config = resolveHttpMetricsConfig(options);
  const { ignores, now, bodySizes, unmatchedRoute } = config;

  // In-flight counts live in plain integers read at collection time: two SDK calls per request
  // (attribute hashing included) cost more than the whole rest of this middleware.
  type Slot = { readonly attributes: Attributes; count: number };
  const inFlight = { http: new Map<string, Slot>(), https: new Map<string, Slot>() };
  const observeInFlight: ObservableCallback = (result) => {
    for (const slots of [inFlight.http, inFlight.https]) {
      for (const slot of slots.values()) result.observe(slot.count, slot.attributes);
    }
  };
  // The global-meter rule (meter.ts): an explicit meter, else the global one at recording time;
  // the in-flight counter moves with it, and so does the fast path of a Preflight provider.
  const instruments = refreshable(
    config.meter,
    meterBound<HttpServerInstruments>(config.meter, (m, previous) => {
      previous?.active.removeCallback(observeInFlight);
      const active = m.createObservableUpDownCounter(METRIC_NAMES.httpServerActiveRequests, {
        unit: '{request}',
        description: 'Number of active HTTP server requests.',
      });
      active.addCallback(observeInFlight);
      return { active, record: httpServerHistogramsOf(m)?.record ?? sdkHttpServerRecorder(m) };
    }),
  );
  instruments();
  const normalizeMethod = createMethodNormalizer(config.knownMethods);
  const routeOf = createRouteTemplateResolver();

  return (req, res, next) => {
    if (ignores !== undefined && isIgnored(ignores, req)) {
      next();
      return;
    }
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
    const counted = slot;
    onRequestEnd(req, res, now, (end) => {
      counted.count -= 1;
      // Never let a metrics failure surface on the request path: the listener's errors stay in
      // onRequestEnd, and the SDK reports its own via diag.
      const errorType = end.aborted
        ? 'aborted'
        : res.statusCode >= 500
          ? String(res.statusCode)
          : undefined;
      instruments().record(
        method,
        scheme,
        routeOf(req as RoutedRequest) ?? unmatchedRoute,
        end.status,
        errorType,
        Math.max(0, end.durationMs) / 1000,
        bodySizes ? end.requestBytes : undefined,
        bodySizes ? end.responseBytes : undefined,
      );
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
