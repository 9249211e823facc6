export type { CheckOutcome, CheckResult, CheckTag, HealthCheck } from './check.js';
export type { Health } from './create-health.js';
export { createHealth } from './create-health.js';
export type { HealthErrorCode } from './errors.js';
export { CheckTimeoutError, HealthConfigError, HealthError, isHealthError } from './errors.js';
export type { HealthBody, HealthCheckEntry, HealthStatus } from './health-body.js';
export { HEALTH_CONTENT_TYPE } from './health-body.js';
export type { HttpCheckOptions } from './http-check.js';
export { httpCheck } from './http-check.js';
export type { HealthLogger } from './logger.js';
export {
  CHECK_ATTRIBUTE,
  CHECK_DURATION_METRIC,
  CHECK_DURATION_PROMETHEUS,
  CHECK_STATUS_METRIC,
  CHECK_STATUS_PROMETHEUS,
  READY_METRIC,
  READY_PROMETHEUS,
} from './metrics.js';
export type { HealthOptions, ShowDetails, ShutdownHook } from './options.js';
export type { ObservedValue } from './safe-value.js';
export type { Sanitizer } from './sanitize.js';
export { defaultSanitize } from './sanitize.js';
