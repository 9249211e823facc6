/** The subset of pino's call shape this package logs through (`logger.warn(obj, msg)`). */
export interface HealthLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = (): void => {};

/** Used when no logger is given: the package stays silent rather than writing to stdout. */
export const silentLogger: HealthLogger = Object.freeze({
  info: ignore,
  warn: ignore,
  error: ignore,
});
