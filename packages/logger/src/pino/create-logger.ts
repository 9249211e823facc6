import { hostname } from 'node:os';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { httpKind, httpSummary } from '../http/http-summary.js';
import { createRedactor, type Redactor } from '../redaction/redactor.js';
import { wrapBindings } from './child-bindings.js';
import { type CreateLoggerOptions, resolveCreateLoggerConfig } from './create-logger-config.js';
import { redactingFormatters } from './formatters.js';
import type { LoggerDestination } from './logger-destination.js';
import { RAW_FIELDS, rawFields, redactingSerializers } from './serializers.js';
import { addTraceFields } from './trace-context.js';

const levelLabel = (label: string) => ({ level: label });
const levelNumber = (_label: string, level: number) => ({ level });

type LogMethodHook = NonNullable<NonNullable<LoggerOptions['hooks']>['logMethod']>;

/**
 * Creates a pino logger that writes JSON lines with an ISO `time`, the `level` label, `msg`,
 * `name`, the active span's `trace_id`/`span_id`, and every secret and piece of PII redacted — in
 * the merge object, the message, printf arguments, child bindings and Errors. Takes every call
 * shape of `pino()`: `(options)`, `(destination)`, `(path)`, `(options, destination)`,
 * `(null, path)`. Throws a {@link LoggerOptionError} for invalid options.
 */
export function createLogger(
  optionsOrDestination?: CreateLoggerOptions | LoggerDestination | null,
  destinationArgument?: LoggerDestination,
): Logger {
  const config = resolveCreateLoggerConfig(optionsOrDestination, destinationArgument);
  const { options, destination, labels, name, service, level, traceContext } = config;
  const redactor = createRedactor(config.redact);
  const errorKey = options.errorKey ?? 'err';
  const userHook = options.hooks?.logMethod;
  // Fields any logger of this tree leaves raw for its serializer (see redactingFormatters).
  const serialized: Record<string, true> = Object.create(null);
  const serializers = redactingSerializers(options.serializers, redactor);

  const logMethod: LogMethodHook = function (this: Logger, args, method, levelNumber) {
    const raw = (this as Logger & { [RAW_FIELDS]?: object })[RAW_FIELDS];
    const safe = redactLogArguments(redactor, args as unknown[], raw);
    if (traceContext) addTraceFields(safe, errorKey);
    if (userHook) userHook.call(this, safe as Parameters<LogMethodHook>[0], method, levelNumber);
    else method.apply(this, safe as Parameters<LogMethodHook>[0]);
  };

  const logger = pino(
    {
      ...config.pinoOptions,
      level,
      ...(name === undefined ? {} : { name }),
      ...(config.pinoRedact === undefined ? {} : { redact: config.pinoRedact }),
      ...(serializers === undefined ? {} : { serializers }),
      ...(service === undefined
        ? {}
        : { base: { ...(options.base ?? { pid: process.pid, hostname: hostname() }), service } }),
      timestamp: options.timestamp ?? pino.stdTimeFunctions.isoTime,
      formatters: {
        ...options.formatters,
        level: options.formatters?.level ?? (labels ? levelLabel : levelNumber),
        ...redactingFormatters(options.formatters, redactor, serialized, true),
      },
      hooks: { ...options.hooks, logMethod },
    },
    // pino takes a path here too (it builds the SonicBoom); its types only say streams.
    ...(destination === undefined ? [] : [destination as DestinationStream]),
  );
  const raw = rawFields(undefined, serializers, errorKey, serialized);
  // Set even when undefined: an own property is one lookup per line, a miss walks pino's chain.
  (logger as Logger & { [RAW_FIELDS]?: object })[RAW_FIELDS] = raw;
  wrapBindings(logger, redactor, errorKey, serialized);
  return logger;
}

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
function redactLogArguments(
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
