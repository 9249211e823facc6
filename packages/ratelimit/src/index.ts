export type {
  FailedCallDetails,
  QueueFullReason,
  RateLimitErrorCode,
  RetryStrategy,
} from './errors.js';
export {
  AttemptTimeoutError,
  isAttemptTimeoutError,
  isMaybeAppliedError,
  isQueueFullError,
  isRateLimitConfigError,
  isRateLimitError,
  isRetriesExhaustedError,
  isRetryAfterTooLongError,
  isRetryStrategyError,
  MaybeAppliedError,
  QueueFullError,
  RateLimitConfigError,
  RateLimitError,
  RetriesExhaustedError,
  RetryAfterTooLongError,
  RetryStrategyError,
} from './errors.js';
export type { FetchFunction, GiveUpEvent, RateLimitedFetchOptions } from './fetch/fetch-options.js';
export { createRateLimitedFetch } from './fetch/rate-limited-fetch.js';
export type { RetryBudgetOption } from './fetch/retry-budget.js';
export type { Sleep } from './fetch/sleep.js';
export type { RateLimitBucket, RateLimitDialect } from './headers/bucket.js';
export type { HeadersInput } from './headers/header-table.js';
export type { ParseRateLimitOptions, RateLimitInfo } from './headers/parse-rate-limit.js';
export { parseRateLimit } from './headers/parse-rate-limit.js';
export type { RateLimitLogger } from './logger.js';
// For store implementations (@preflight/ratelimit-redis): the same option checks and global
// meter rule, bound to the implementing package's own error class and meter name.
export { meterBound } from './meter.js';
export type { GiveUpReason, RetryReason } from './metric-names.js';
export { RATELIMIT_METRICS, RATELIMIT_PROMETHEUS_METRICS } from './metric-names.js';
export type { MemoryRateLimitStoreOptions } from './store/memory-store.js';
export { createMemoryRateLimitStore } from './store/memory-store.js';
export type {
  Admission,
  RateLimitStore,
  RateLimitStoreListener,
  SharedBucket,
  SharedBudget,
} from './store/rate-limit-store.js';
export type { RateOption } from './store/sliding-window.js';
export type { BudgetWaits } from './tracker/budget-waits.js';
export type {
  BucketState,
  LowWatermark,
  ObservedResponse,
  RateLimitTracker,
  RateLimitTrackerOptions,
  UpstreamState,
} from './tracker/tracker.js';
export { createRateLimitTracker } from './tracker/tracker.js';
export type { OptionErrorClass } from './validate.js';
export { createOptionValidators } from './validate.js';
