/** Stable codes carried by every error this package throws. */
export type MetricsErrorCode = 'ERR_PREFLIGHT_METRICS_OPTION';

/** Base class of every error thrown by `@preflight/metrics`; branch on `code`, not on the message. */
export class MetricsError extends Error {
  readonly code: MetricsErrorCode;

  constructor(code: MetricsErrorCode, message: string) {
    super(`@preflight/metrics: ${message}`);
    this.name = 'MetricsError';
    this.code = code;
  }
}

/** Thrown at creation when an option is invalid; the message names the option and what it accepts. */
export class MetricsOptionError extends MetricsError {
  /** The option path, e.g. `thresholds.errorRatio`. */
  readonly option: string;

  constructor(option: string, accepted: string, received: unknown) {
    super(
      'ERR_PREFLIGHT_METRICS_OPTION',
      `option "${option}" must be ${accepted} (received ${describe(received)})`,
    );
    this.name = 'MetricsOptionError';
    this.option = option;
  }
}

const CODE_PREFIX = 'ERR_PREFLIGHT_METRICS_';

/**
 * True when `error` is any error thrown by this package: by class, or by its
 * `ERR_PREFLIGHT_METRICS_` code, so errors from another copy of the package (a duplicated
 * install) match too.
 */
export function isMetricsError(error: unknown): error is MetricsError {
  if (error instanceof MetricsError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
