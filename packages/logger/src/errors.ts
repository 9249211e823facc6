/** Stable codes carried by every error this package throws. */
export type LoggerErrorCode = 'ERR_PREFLIGHT_LOGGER_OPTION';

/** Base class of every error thrown by `@preflight/logger`; switch on `code`, not on the message. */
export class LoggerError extends Error {
  readonly code: LoggerErrorCode;

  constructor(code: LoggerErrorCode, message: string) {
    super(`@preflight/logger: ${message}`);
    this.name = 'LoggerError';
    this.code = code;
  }
}

/** Thrown at creation time when an option is invalid; the message names the option. */
export class LoggerOptionError extends LoggerError {
  /** The option path that was rejected, e.g. `redact.censor`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super('ERR_PREFLIGHT_LOGGER_OPTION', `option \`${option}\` ${message}`);
    this.name = 'LoggerOptionError';
    this.option = option;
  }
}

/** True for errors thrown by this package (works across duplicated installs via `code`). */
export function isLoggerError(value: unknown): value is LoggerError {
  if (value instanceof LoggerError) return true;
  const code = value instanceof Error ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PREFLIGHT_LOGGER_');
}
