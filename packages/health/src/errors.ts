/** Stable codes carried by every error this package throws. */
export type HealthErrorCode = 'ERR_HEALTH_CONFIG' | 'ERR_HEALTH_CHECK_TIMEOUT';

const CODE_PREFIX = 'ERR_HEALTH_';

/** Base class of every error thrown by `@preflight/health`; branch on `code`. */
export class HealthError extends Error {
  readonly code: HealthErrorCode;

  constructor(code: HealthErrorCode, message: string) {
    super(`@preflight/health: ${message}`);
    this.name = 'HealthError';
    this.code = code;
  }
}

/** Thrown by `createHealth` / `httpCheck` when an option is invalid; the message names it. */
export class HealthConfigError extends HealthError {
  /** The option that was rejected, e.g. `checks[1].timeoutMs`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_HEALTH_CONFIG', `${option} ${message}`);
    this.name = 'HealthConfigError';
    this.option = option;
  }
}

/** The reason a check's `AbortSignal` fires when the check exceeds its `timeoutMs`. */
export class CheckTimeoutError extends HealthError {
  readonly timeoutMs: number;

  constructor(check: string, timeoutMs: number) {
    super('ERR_HEALTH_CHECK_TIMEOUT', `check "${check}" timed out after ${timeoutMs} ms`);
    this.name = 'CheckTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * True when `value` is any error thrown by this package: by class, or by its `ERR_HEALTH_` code
 * so errors from another copy of the package (a duplicated install) match too.
 */
export function isHealthError(value: unknown): value is HealthError {
  if (value instanceof HealthError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}
