/** OpenTelemetry instrument names this package records. */
export const RATELIMIT_REDIS_METRICS = Object.freeze({
  /**
   * Histogram (s): one store round trip to Redis. Attributes `operation` (`admit`,
   * `record_budget`, `record_pause`, `probe`), `outcome` (`ok`, `error`, `timeout`).
   */
  storeDuration: 'preflight.ratelimit.store.duration',
  /** Counter: switches to the local fallback limiter. Attribute `reason` (`timeout`, `error`, `overload`). */
  fallbacks: 'preflight.ratelimit.store.fallbacks',
  /**
   * Counter: admission answers that made a request wait. Attributes `upstream`, `mode`
   * (`shared`, `fallback`). A request asked again after a "not yet" counts again.
   */
  admissionsDelayed: 'preflight.ratelimit.store.admissions_delayed',
} as const);

/** The same metrics as the OpenTelemetry Prometheus exporter writes them on `/metrics`. */
export const RATELIMIT_REDIS_PROMETHEUS_METRICS = Object.freeze({
  storeDuration: 'preflight_ratelimit_store_duration',
  fallbacks: 'preflight_ratelimit_store_fallbacks_total',
  admissionsDelayed: 'preflight_ratelimit_store_admissions_delayed_total',
} as const);

/** Bucket boundaries (s) of the round-trip histogram: a loopback Redis answers in ~0.1–1 ms. */
export const STORE_DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
];

/** The store call a duration belongs to. */
export type StoreOperation = 'admit' | 'record_budget' | 'record_pause' | 'probe';
/** Why the store switched to its local fallback. */
export type FallbackReason = 'timeout' | 'error' | 'overload';
