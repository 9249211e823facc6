/** Stable codes carried by every error this package throws. */
export type LoggerErrorCode = 'ERR_PREFLIGHT_LOGGER_OPTION';

const CODE_PREFIX = 'ERR_PREFLIGHT_LOGGER_';

/** Base class of every error thrown by `@preflight/logger`; switch on `code`, not on the message. */
export class LoggerError extends Error {
  readonly code: LoggerErrorCode;

  constructor(code: LoggerErrorCode, message: string) {
    super(`@preflight/logger: ${message}`);
    this.name = 'LoggerError';
    this.code = code;
  }
}

/**
 * Thrown at creation time when an option is invalid. The message reads
 * ``option `path` <rule>; got <value>`` (the value part when one is given).
 */
export class LoggerOptionError extends LoggerError {
  /** The option path that was rejected, e.g. `redact.censor`. */
  readonly option: string;

  /**
   * @param option the option path, e.g. `redact.patterns[0].name`
   * @param rule what the option must be, e.g. `must be true or false`
   * @param got the rejected value, described after the rule (`; got 'yes'`) when given
   */
  constructor(option: string, rule: string, ...got: [] | [unknown]) {
    const value = got.length === 0 ? '' : `; got ${describeValue(got[0])}`;
    super('ERR_PREFLIGHT_LOGGER_OPTION', `option \`${option}\` ${rule}${value}`);
    this.name = 'LoggerOptionError';
    this.option = option;
  }
}

/** True for errors thrown by this package (works across duplicated installs via `code`). */
export function isLoggerError(value: unknown): value is LoggerError {
  if (value instanceof LoggerError) return true;
  const code = value instanceof Error ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith(CODE_PREFIX);
}

/** A short, bounded rendering of a rejected option value (never a whole object or long string). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  }
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof RegExp) return String(value).slice(0, 40);
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
