export type { CheckOutcome, CheckResult, CheckTag, HealthCheck } from './checks/check.js';
export type { HttpCheckOptions } from './checks/http-check.js';
export { httpCheck } from './checks/http-check.js';
export type { ObservedValue } from './checks/safe-value.js';
export type { Sanitizer } from './checks/sanitize.js';
export { defaultSanitize } from './checks/sanitize.js';
export type { Health } from './create-health.js';
export { createHealth } from './create-health.js';
export type { HealthErrorCode } from './errors.js';
export { CheckTimeoutError, HealthConfigError, HealthError, isHealthError } from './errors.js';
export {
  CHECK_ATTRIBUTE,
  CHECK_DURATION_METRIC,
  CHECK_DURATION_PROMETHEUS,
  CHECK_STATUS_METRIC,
  CHECK_STATUS_PROMETHEUS,
  HEALTH_METRICS,
  HEALTH_PROMETHEUS_METRICS,
  READY_METRIC,
  READY_PROMETHEUS,
} from './metric-names.js';
export type { HealthLogger, HealthOptions, ShowDetails, ShutdownHook } from './options.js';
export type { HealthBody, HealthCheckEntry, HealthStatus } from './probes/health-body.js';
export { HEALTH_CONTENT_TYPE } from './probes/health-body.js';
