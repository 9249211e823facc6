/** Stable codes of the errors this package throws (only at creation: store calls never throw). */
export type RateLimitRedisErrorCode = 'ERR_RATELIMIT_REDIS_CONFIG';

/** Base class of every error thrown by `@preflight/ratelimit-redis`; branch on `code`. */
export class RateLimitRedisError extends Error {
  readonly code: RateLimitRedisErrorCode;

  constructor(code: RateLimitRedisErrorCode, message: string) {
    super(`@preflight/ratelimit-redis: ${message}`);
    this.name = 'RateLimitRedisError';
    this.code = code;
  }
}

/** An option of `createRedisRateLimitStore` is invalid; the message names it. */
export class RedisStoreConfigError extends RateLimitRedisError {
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_RATELIMIT_REDIS_CONFIG', `option \`${option}\` ${message}`);
    this.name = 'RedisStoreConfigError';
    this.option = option;
  }
}

/** True for a {@link RedisStoreConfigError}, also across duplicated installs (by `code`). */
export function isRedisStoreConfigError(error: unknown): error is RedisStoreConfigError {
  return (
    error instanceof RedisStoreConfigError ||
    (error instanceof Error && (error as { code?: unknown }).code === 'ERR_RATELIMIT_REDIS_CONFIG')
  );
}
