export type { RateLimitRedisErrorCode } from './errors.js';
export {
  isRateLimitRedisError,
  isRedisStoreConfigError,
  RateLimitRedisError,
  RedisStoreConfigError,
} from './errors.js';
export type { FallbackReason, StoreOperation } from './metric-names.js';
export {
  RATELIMIT_REDIS_METRICS,
  RATELIMIT_REDIS_PROMETHEUS_METRICS,
  STORE_DURATION_BUCKETS,
} from './metric-names.js';
export type { RedisClientLike } from './redis-client.js';
export { createRedisRateLimitStore } from './redis-store.js';
export type {
  RedisRateLimitStoreOptions,
  RedisStoreFallbackOptions,
  RedisStoreLogger,
} from './redis-store-config.js';
