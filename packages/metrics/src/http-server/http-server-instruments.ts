import type { Attributes, Meter } from '@opentelemetry/api';
import { BODY_SIZE_BUCKETS, HTTP_DURATION_BUCKETS } from '../buckets.js';
import { METRIC_NAMES } from '../metric-names.js';

// The three per-request histograms of httpMetrics() and the attributes it records them with,
// shared by the fast path (http-server-histograms.ts) and the OTel API path below.

/** Name, description, unit and buckets of the three histograms, shared by both paths. */
export const HTTP_SERVER_INSTRUMENTS = {
  duration: {
    name: METRIC_NAMES.httpServerRequestDuration,
    description: 'Duration of HTTP server requests.',
    unit: 's',
    boundaries: HTTP_DURATION_BUCKETS,
  },
  requestSize: {
    name: METRIC_NAMES.httpServerRequestBodySize,
    description: 'Size of HTTP server request bodies (Content-Length).',
    unit: 'By',
    boundaries: BODY_SIZE_BUCKETS,
  },
  responseSize: {
    name: METRIC_NAMES.httpServerResponseBodySize,
    description: 'Size of HTTP server response bodies (Content-Length).',
    unit: 'By',
    boundaries: BODY_SIZE_BUCKETS,
  },
} as const;
export type InstrumentInfo = (typeof HTTP_SERVER_INSTRUMENTS)[keyof typeof HTTP_SERVER_INSTRUMENTS];

/**
 * Records one finished request with the attributes httpMetrics() sets; `undefined` status or
 * error type leave the attribute out, `undefined` sizes are not recorded (no Content-Length).
 */
export type HttpServerRecord = (
  method: string,
  scheme: string,
  route: string,
  status: number | undefined,
  errorType: string | undefined,
  seconds: number,
  requestBytes: number | undefined,
  responseBytes: number | undefined,
) => void;

/** The attribute values of one request. */
export interface HttpServerAttributeParts {
  readonly method: string;
  readonly scheme: string;
  readonly route: string;
  readonly status: number | undefined;
  readonly errorType: string | undefined;
}

/** The attribute object httpMetrics() gives the SDK, keys in the same order (labels follow it). */
export function httpServerAttributes(parts: HttpServerAttributeParts): Attributes {
  const attributes: Attributes = {
    'http.request.method': parts.method,
    'url.scheme': parts.scheme,
    'http.route': parts.route,
  };
  if (parts.status !== undefined) attributes['http.response.status_code'] = parts.status;
  if (parts.errorType !== undefined) attributes['error.type'] = parts.errorType;
  return attributes;
}

/**
 * The same recording through OTel API histograms (the SDK aggregates them), for meters not
 * created by createMetrics()/startTelemetry(), e.g. an app that registers its own SDK.
 */
export function sdkHttpServerRecorder(m: Meter): HttpServerRecord {
  // Buckets as instrument advice: an app's own SDK (no Preflight views) exports the same
  // boundaries as ours instead of its millisecond defaults; a view of the app's still wins.
  const create = ({ name, description, unit, boundaries }: InstrumentInfo) =>
    m.createHistogram(name, {
      description,
      unit,
      advice: { explicitBucketBoundaries: [...boundaries] },
    });
  const duration = create(HTTP_SERVER_INSTRUMENTS.duration);
  const requestSize = create(HTTP_SERVER_INSTRUMENTS.requestSize);
  const responseSize = create(HTTP_SERVER_INSTRUMENTS.responseSize);
  return (method, scheme, route, status, errorType, seconds, requestBytes, responseBytes) => {
    const attributes = httpServerAttributes({ method, scheme, route, status, errorType });
    duration.record(seconds, attributes);
    if (requestBytes !== undefined) requestSize.record(requestBytes, attributes);
    if (responseBytes !== undefined) responseSize.record(responseBytes, attributes);
  };
}
