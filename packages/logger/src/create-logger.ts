import { hostname } from 'node:os';
import type { Meter } from '@opentelemetry/api';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { wrapBindings } from './child-bindings.js';
import { LoggerOptionError } from './errors.js';
import { redactingFormatters } from './formatters.js';
import { type LevelEnvironment, resolveLevel } from './level.js';
import { chooseTransport, type LoggerDestination, sortArguments } from './logger-destination.js';
import { redactLogArguments } from './redact-log-arguments.js';
import { type LoggerRedactOption, splitRedactOption } from './redact-paths.js';
import { createRedactor } from './redactor.js';
import { RAW_FIELDS, rawFields, redactingSerializers } from './serializers.js';
import { addTraceFields } from './trace-context.js';

/** Options of {@link createLogger}: ours below, plus any pino option passed through. */
export interface CreateLoggerOptions
  extends Omit<LoggerOptions, 'level' | 'redact' | 'name' | 'customLevels'> {
  /** Logger name, written as `name` on every line. @default options.service */
  readonly name?: string;
  /** Service name, written as `service` on every line (and the default `name`). @default undefined */
  readonly service?: string;
  /**
   * Minimum level: a label in any case (`'INFO'`), a level number (`30`, a custom level's),
   * `Infinity` for `'silent'`. @default process.env.LOG_LEVEL, else `'info'` when
   * `NODE_ENV=production`, else `'debug'`
   */
  readonly level?: string | number;
  /**
   * Redaction on top of the built-in rules: our `RedactOptions` (extra keys, patterns, censor
   * text, rules to disable), plus pino's `paths` / `remove`; array entries that are pino paths
   * (`'a.b'`, `'req.headers["x-ref"]'`, `'*.secret'`) go to pino's redaction, other entries are
   * key names. @default {}
   */
  readonly redact?: LoggerRedactOption;
  /** Add `trace_id` / `span_id` of the active OpenTelemetry span. @default true */
  readonly traceContext?: boolean;
  /**
   * Meter for the redactions counter.
   * @default the `@preflight/logger` meter of the global meter provider registered at the time
   * of each redaction (a provider registered after the logger is created is used)
   */
  readonly meter?: Meter;
  /** Environment read for `LOG_LEVEL` / `NODE_ENV` (inject in tests). @default process.env */
  readonly env?: LevelEnvironment;
  /** pino custom levels, passed through. @default undefined */
  readonly customLevels?: Record<string, number>;
}

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
  const { options, destination: given } = sortArguments<CreateLoggerOptions>(
    optionsOrDestination,
    destinationArgument,
  );
  const {
    service,
    redact: _redact,
    traceContext = true,
    meter: _meter,
    env = process.env,
    transport,
    ...pinoOptions
  } = options;
  const { destination, labels } = chooseTransport(transport, given, options);
  if (typeof traceContext !== 'boolean')
    throw new LoggerOptionError('traceContext', 'must be true or false');
  if (service !== undefined && (typeof service !== 'string' || service === '')) {
    throw new LoggerOptionError('service', 'must be a non-empty string');
  }
  const name = options.name ?? service;
  if (name !== undefined && typeof name !== 'string')
    throw new LoggerOptionError('name', 'must be a string');
  const level = resolveLevel(
    options.level,
    env,
    options.customLevels,
    options.useOnlyCustomLevels === true,
  );
  const split = splitRedactOption(options.redact);
  const redactor = createRedactor(
    options.meter === undefined ? split.ours : { ...split.ours, meter: options.meter },
  );
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
      ...pinoOptions,
      level,
      ...(name === undefined ? {} : { name }),
      ...(split.pino === undefined ? {} : { redact: split.pino }),
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
