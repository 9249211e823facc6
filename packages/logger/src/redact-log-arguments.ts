import { httpKind, httpSummary } from './http-summary.js';
import type { Redactor } from './redactor.js';

/**
 * pino maps a raw request / response merge object to `{ req }` / `{ res }`; we do it first. With
 * a serializer for that field, it gets the raw object (pino would hand it its own serialised
 * form, so `stdSerializers.req` lost the address and port and `stdSerializers.res` wrote
 * `statusCode: null`); its output is redacted. Without one, our summary (no socket internals,
 * no query string).
 */
function mapHttpObject(value: object, raw: object | undefined): object {
  const kind = httpKind(value);
  if (kind === undefined) return value;
  if (raw !== undefined && (raw as Record<string, unknown>)[kind] !== undefined) {
    return { [kind]: value };
  }
  return { [kind]: httpSummary(value) };
}

/**
 * Redacts the arguments of one pino log call (merge object or Error, message, printf arguments),
 * returning pino's array updated in place or a redacted copy of it. Top-level fields named in
 * `raw` are left to their (redacting) serializer. Never throws: an unreadable merge object (a
 * Proxy whose traps throw, a revoked Proxy) becomes `{ value: '[Unreadable]' }` and the message
 * is kept; if redaction itself fails the line is still written, with a fixed message.
 */
export function redactLogArguments(
  redactor: Redactor,
  args: unknown[],
  raw: object | undefined,
): unknown[] {
  const first = args[0];
  if (typeof first === 'object' && first !== null) {
    try {
      args[0] = mapHttpObject(first, raw);
    } catch {
      // Reading it threw: the walker reads it again inside its own guard and says so.
    }
  }
  return redactor.redactLogArguments(args, raw);
}
