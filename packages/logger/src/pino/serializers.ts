import type { LoggerOptions } from 'pino';
import type { Redactor } from '../redaction/redactor.js';

type Serializers = NonNullable<LoggerOptions['serializers']>;
type Serializer = (value: unknown) => unknown;

/**
 * Where a logger keeps its redacting serializers, by key: the hook leaves those top-level
 * fields raw (pino's `req` serializer needs the socket's address and port, `res` its
 * `headersSent`), because the serializer's output is redacted instead. Children inherit it
 * through pino's prototype chain.
 */
export const RAW_FIELDS = Symbol('preflight.logger.rawFields');

/**
 * Wraps each serializer so that what it returns is redacted (it receives the raw value, as in
 * pino) and so that a throwing serializer costs one field, never the line.
 */
export function redactingSerializers(
  serializers: Serializers | undefined,
  redactor: Redactor,
): Serializers | undefined {
  if (serializers === undefined || serializers === null) return undefined;
  const out: Record<string | symbol, Serializer> = Object.create(null);
  for (const key of Reflect.ownKeys(serializers)) {
    const serialize = (serializers as Record<string | symbol, unknown>)[key];
    if (typeof serialize !== 'function') continue;
    out[key] = (value: unknown) => {
      try {
        return redactor.redactForLog((serialize as Serializer)(value));
      } catch {
        return '[Unreadable]';
      }
    };
  }
  return out as Serializers;
}

/**
 * The fields a logger leaves to serializers: its parent's and the new ones, except `errorKey`
 * (pino reads the message of `obj[errorKey]` itself, so the Error is redacted before). Each is
 * also recorded in `everywhere`, the fields any logger of the tree leaves raw.
 */
export function rawFields(
  inherited: object | undefined,
  serializers: Serializers | undefined,
  errorKey: string,
  everywhere: Record<string, true>,
): object | undefined {
  if (serializers === undefined) return inherited;
  const fields: Record<string, true> = Object.assign(Object.create(null), inherited);
  for (const key of Object.keys(serializers)) {
    if (key !== errorKey) fields[key] = everywhere[key] = true;
  }
  return Object.keys(fields).length === 0 ? undefined : fields;
}
