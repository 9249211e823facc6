import { RateLimitConfigError } from './errors.js';
import type { RateOption } from './store/sliding-window.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws the package's option error naming `option` (the option path,
// e.g. `retryBudget.ratio`) with the message ``option `path` <rule>; got <value>``. Callers
// apply defaults first (`o.x ?? DEFAULTS.x`). `@preflight/ratelimit-redis` validates with the
// same helpers, bound to its own error class, so the two packages cannot drift apart.

const DAY_MS = 86_400_000;

/** How a rejected value is shown after `got`: short, and never a whole object. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  return typeof value;
}

/** The option error a package throws: `new (option, rule)`. */
export type OptionErrorClass = new (option: string, rule: string) => Error;

// ---- shared validators: the same source in every package that has them (tooling/house-rules) ----
/** Bounds of a number option; `rule` replaces the default wording of what is accepted. */
export interface NumberRule {
  readonly min: number;
  /** @default unbounded */
  readonly max?: number | undefined;
  /** `value > min` instead of `value >= min`. @default false */
  readonly exclusiveMin?: boolean | undefined;
  readonly rule?: string | undefined;
}

/** The accepted range in words: `from 1 to 10`, `>= 0`, `greater than 0 and at most 1`. */
function rangeOf({ min, max, exclusiveMin = false }: NumberRule): string {
  const from = exclusiveMin
    ? `greater than ${min}`
    : max === undefined
      ? `>= ${min}`
      : `from ${min}`;
  if (max === undefined) return from;
  return exclusiveMin ? `${from} and at most ${max}` : `${from} to ${max}`;
}

/** Whether `value` lies in the range of `rule`. */
function inRange(value: number, { min, max, exclusiveMin = false }: NumberRule): boolean {
  return (exclusiveMin ? value > min : value >= min) && (max === undefined || value <= max);
}
/** What a string option accepts besides its type; `what` replaces the default wording. */
export interface StringRule {
  /** Accept `''`. @default false */
  readonly empty?: boolean | undefined;
  /** Accept a string of only whitespace. @default false */
  readonly blank?: boolean | undefined;
  readonly maxLength?: number | undefined;
  readonly pattern?: RegExp | undefined;
  readonly what?: string | undefined;
}

/** What an object option must have; `what` replaces the default wording. */
export interface ObjectRule {
  /** Methods it must have (an interface we call). @default [] */
  readonly methods?: readonly string[] | undefined;
  readonly what?: string | undefined;
}

/**
 * How `optionsObject` checks an options object; `what` replaces the default wording
 * (`an object`) of what the object must be.
 */
export interface OptionsRule {
  /** `undefined` is refused instead of meaning "every default". @default false */
  readonly required?: boolean | undefined;
  /** Path of an unknown key before the key itself. @default '' for `options`, else `<option>.` */
  readonly keyPrefix?: string | undefined;
  readonly what?: string | undefined;
}

// ---- end of the shared validators ----

/**
 * The validation helpers, throwing `OptionError`. Exported for `@preflight/ratelimit-redis`
 * (which implements this package's store interface); applications have no use for it.
 */
export function createOptionValidators(OptionError: OptionErrorClass) {
  const fail = (option: string, rule: string, value: unknown): never => {
    throw new OptionError(option, `${rule}; got ${describeValue(value)}`);
  };

  // What the shared validators throw through: ``must be <expected>; got <value>``.
  const invalid = (option: string, expected: string, value: unknown): never =>
    fail(option, `must be ${expected}`, value);

  // What `optionsObject` throws through for a key it does not know.
  const unknownOption = (path: string, _key: string, accepted: readonly string[]): never => {
    throw new OptionError(path, `is not a known option; accepted: ${accepted.join(', ')}`);
  };

  // ---- shared validators: the same source in every package that has them (tooling/house-rules) ----
  /** A whole number in the range of `rule`. */
  function integerOption(option: string, value: unknown, rule: NumberRule): number {
    const ok = typeof value === 'number' && Number.isInteger(value) && inRange(value, rule);
    return ok
      ? (value as number)
      : invalid(option, rule.rule ?? `an integer ${rangeOf(rule)}`, value);
  }

  /** A finite number in the range of `rule`. */
  function numberOption(option: string, value: unknown, rule: NumberRule): number {
    const ok = typeof value === 'number' && Number.isFinite(value) && inRange(value, rule);
    return ok
      ? (value as number)
      : invalid(option, rule.rule ?? `a number ${rangeOf(rule)}`, value);
  }

  /** `true` or `false`. */
  function booleanOption(option: string, value: unknown): boolean {
    return typeof value === 'boolean' ? value : invalid(option, 'true or false', value);
  }

  /** A function; `rule` replaces the wording (e.g. to show the call shape). */
  function functionOption<T>(option: string, value: unknown, rule = 'a function'): T {
    return typeof value === 'function' ? (value as T) : invalid(option, rule, value);
  }

  /** A string within `rule` (by default: not empty, not blank). */
  function stringOption(option: string, value: unknown, rule: StringRule = {}): string {
    const ok =
      typeof value === 'string' &&
      (value !== '' || rule.empty === true) &&
      (value === '' || value.trim() !== '' || rule.blank === true) &&
      (rule.maxLength === undefined || value.length <= rule.maxLength) &&
      (rule.pattern === undefined || rule.pattern.test(value));
    if (ok) return value as string;
    const at = rule.maxLength === undefined ? '' : ` of at most ${rule.maxLength} characters`;
    return invalid(
      option,
      rule.what ?? `${rule.empty ? 'a string' : 'a non-empty string'}${at}`,
      value,
    );
  }

  /** A non-null, non-array object having every method in `methods`. */
  function objectOption<T = Record<string, unknown>>(
    option: string,
    value: unknown,
    rule: ObjectRule = {},
  ): T {
    const { methods = [] } = rule;
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    const missing = isObject
      ? methods.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function')
      : methods;
    if (isObject && missing.length === 0) return value as T;
    const withMethods =
      methods.length === 0
        ? ''
        : ` with method(s) ${methods.join(', ')}; missing ${missing.join(', ')}`;
    return invalid(option, rule.what ?? `an object${withMethods}`, value);
  }

  /**
   * An options object (`undefined`: `{}`, every default). Its own keys must be keys of `defaults`,
   * the literal that lists every option, so a typo never silently keeps a default; an unknown key
   * throws through `unknownOption`, naming `<keyPrefix><key>` and listing the accepted keys. `null`
   * defaults skip that check, for objects that have always accepted any key. `undefined` values
   * are dropped from the result: they mean "the default".
   */
  function optionsObject<T extends object = Record<string, unknown>>(
    option: string,
    value: unknown,
    defaults: object | null,
    rule: OptionsRule = {},
  ): Partial<T> {
    if (value === undefined && rule.required !== true) return {};
    const given = objectOption(option, value, { what: rule.what });
    if (defaults !== null) {
      const accepted = Object.keys(defaults);
      const prefix = rule.keyPrefix ?? (option === 'options' ? '' : `${option}.`);
      for (const key of Object.keys(given)) {
        if (!accepted.includes(key)) unknownOption(`${prefix}${key}`, key, accepted);
      }
    }
    const defined = Object.entries(given).filter(([, v]) => v !== undefined);
    return Object.fromEntries(defined) as Partial<T>;
  }
  // ---- end of the shared validators ----

  return {
    integerOption,
    numberOption,
    booleanOption,
    functionOption,
    stringOption,
    objectOption,
    optionsObject,

    /** A client-side rate `{ requests, perMs }`; `null` or absent: none. */
    rateOption(option: string, value: unknown): RateOption | null {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'object') {
        return fail(option, 'must be { requests, perMs } or null', value);
      }
      const { requests, perMs } = value as Partial<RateOption>;
      return {
        requests: integerOption(`${option}.requests`, requests, { min: 1, max: 1_000_000 }),
        perMs: integerOption(`${option}.perMs`, perMs, { min: 1, max: DAY_MS }),
      };
    },
  };
}

export const {
  numberOption,
  integerOption,
  booleanOption,
  functionOption,
  stringOption,
  objectOption,
  rateOption,
  optionsObject,
} = createOptionValidators(RateLimitConfigError);
