import type { Redactor } from '../redaction/redactor.js';

type Fields = Record<string, unknown>;

/** The formatters of a pino logger or child that we wrap. */
interface Formatters {
  readonly bindings?: (bindings: Fields) => object;
  readonly log?: (obj: Fields) => object;
}

/**
 * Your `formatters.bindings` and `formatters.log`, with what they return redacted: pino calls
 * them between our hook and the line, so a formatter that adds or copies a field (even one left
 * raw for its serializer, which `serialized` lists) would otherwise write it as is. With
 * `always`, bindings are redacted even without a formatter of yours (the root's `base`).
 */
export function redactingFormatters(
  formatters: Formatters | undefined,
  redactor: Redactor,
  serialized: object,
  always: boolean,
): { bindings?: (bindings: Fields) => Fields; log?: (obj: Fields) => Fields } {
  const bindings = formatters?.bindings;
  const log = formatters?.log;
  return {
    ...(bindings === undefined && !always
      ? {}
      : {
          bindings: (b: Fields) => redactor.redactForLog(bindings ? bindings(b) : b) as Fields,
        }),
    ...(log === undefined
      ? {}
      : {
          log: (obj: Fields) => redactor.redactLogArguments([log(obj)], serialized)[0] as Fields,
        }),
  };
}
