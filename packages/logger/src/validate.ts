import { LoggerOptionError } from './errors.js';

// The package's one set of option checks. Each takes the option path first and the value
// second, returns the value it validated, and throws a `LoggerOptionError` naming the path.

/**
 * `options` over `defaults` (the literal listing every option key); an option set to `undefined`
 * or `null` takes its default, as `options.x ?? default` would.
 */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const given = Object.entries(options).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  return { ...defaults, ...Object.fromEntries(given) } as D & O;
}

/** An integer in `[min, max]`. */
export function integerOption(
  option: string,
  value: unknown,
  range: { readonly min: number; readonly max: number },
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw new LoggerOptionError(
      option,
      `must be an integer from ${range.min} to ${range.max}`,
      value,
    );
  }
  return value;
}

/** `true` or `false`. */
export function booleanOption(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new LoggerOptionError(option, 'must be true or false', value);
  return value;
}

/** A string, optionally non-empty, at most `maxLength` long and matching `pattern` (described by `what`). */
export function stringOption(
  option: string,
  value: unknown,
  rule: {
    readonly nonEmpty?: boolean;
    readonly maxLength?: number;
    readonly pattern?: RegExp;
    readonly what?: string;
  } = {},
): string {
  const ok =
    typeof value === 'string' &&
    (rule.nonEmpty !== true || value !== '') &&
    (rule.maxLength === undefined || value.length <= rule.maxLength) &&
    (rule.pattern === undefined || rule.pattern.test(value));
  if (!ok) {
    const what =
      rule.what ??
      [
        rule.nonEmpty ? 'a non-empty string' : 'a string',
        rule.maxLength === undefined ? '' : ` of at most ${rule.maxLength} characters`,
      ].join('');
    throw new LoggerOptionError(option, `must be ${what}`, value);
  }
  return value;
}

/** A function. */
export function functionOption<F extends (...args: never[]) => unknown>(
  option: string,
  value: unknown,
): F {
  if (typeof value !== 'function') throw new LoggerOptionError(option, 'must be a function', value);
  return value as F;
}

/** An array of strings, each accepted by `entry` (default: any string), described by `what`. */
export function stringListOption(
  option: string,
  value: unknown,
  what = 'an array of strings',
  entry: (item: string) => boolean = () => true,
): readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !entry(item))) {
    throw new LoggerOptionError(option, `must be ${what}`, value);
  }
  return value as string[];
}

/** One of `accepted` (compared with `===`); the message lists them. */
export function oneOfOption<T>(option: string, value: unknown, accepted: readonly T[]): T {
  if (!accepted.includes(value as T)) {
    throw new LoggerOptionError(
      option,
      `must be an accepted value; accepted: ${accepted.map(String).join(', ')}`,
      value,
    );
  }
  return value as T;
}

/**
 * `options` whose every key is one of `defaults`' (the literal that lists every option); an
 * unknown key throws naming `<option>.<key>` and listing the accepted keys.
 */
export function knownKeysOption<T extends object>(
  option: string,
  options: T,
  defaults: object,
  what: string,
): T {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new LoggerOptionError(
        `${option}.${key}`,
        `is not ${what}; accepted: ${Object.keys(defaults).join(', ')}`,
      );
    }
  }
  return options;
}

/** A non-null object with the listed methods (`what` names the expected kind, e.g. `a pino logger`). */
export function objectOption<T extends object>(
  option: string,
  value: unknown,
  what: string,
  methods: readonly string[] = [],
): T {
  if (
    typeof value !== 'object' ||
    value === null ||
    methods.some((m) => typeof (value as Record<string, unknown>)[m] !== 'function')
  ) {
    throw new LoggerOptionError(option, `must be ${what}`, value);
  }
  return value as T;
}
