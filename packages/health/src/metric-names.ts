// Metric names as OpenTelemetry instruments and as the OTel Prometheus exporter scrapes them.
// The alert rules in `@preflight/metrics` read the scraped names: they are a contract.

/** OpenTelemetry instrument names recorded by `@preflight/health`. */
export const HEALTH_METRICS = Object.freeze({
  /** Gauge `{check}`: last result of each check, 1 pass or warn, 0 fail. */
  checkStatus: 'preflight.health.check.status',
  /** Histogram `{check}` in seconds: one real run of a check (cached results are not counted). */
  checkDuration: 'preflight.health.check.duration_seconds',
  /** Gauge, no attributes: readiness as served by `/ready`, 1 ready, 0 not. */
  ready: 'preflight.health.ready',
} as const);

/** Scraped (Prometheus) names of {@link HEALTH_METRICS}; the histogram adds `_bucket`, `_sum`, `_count`. */
export const HEALTH_PROMETHEUS_METRICS = Object.freeze({
  checkStatus: 'preflight_health_check_status',
  checkDuration: 'preflight_health_check_duration_seconds',
  ready: 'preflight_health_ready',
} as const);

/** Attribute naming the check; values are bounded by the declared check names. */
export const CHECK_ATTRIBUTE = 'check';

/** @deprecated use `HEALTH_METRICS.checkStatus` */
export const CHECK_STATUS_METRIC = HEALTH_METRICS.checkStatus;
/** @deprecated use `HEALTH_PROMETHEUS_METRICS.checkStatus` */
export const CHECK_STATUS_PROMETHEUS = HEALTH_PROMETHEUS_METRICS.checkStatus;
/** @deprecated use `HEALTH_METRICS.checkDuration` */
export const CHECK_DURATION_METRIC = HEALTH_METRICS.checkDuration;
/** @deprecated use `HEALTH_PROMETHEUS_METRICS.checkDuration` */
export const CHECK_DURATION_PROMETHEUS = HEALTH_PROMETHEUS_METRICS.checkDuration;
/** @deprecated use `HEALTH_METRICS.ready` */
export const READY_METRIC = HEALTH_METRICS.ready;
/** @deprecated use `HEALTH_PROMETHEUS_METRICS.ready` */
export const READY_PROMETHEUS = HEALTH_PROMETHEUS_METRICS.ready;
