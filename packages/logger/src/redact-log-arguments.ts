import { httpSummary } from './http-summary.js';
import type { Redactor } from './redactor.js';

/** pino maps a raw request / response merge object to `{ req }` / `{ res }`; we do it first. */
function summariseHttpObject(value: object): object {
  const summary = httpSummary(value);
  if (summary === undefined) return value;
  return 'method' in summary ? { req: summary } : { res: summary };
}

/**
 * Redacts the arguments of one pino log call (merge object or Error, message, printf arguments),
 * returning pino's array updated in place or a redacted copy of it. Never throws: if redaction
 * itself fails the line is still written, with a fixed message and nothing from the call.
 */
export function redactLogArguments(redactor: Redactor, args: unknown[]): unknown[] {
  const first = args[0];
  if (typeof first === 'object' && first !== null) args[0] = summariseHttpObject(first);
  return redactor.redactLogArguments(args);
}
