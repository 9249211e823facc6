import type { Bindings, ChildLoggerOptions, Logger } from 'pino';
import type { Redactor } from '../redaction/redactor.js';
import { redactingFormatters } from './formatters.js';
import { RAW_FIELDS, rawFields, redactingSerializers } from './serializers.js';

type ChildFn = Logger['child'];
type SetBindingsFn = Logger['setBindings'];
interface WithRawFields {
  [RAW_FIELDS]?: object;
}

/** Bindings redacted, fields with a serializer left to it (pino serialises bindings too). */
function redactBindings<T>(redactor: Redactor, bindings: T, raw: object | undefined): T {
  if (typeof bindings !== 'object' || bindings === null) return bindings;
  return redactor.redactLogArguments([bindings], raw)[0] as T;
}

/**
 * pino never passes child bindings through `formatters.log`, and resets `formatters.bindings`
 * for children; so `child` and `setBindings` are wrapped on the root instance (children inherit
 * them through the prototype chain) to redact bindings before pino serialises them. A child's
 * own `serializers` and `formatters` are wrapped like the root's, so their output is redacted.
 */
export function wrapBindings(
  logger: Logger,
  redactor: Redactor,
  errorKey: string,
  everywhere: Record<string, true>,
): void {
  const child = logger.child as unknown as (
    this: unknown,
    bindings: Bindings,
    options?: ChildLoggerOptions,
  ) => object;
  const setBindings = logger.setBindings as (this: unknown, bindings: Bindings) => void;
  logger.child = function (
    this: WithRawFields,
    bindings: Bindings,
    childOptions?: ChildLoggerOptions,
  ) {
    const serializers = redactingSerializers(childOptions?.serializers, redactor);
    const raw = rawFields(this[RAW_FIELDS], serializers, errorKey, everywhere);
    const msgPrefix = childOptions?.msgPrefix;
    const opts =
      childOptions === undefined
        ? undefined
        : {
            ...childOptions,
            ...(serializers === undefined ? {} : { serializers }),
            ...(childOptions.formatters === undefined
              ? {}
              : {
                  formatters: {
                    ...childOptions.formatters,
                    ...redactingFormatters(childOptions.formatters, redactor, everywhere, false),
                  },
                }),
            ...(typeof msgPrefix === 'string'
              ? { msgPrefix: redactor.redactString(msgPrefix) }
              : {}),
          };
    const made = child.call(
      this,
      redactBindings(redactor, bindings, raw),
      opts as ChildLoggerOptions | undefined,
    );
    if (raw !== this[RAW_FIELDS]) (made as unknown as WithRawFields)[RAW_FIELDS] = raw;
    return made;
  } as unknown as ChildFn;
  logger.setBindings = function (this: WithRawFields, bindings) {
    setBindings.call(this, redactBindings(redactor, bindings, this[RAW_FIELDS]));
  } as SetBindingsFn;
}
