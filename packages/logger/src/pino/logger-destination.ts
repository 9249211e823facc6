import { type DestinationStream, type LoggerOptions, pino } from 'pino';
import { LoggerOptionError } from '../errors.js';

/** Where {@link createLogger} writes: any pino destination, or a file path. */
export type LoggerDestination = DestinationStream | string;

// pino marks multi-target transports so it can warn about label levels; the symbol is global.
const MULTI_TARGET = Symbol.for('pino.transport.usesMultistream');

/** True for anything pino can write to: SonicBoom, transports, multistreams, Node streams. */
export function isDestination(value: unknown): value is DestinationStream {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { write?: unknown }).write === 'function'
  );
}

/** The two arguments of `pino()` sorted out: options first, destination second. */
export interface LoggerArguments<O> {
  readonly options: O;
  readonly destination: LoggerDestination | undefined;
}

/**
 * Accepts every call shape of `pino()`: `(options)`, `(destination)`, `(path)`,
 * `(options, destination)`, `(null, path)`. A destination in first place is never read as
 * options: that is how pino's most common idiom once wrote unredacted lines.
 */
export function sortArguments<O extends object>(
  first: O | LoggerDestination | null | undefined,
  second: LoggerDestination | undefined,
): LoggerArguments<O> {
  if (typeof first === 'string' || isDestination(first)) {
    if (second !== undefined)
      throw new LoggerOptionError('destination', 'is given twice (first and second argument)');
    return { options: {} as O, destination: first };
  }
  if (first !== undefined && first !== null && typeof first !== 'object') {
    throw new LoggerOptionError(
      'options',
      'must be an options object, a destination or a path',
      first,
    );
  }
  if (second !== undefined && typeof second !== 'string' && !isDestination(second)) {
    throw new LoggerOptionError(
      'destination',
      'must be a stream with write() (pino.destination(), pino.transport(), pino.multistream()) or a file path',
      second,
    );
  }
  return { options: (first ?? {}) as O, destination: second };
}

/** The stream built from the `transport` option, and how levels must be written to it. */
export interface TransportChoice {
  readonly destination: LoggerDestination | undefined;
  /** False when a multi-target transport could not map our level labels back to numbers. */
  readonly labels: boolean;
}

/**
 * Builds the `transport` option's stream ourselves, as pino would, so that pino never sees the
 * option: pino refuses a level formatter with `targets` because its worker routes by level. Its
 * worker (pino ≥ 10.4) maps labels back to numbers with the levels we pass it, so labels are
 * safe there; pino's warning about them is then dropped from our own stream. A multi-target
 * transport the caller built cannot be given our custom levels: custom levels get numbers.
 */
export function chooseTransport(
  transport: LoggerOptions['transport'],
  destination: LoggerDestination | undefined,
  options: Pick<LoggerOptions, 'customLevels' | 'useOnlyCustomLevels' | 'formatters'>,
): TransportChoice {
  if (transport === undefined || transport === null) {
    const marked = isDestination(destination) && MULTI_TARGET in destination;
    if (!marked) return { destination, labels: true };
    const labels = options.customLevels === undefined;
    if (labels) Reflect.deleteProperty(destination, MULTI_TARGET);
    return { destination, labels };
  }
  if (destination !== undefined) {
    throw new LoggerOptionError(
      'transport',
      'cannot be combined with a destination argument; pass one or the other',
    );
  }
  if (typeof transport !== 'object' || isDestination(transport)) {
    throw new LoggerOptionError(
      'transport',
      'must be pino transport options; pass a stream as the destination argument instead',
      transport,
    );
  }
  // pino's rule: its worker routes `targets` by the numeric level.
  const targets = (transport as { targets?: unknown[] }).targets;
  if (
    Array.isArray(targets) &&
    targets.length > 0 &&
    typeof options.formatters?.level === 'function'
  ) {
    throw new LoggerOptionError(
      'formatters.level',
      'cannot be combined with transport.targets: the transport routes lines by their level',
    );
  }
  const stream = pino.transport({
    ...transport,
    ...(options.customLevels === undefined ? {} : { levels: options.customLevels }),
  } as Parameters<typeof pino.transport>[0]);
  Reflect.deleteProperty(stream, MULTI_TARGET);
  return { destination: stream, labels: true };
}
