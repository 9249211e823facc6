export type {
  AlertName,
  AlertRulesOptions,
  AlertThresholds,
  AlertUrgency,
  SloOptions,
} from './alert-options.js';
export { ALERT_NAMES, DEFAULT_THRESHOLDS } from './alert-options.js';
export type { AlertingRule, RecordingRule, RuleGroup } from './alert-rules.js';
export { alertRuleMetrics, alertRules } from './alert-rules.js';
export type {
  BusinessMetrics,
  BusinessMetricsOptions,
  PaymentOutcome,
} from './business-metrics.js';
export { createBusinessMetrics } from './business-metrics.js';
export type { Metrics } from './create-metrics.js';
export { createMetrics, METER_NAME } from './create-metrics.js';
export type { MetricsErrorCode } from './errors.js';
export { isMetricsError, MetricsError, MetricsOptionError } from './errors.js';
export { KNOWN_HTTP_METHODS } from './http-method.js';
export type { HttpMetricsMiddleware, HttpMetricsOptions } from './http-metrics.js';
export { httpMetrics } from './http-metrics.js';
export type { HttpMetricsIgnore } from './ignore-requests.js';
export type { InstrumentFetchOptions } from './instrument-fetch.js';
export { instrumentFetch } from './instrument-fetch.js';
export {
  ATTRIBUTE_VALUES,
  METRIC_NAMES,
  OVERFLOW_LABEL,
  PEER_PROMETHEUS_NAMES,
  PROMETHEUS_NAMES,
} from './metric-names.js';
export type { MetricNaming } from './metric-naming.js';
export { METRIC_NAMINGS, scrapedLabel, scrapedName } from './metric-naming.js';
export type { CreateMetricsOptions } from './metrics-options.js';
export type { MetricsRequestHandler } from './prometheus-reader.js';
export { renderRules } from './render-rules.js';
export type { StartTelemetryOptions, Telemetry } from './start-telemetry.js';
export { startTelemetry } from './start-telemetry.js';
export { DEFAULT_UPSTREAM_ERROR_CODES, errorCodeFromBody } from './upstream-error-code.js';
export { BODY_SIZE_BUCKETS, HTTP_DURATION_BUCKETS } from './views.js';
export type { WebhookMetrics, WebhookMetricsOptions } from './webhook-metrics.js';
export { createWebhookMetrics } from './webhook-metrics.js';
