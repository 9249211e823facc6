import type { MetricNaming } from './name-translation.js';

/** Names of every alert `alertRules()` can ship. */
export const ALERT_NAMES = [
  'PreflightHighErrorRate',
  'PreflightHighLatencyP95',
  'PreflightServiceUnavailable',
  'PreflightAvailabilitySLOBurnPage',
  'PreflightAvailabilitySLOBurnTicket',
  'PreflightLatencySLOBurnPage',
  'PreflightLatencySLOBurnTicket',
  'PreflightUpstreamErrorRate',
  'PreflightUpstreamAuthInvalidKey',
  'PreflightUpstreamAuthInsufficientScope',
  'PreflightUpstreamRateLimited',
  'PreflightRateLimitLow',
  'PreflightReadinessFailing',
  'PreflightHealthCheckFailing',
  'PreflightWebhookFailures',
  'PreflightWebhookBacklogStale',
  'PreflightBalanceLow',
  'PreflightPaymentFailures',
  'PreflightSensitiveDataLogged',
  'PreflightMetricCardinalityOverflow',
] as const;

/** One of {@link ALERT_NAMES}. */
export type AlertName = (typeof ALERT_NAMES)[number];

/** How urgent an alert is; mapped to a `severity` label by {@link AlertRulesOptions.severities}. */
export type AlertUrgency = 'page' | 'ticket' | 'info';

/** Alert thresholds; every value has the go-live checklist figure as its default. */
export interface AlertThresholds {
  /** 5xx share of requests. @default 0.05 */
  readonly errorRatio: number;
  /** p95 request latency, seconds; must be one of `HTTP_DURATION_BUCKETS` (else refused). @default 2 */
  readonly latencyP95Seconds: number;
  /** Outbound 5xx/network-error share per upstream. @default 0.05 */
  readonly upstreamErrorRatio: number;
  /** AUTH_INVALID_KEY responses within `eventWindow` that fire. @default 3 */
  readonly authInvalidKey: number;
  /** AUTH_INSUFFICIENT_SCOPE responses within `eventWindow` that fire. @default 3 */
  readonly authInsufficientScope: number;
  /** 429 / RATE_LIMITED responses within `eventWindow` that fire. @default 3 */
  readonly rateLimited: number;
  /** Fire when remaining / limit falls below this fraction. @default 0.1 */
  readonly rateLimitRemainingRatio: number;
  /** Also fire when remaining falls below this absolute count. @default undefined (off) */
  readonly rateLimitRemaining: number | undefined;
  /** Webhook failures within `eventWindow` that fire. @default 1 */
  readonly webhookFailures: number;
  /** Age of the oldest unprocessed webhook, seconds. @default 3600 */
  readonly webhookBacklogAgeSeconds: number;
  /** Balance/credits below which to fire. @default 100 */
  readonly balance: number;
  /** Payment failures within `eventWindow` that fire. @default 1 */
  readonly paymentFailures: number;
  /** Log redactions within `eventWindow` that fire. @default 1 */
  readonly redactions: number;
}

/** SLO targets for the multi-window multi-burn-rate alerts. */
export interface SloOptions {
  /** Share of requests that must not be 5xx. @default 0.999 */
  readonly availability: number;
  /** Share of requests that must be faster than `latencyThresholdSeconds`. @default 0.99 */
  readonly latency: number;
  /** Latency SLO bound, seconds; must be one of `HTTP_DURATION_BUCKETS` (else refused). @default 1 */
  readonly latencyThresholdSeconds: number;
}

/** Options of `alertRules()`; everything is optional. */
export interface AlertRulesOptions {
  /**
   * Only match series with this `job` label (the Prometheus scrape job).
   * @default undefined (every job)
   */
  readonly job?: string;
  /**
   * Metric and label names as your pipeline writes them: `otel-exporter` (the OTel Prometheus
   * exporter scraped as we ship it), `with-unit-suffixes` (Prometheus OTLP ingestion, the
   * exporter's next major: `_seconds_bucket`), `no-translation` (OTLP `NoTranslation`: dotted
   * names; needs Prometheus 3). See `METRIC_NAMINGS`.
   * @default 'otel-exporter'
   */
  readonly naming?: MetricNaming;
  /**
   * Window of the `rate()` in ratio alerts.
   * @default '5m'
   */
  readonly rateWindow?: string;
  /**
   * Window in which counted events (503s, auth errors, webhook failures, …) must occur.
   * @default '10m'
   */
  readonly eventWindow?: string;
  /**
   * Multiplies every default `for:` duration (0 makes alerts fire on the first evaluation).
   * @default 1
   */
  readonly forScale?: number;
  /**
   * `for:` durations: one for every alert, or per alert name; wins over `forScale`.
   * @default each alert's own (see README)
   */
  readonly for?: string | Partial<Record<AlertName, string>>;
  /**
   * Alerts to ship.
   * @default every name in ALERT_NAMES
   */
  readonly include?: readonly AlertName[];
  /**
   * Alerts to leave out (applied after `include`).
   * @default []
   */
  readonly exclude?: readonly AlertName[];
  /**
   * Thresholds, merged over the defaults.
   * @default the go-live checklist figures (see AlertThresholds)
   */
  readonly thresholds?: Partial<AlertThresholds>;
  /**
   * SLO targets, merged over the defaults.
   * @default { availability: 0.999, latency: 0.99, latencyThresholdSeconds: 1 }
   */
  readonly slo?: Partial<SloOptions>;
  /**
   * `severity` label value per urgency.
   * @default { page: 'critical', ticket: 'warning', info: 'info' }
   */
  readonly severities?: Partial<Record<AlertUrgency, string>>;
  /**
   * Runbook links are this base plus the lower-cased alert name.
   * @default 'https://github.com/preflight-dev/preflight/blob/main/packages/metrics/README.md#'
   */
  readonly runbookBaseUrl?: string;
  /**
   * Extra labels on every alert (e.g. `{ team: 'payments' }`).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** {@link AlertRulesOptions} resolved. */
export interface AlertRulesConfig {
  readonly job: string | undefined;
  readonly naming: MetricNaming;
  readonly rateWindow: string;
  readonly eventWindow: string;
  readonly forScale: number;
  readonly for: string | Partial<Record<AlertName, string>> | undefined;
  readonly include: ReadonlySet<AlertName>;
  readonly thresholds: AlertThresholds;
  readonly slo: SloOptions;
  readonly severities: Readonly<Record<AlertUrgency, string>>;
  readonly runbookBaseUrl: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Default thresholds: the go-live checklist figures. */
export const DEFAULT_THRESHOLDS: AlertThresholds = Object.freeze({
  errorRatio: 0.05,
  latencyP95Seconds: 2,
  upstreamErrorRatio: 0.05,
  authInvalidKey: 3,
  authInsufficientScope: 3,
  rateLimited: 3,
  rateLimitRemainingRatio: 0.1,
  rateLimitRemaining: undefined,
  webhookFailures: 1,
  webhookBacklogAgeSeconds: 3600,
  balance: 100,
  paymentFailures: 1,
  redactions: 1,
});
