// Fixed across packages: the alert rules in @preflight/metrics select on these names.

/** OpenTelemetry instrument names this package records. */
export const RATELIMIT_METRICS = Object.freeze({
  /** Gauge: requests left in a bucket. Attributes `upstream`, `bucket`. */
  remaining: 'preflight.ratelimit.remaining',
  /** Gauge: a bucket's quota. Attributes `upstream`, `bucket`. */
  limit: 'preflight.ratelimit.limit',
  /** Gauge: seconds until a bucket resets, as of collection. Attributes `upstream`, `bucket`. */
  resetSeconds: 'preflight.ratelimit.reset_seconds',
  /** Counter: 429 responses. Attribute `upstream`. */
  rateLimited: 'preflight.ratelimit.rate_limited',
  /** Counter: retries scheduled. Attributes `upstream`, `reason`. */
  retries: 'preflight.ratelimit.retries',
  /** Counter: calls that failed for good. Attributes `upstream`, `reason`. */
  giveUps: 'preflight.ratelimit.give_ups',
} as const);

/** The same metrics as the OpenTelemetry Prometheus exporter writes them on `/metrics`. */
export const RATELIMIT_PROMETHEUS_METRICS = Object.freeze({
  remaining: 'preflight_ratelimit_remaining',
  limit: 'preflight_ratelimit_limit',
  resetSeconds: 'preflight_ratelimit_reset_seconds',
  rateLimited: 'preflight_ratelimit_rate_limited_total',
  retries: 'preflight_ratelimit_retries_total',
  giveUps: 'preflight_ratelimit_give_ups_total',
} as const);

/** Why a retry was scheduled (the `reason` attribute of the retries counter). */
export type RetryReason =
  | 'rate_limited'
  | 'server_error'
  | 'request_timeout'
  | 'timeout'
  | 'network'
  | 'retry_strategy';

/** Why a call failed for good (the `reason` attribute of the give-ups counter). */
export type GiveUpReason =
  | 'retries_exhausted'
  | 'retry_budget'
  | 'queue_full'
  | 'retry_after_too_long'
  | 'maybe_applied'
  | 'retry_strategy';
