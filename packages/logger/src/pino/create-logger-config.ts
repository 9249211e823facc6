import type { Meter } from '@opentelemetry/api';
import type { LoggerOptions } from 'pino';
import type { RedactOptions } from '../redaction/redact-options.js';
import {
  type LoggerRedactOption,
  type PinoRedactOptions,
  splitRedactOption,
} from '../redaction/redact-paths.js';
import { booleanOption, stringOption } from '../validate.js';
import { type LevelEnvironment, resolveLevel } from './level.js';
import { chooseTransport, type LoggerDestination, sortArguments } from './logger-destination.js';

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

/** The options pino receives as they are (everything we do not declare ourselves). */
type PassedToPino = Omit<LoggerOptions, 'level' | 'redact' | 'name' | 'customLevels'>;

/**
 * Our own options with their defaults (`undefined`: computed, see each option's `@default`).
 * pino's options are not listed: they pass through unchecked, as pino itself takes them.
 */
const DEFAULTS = {
  name: undefined,
  service: undefined,
  level: undefined,
  redact: undefined,
  traceContext: true,
  meter: undefined,
  env: undefined,
  customLevels: undefined,
} as const satisfies {
  readonly [K in Exclude<keyof Required<CreateLoggerOptions>, keyof PassedToPino>]: unknown;
};

/** {@link CreateLoggerOptions} validated, with the destination pino writes to. */
export interface CreateLoggerConfig {
  /** The options as given (pino reads `errorKey`, `hooks`, `formatters`, … from them). */
  readonly options: CreateLoggerOptions;
  /** What is handed to `pino()` unchanged: every option that is not ours, minus `transport`. */
  readonly pinoOptions: PassedToPino & Pick<LoggerOptions, 'name' | 'customLevels'>;
  readonly destination: LoggerDestination | undefined;
  /** Level labels can be written (false for a multi-target transport we could not configure). */
  readonly labels: boolean;
  readonly name: string | undefined;
  readonly service: string | undefined;
  /** The level label pino is given. */
  readonly level: string;
  readonly traceContext: boolean;
  /** Our redaction options (with the `meter` option folded in). */
  readonly redact: RedactOptions | undefined;
  /** pino's own path redaction, when `redact` named paths. */
  readonly pinoRedact: PinoRedactOptions | undefined;
}

/**
 * Sorts out `pino()`'s call shapes and validates our options; throws a `LoggerOptionError`
 * naming the option. Unknown keys are pino's: passed through, never rejected.
 */
export function resolveCreateLoggerConfig(
  optionsOrDestination: CreateLoggerOptions | LoggerDestination | null | undefined,
  destinationArgument: LoggerDestination | undefined,
): CreateLoggerConfig {
  const { options, destination: given } = sortArguments<CreateLoggerOptions>(
    optionsOrDestination,
    destinationArgument,
  );
  const {
    service,
    redact: _redact,
    traceContext = DEFAULTS.traceContext,
    meter,
    env = process.env,
    transport,
    ...pinoOptions
  } = options;
  const { destination, labels } = chooseTransport(transport, given, options);
  booleanOption('traceContext', traceContext);
  if (service !== undefined) stringOption('service', service, { blank: true });
  const name = options.name ?? service;
  if (name !== undefined) stringOption('name', name, { empty: true, blank: true });
  const level = resolveLevel(
    options.level,
    env,
    options.customLevels,
    options.useOnlyCustomLevels === true,
  );
  const split = splitRedactOption(options.redact);
  return {
    options,
    pinoOptions,
    destination,
    labels,
    name,
    service,
    level,
    traceContext,
    redact: meter === undefined ? split.ours : { ...split.ours, meter },
    pinoRedact: split.pino,
  };
}
