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

const CODE_PREFIX = 'ERR_RATELIMIT_REDIS_';

function codeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { code?: unknown }).code
    : undefined;
}

/**
 * True for any error thrown by this package: by class, or by its `ERR_RATELIMIT_REDIS_` code so
 * errors from another copy of the package (a duplicated install) match too.
 */
export function isRateLimitRedisError(error: unknown): error is RateLimitRedisError {
  if (error instanceof RateLimitRedisError) return true;
  const code = codeOf(error);
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}

/** True for a {@link RedisStoreConfigError}, also across duplicated installs (by `code`). */
export function isRedisStoreConfigError(error: unknown): error is RedisStoreConfigError {
  return error instanceof RedisStoreConfigError || codeOf(error) === 'ERR_RATELIMIT_REDIS_CONFIG';
}
