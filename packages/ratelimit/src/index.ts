export type { RateLimitBucket, RateLimitDialect } from './bucket.js';
export type { FailedCallDetails, RateLimitErrorCode, RetryStrategy } from './errors.js';
export {
  AttemptTimeoutError,
  isAttemptTimeoutError,
  isMaybeAppliedError,
  isRateLimitConfigError,
  isRateLimitError,
  isRetriesExhaustedError,
  isRetryAfterTooLongError,
  isRetryStrategyError,
  MaybeAppliedError,
  RateLimitConfigError,
  RateLimitError,
  RetriesExhaustedError,
  RetryAfterTooLongError,
  RetryStrategyError,
} from './errors.js';
export type { FetchFunction, GiveUpEvent, RateLimitedFetchOptions } from './fetch-options.js';
export type { HeadersInput } from './header-table.js';
export type { RateLimitLogger } from './logger.js';
export type { MemoryRateLimitStoreOptions } from './memory-store.js';
export { createMemoryRateLimitStore } from './memory-store.js';
export type { GiveUpReason, RetryReason } from './metric-names.js';
export { RATELIMIT_METRICS, RATELIMIT_PROMETHEUS_METRICS } from './metric-names.js';
export type { ParseRateLimitOptions, RateLimitInfo } from './parse-rate-limit.js';
export { parseRateLimit } from './parse-rate-limit.js';
export type { QueueFullReason } from './queue-full-error.js';
export { isQueueFullError, QueueFullError } from './queue-full-error.js';
export type {
  Admission,
  RateLimitStore,
  RateLimitStoreListener,
  SharedBucket,
  SharedBudget,
} from './rate-limit-store.js';
export { createRateLimitedFetch } from './rate-limited-fetch.js';
export type { RetryBudgetOption } from './retry-budget.js';
export type { Sleep } from './sleep.js';
export type { RateOption } from './sliding-window.js';
export type {
  BucketState,
  LowWatermark,
  ObservedResponse,
  RateLimitTracker,
  RateLimitTrackerOptions,
  UpstreamState,
} from './tracker.js';
export { createRateLimitTracker } from './tracker.js';
