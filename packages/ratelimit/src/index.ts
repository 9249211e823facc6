export type { RateLimitBucket, RateLimitDialect } from './bucket.js';
export type {
  FailedCallDetails,
  RateLimitErrorCode,
  RetryStrategy,
} from './errors.js';
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
export type { HeadersInput } from './header-table.js';
export type { ParseRateLimitOptions, RateLimitInfo } from './parse-rate-limit.js';
export { parseRateLimit } from './parse-rate-limit.js';
