/** The part of a pino-style logger this package calls (`logger.warn(obj, msg)`). */
export interface RateLimitLogger {
  warn(obj: object, msg: string): void;
}

/** Logs through `logger` without ever letting a broken logger break the caller. */
export function safeWarn(logger: RateLimitLogger | undefined, obj: object, msg: string): void {
  if (logger === undefined) return;
  try {
    logger.warn(obj, msg);
  } catch {
    // A failing log sink must not fail the request being logged.
  }
}
