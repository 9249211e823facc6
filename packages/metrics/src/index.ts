export type {
  AlertName,
  AlertRulesOptions,
  AlertThresholds,
  AlertUrgency,
  SloOptions,
} from './alerts/alert-options.js';
export { ALERT_NAMES, DEFAULT_THRESHOLDS } from './alerts/alert-options.js';
export type { AlertingRule, RecordingRule, RuleGroup } from './alerts/alert-rules.js';
export { alertRuleMetrics, alertRules, renderRules } from './alerts/alert-rules.js';
export type { MetricNaming } from './alerts/name-translation.js';
export { METRIC_NAMINGS, scrapedLabel, scrapedName } from './alerts/name-translation.js';
export { BODY_SIZE_BUCKETS, HTTP_DURATION_BUCKETS } from './buckets.js';
export type {
  BusinessMetrics,
  BusinessMetricsOptions,
  PaymentOutcome,
} from './business-metrics.js';
export { createBusinessMetrics } from './business-metrics.js';
export type { MetricsErrorCode } from './errors.js';
export { isMetricsError, MetricsError, MetricsOptionError } from './errors.js';
export { KNOWN_HTTP_METHODS } from './http-server/http-method.js';
export type {
  HttpMetricsIgnore,
  HttpMetricsMiddleware,
  HttpMetricsOptions,
} from './http-server/http-metrics.js';
export { httpMetrics } from './http-server/http-metrics.js';
export type { InstrumentFetchOptions } from './instrument-fetch.js';
export { instrumentFetch } from './instrument-fetch.js';
export { METER_NAME } from './meter.js';
export {
  ATTRIBUTE_VALUES,
  METRIC_NAMES,
  OVERFLOW_LABEL,
  PEER_PROMETHEUS_NAMES,
  PROMETHEUS_NAMES,
} from './metric-names.js';
export type { Metrics } from './sdk/create-metrics.js';
export { createMetrics } from './sdk/create-metrics.js';
export type { CreateMetricsOptions, StartTelemetryOptions } from './sdk/metrics-config.js';
export type { MetricsEndpoint, MetricsRequestHandler } from './sdk/prometheus-reader.js';
export type { Telemetry } from './sdk/start-telemetry.js';
export { startTelemetry } from './sdk/start-telemetry.js';
export { DEFAULT_UPSTREAM_ERROR_CODES, errorCodeFromBody } from './upstream-error-code.js';
export type { WebhookMetrics, WebhookMetricsOptions } from './webhook-metrics.js';
export { createWebhookMetrics } from './webhook-metrics.js';
