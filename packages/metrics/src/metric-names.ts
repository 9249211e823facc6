// Every metric name this package records or alerts on, as the OpenTelemetry instrument name and
// as the OTel Prometheus exporter 0.223 really writes it: dots become underscores, monotonic
// counters get `_total`, and NO unit suffix is added (`http.server.request.duration` is scraped as
// `http_server_request_duration_*`, not `..._seconds_*`). Alert expressions use the scraped names.
// One form, as in every Preflight package: frozen objects, so no caller can rename a series.

/** OpenTelemetry instrument names recorded by `@preflight/metrics`. */
export const METRIC_NAMES = Object.freeze({
  httpServerRequestDuration: 'http.server.request.duration',
  httpServerActiveRequests: 'http.server.active_requests',
  httpServerRequestBodySize: 'http.server.request.body.size',
  httpServerResponseBodySize: 'http.server.response.body.size',
  httpClientRequestDuration: 'http.client.request.duration',
  upstreamErrors: 'preflight.upstream.errors',
  businessEvents: 'preflight.business.events',
  businessPayments: 'preflight.business.payments',
  businessBalance: 'preflight.business.balance',
  webhookReceived: 'preflight.webhook.received',
  webhookFailed: 'preflight.webhook.failed',
  webhookBacklogAge: 'preflight.webhook.backlog_age_seconds',
  eventLoopDelayP50: 'nodejs.eventloop.delay.p50',
  eventLoopDelayP99: 'nodejs.eventloop.delay.p99',
  eventLoopDelayMax: 'nodejs.eventloop.delay.max',
  heapUsed: 'v8js.memory.heap.used',
  heapLimit: 'v8js.memory.heap.limit',
  gcDuration: 'v8js.gc.duration',
} as const);

/** Scraped (Prometheus) names of the metrics `@preflight/metrics` records. */
export const PROMETHEUS_NAMES = Object.freeze({
  httpServerRequestDuration: 'http_server_request_duration',
  httpServerRequestDurationBucket: 'http_server_request_duration_bucket',
  httpServerRequestDurationCount: 'http_server_request_duration_count',
  httpServerRequestDurationSum: 'http_server_request_duration_sum',
  httpServerActiveRequests: 'http_server_active_requests',
  httpServerRequestBodySize: 'http_server_request_body_size',
  httpServerResponseBodySize: 'http_server_response_body_size',
  httpClientRequestDuration: 'http_client_request_duration',
  httpClientRequestDurationCount: 'http_client_request_duration_count',
  upstreamErrors: 'preflight_upstream_errors_total',
  businessEvents: 'preflight_business_events_total',
  businessPayments: 'preflight_business_payments_total',
  businessBalance: 'preflight_business_balance',
  webhookReceived: 'preflight_webhook_received_total',
  webhookFailed: 'preflight_webhook_failed_total',
  webhookBacklogAge: 'preflight_webhook_backlog_age_seconds',
  eventLoopDelayP99: 'nodejs_eventloop_delay_p99',
  heapUsed: 'v8js_memory_heap_used',
  gcDuration: 'v8js_gc_duration',
} as const);

/**
 * Scraped names of the metrics other Preflight packages record that the shipped alerts use.
 * Fixed across packages: `@preflight/logger`, `@preflight/ratelimit` and `@preflight/health` export
 * the same strings; the example app's contract test checks them against a real scrape.
 */
export const PEER_PROMETHEUS_NAMES = Object.freeze({
  loggerRedactions: 'preflight_logger_redactions_total',
  ratelimitRemaining: 'preflight_ratelimit_remaining',
  ratelimitLimit: 'preflight_ratelimit_limit',
  ratelimitResetSeconds: 'preflight_ratelimit_reset_seconds',
  ratelimitRateLimited: 'preflight_ratelimit_rate_limited_total',
  ratelimitRetries: 'preflight_ratelimit_retries_total',
  ratelimitGiveUps: 'preflight_ratelimit_give_ups_total',
  healthCheckStatus: 'preflight_health_check_status',
  healthCheckDurationBucket: 'preflight_health_check_duration_seconds_bucket',
  healthReady: 'preflight_health_ready',
} as const);

/** Label the OTel SDK puts on the one series that absorbs everything past the cardinality limit. */
export const OVERFLOW_LABEL = 'otel_metric_overflow';

/** Attribute values fixed by this package. */
export const ATTRIBUTE_VALUES = Object.freeze({
  /** `http.route` of requests no Express route matched (404s, middleware-only responses). */
  unmatchedRoute: '_unmatched',
  /** Semantic-convention placeholder for methods and codes outside the known set. */
  other: '_OTHER',
} as const);
