import { HealthConfigError } from './errors.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws a `HealthConfigError` naming `option` (the option path, e.g.
// `checks[1].timeoutMs`). Callers apply defaults first (`o.x ?? DEFAULTS.x`).

// setTimeout silently turns larger delays into 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/** A whole number (milliseconds, characters, bytes) in [min, max]; max defaults to 2^31-1. */
export function integerOption(
  option: string,
  value: unknown,
  { min, max = MAX_TIMER_MS }: { readonly min: number; readonly max?: number },
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : typeof value;
    throw new HealthConfigError(option, `must be an integer from ${min} to ${max}; got ${got}`);
  }
  return value;
}

/** A function; `rule` replaces the default wording (e.g. to show the call shape). */
export function functionOption<T>(
  option: string,
  value: T,
  rule = 'must be a function',
): NonNullable<T> {
  if (typeof value !== 'function') throw new HealthConfigError(option, rule);
  return value as NonNullable<T>;
}

/** `true` or `false`. */
export function booleanOption(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new HealthConfigError(option, 'must be true or false');
  return value;
}

/** A string matching `pattern`; `rule` says in words what the pattern accepts. */
export function stringOption(
  option: string,
  value: unknown,
  pattern: RegExp,
  rule: string,
): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new HealthConfigError(option, `${rule}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An object whose methods named in `methods` are all functions; `rule` describes it. */
export function objectOption<T>(
  option: string,
  value: T,
  methods: readonly string[],
  rule: string,
): T {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) throw new HealthConfigError(option, rule);
  return value;
}

/** An array whose every item passes `item` (and, with `nonEmpty`, at least one); `rule` describes it. */
export function arrayOption<T>(
  option: string,
  value: unknown,
  item: (v: unknown) => boolean,
  rule: string,
  { nonEmpty = false }: { readonly nonEmpty?: boolean } = {},
): T[] {
  if (!Array.isArray(value) || !value.every(item) || (nonEmpty && value.length === 0))
    throw new HealthConfigError(option, rule);
  return value as T[];
}

/** A plain object whose every value passes `item`; `rule` describes it. */
export function recordOption<T>(
  option: string,
  value: unknown,
  item: (v: unknown) => boolean,
  rule: string,
): Readonly<Record<string, T>> {
  if (typeof value !== 'object' || value === null || !Object.values(value).every(item))
    throw new HealthConfigError(option, rule);
  return value as Record<string, T>;
}

/** One of `allowed`; `rule` replaces the default wording. */
export function oneOfOption<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
  rule = `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
): T {
  if (!(allowed as readonly unknown[]).includes(value)) throw new HealthConfigError(option, rule);
  return value as T;
}

/**
 * An options object; `undefined` values are dropped (they mean "default"). Keys outside
 * `defaults` (the literal that lists every option) throw, listing the accepted ones, so a typo
 * never silently keeps a default.
 */
export function optionsObject<T extends object>(
  option: string,
  value: unknown,
  defaults: object,
  { rule = 'must be an object', what = 'an option' }: { rule?: string; what?: string } = {},
): Partial<T> {
  if (typeof value !== 'object' || value === null) throw new HealthConfigError(option, rule);
  const known = Object.keys(defaults);
  const prefix = option === 'options' ? '' : `${option}.`;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new HealthConfigError(
        `${prefix}${key}`,
        `is not ${what}; accepted: ${known.join(', ')}`,
      );
    }
  }
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
