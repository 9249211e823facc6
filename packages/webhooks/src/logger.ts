/** The slice of a pino-shaped logger this package calls. */
export interface WebhookLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything (the default: this package never logs unless asked). */
export const SILENT_LOGGER: WebhookLogger = { info: noop, warn: noop, error: noop };

/** Error details safe for a log line: name and message, never the object (it may hold a request). */
export function errorFields(error: unknown): { error_type: string; error_message: string } {
  if (error instanceof Error)
    return { error_type: error.name, error_message: error.message.slice(0, 500) };
  return { error_type: typeof error, error_message: String(error).slice(0, 500) };
}
