import { WebhookConfigError } from './errors.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws a `WebhookConfigError` naming `option` (the option path).
// Callers apply defaults first (`o.x ?? DEFAULTS.x`).

/** Throws the package's option error: ``option `path` must be <expected>; got <value>``. */
function invalid(option: string, expected: string, value: unknown): never {
  throw new WebhookConfigError(option, expected, value);
}

/** Throws for a key `optionsObject` does not know: ``… must be one of the known options (a, b)``. */
function unknownOption(path: string, _key: string, accepted: readonly string[]): never {
  throw new WebhookConfigError(path, `one of the known options (${accepted.join(', ')})`);
}

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

/** A whole number in the range of `rule`. */
export function integerOption(option: string, value: unknown, rule: NumberRule): number {
  const ok = typeof value === 'number' && Number.isInteger(value) && inRange(value, rule);
  return ok
    ? (value as number)
    : invalid(option, rule.rule ?? `an integer ${rangeOf(rule)}`, value);
}

/** A finite number in the range of `rule`. */
export function numberOption(option: string, value: unknown, rule: NumberRule): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && inRange(value, rule);
  return ok ? (value as number) : invalid(option, rule.rule ?? `a number ${rangeOf(rule)}`, value);
}

/** A function; `rule` replaces the wording (e.g. to show the call shape). */
export function functionOption<T>(option: string, value: unknown, rule = 'a function'): T {
  return typeof value === 'function' ? (value as T) : invalid(option, rule, value);
}

/** One of `allowed` (compared with `===`); `rule` replaces the wording that lists them. */
export function oneOfOption<T>(
  option: string,
  value: unknown,
  allowed: readonly T[],
  rule = `one of ${allowed.map(String).join(', ')}`,
): T {
  return allowed.includes(value as T) ? (value as T) : invalid(option, rule, value);
}

/** An array of strings, each accepted by `entry` (and, with `nonEmpty`, at least one); `what` says what it holds. */
export function stringListOption(
  option: string,
  value: unknown,
  what = 'an array of strings',
  entry: (item: string) => boolean = () => true,
  { nonEmpty = false }: { readonly nonEmpty?: boolean } = {},
): string[] {
  const ok =
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' && entry(item)) &&
    (!nonEmpty || value.length > 0);
  return ok ? (value as string[]) : invalid(option, what, value);
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

/** A string within `rule` (by default: not empty, not blank). */
export function stringOption(option: string, value: unknown, rule: StringRule = {}): string {
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

/** What an object option must have; `what` replaces the default wording. */
export interface ObjectRule {
  /** Methods it must have (an interface we call). @default [] */
  readonly methods?: readonly string[] | undefined;
  readonly what?: string | undefined;
}

/** A non-null, non-array object having every method in `methods`. */
export function objectOption<T = Record<string, unknown>>(
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

/**
 * An options object (`undefined`: `{}`, every default). Its own keys must be keys of `defaults`,
 * the literal that lists every option, so a typo never silently keeps a default; an unknown key
 * throws through `unknownOption`, naming `<keyPrefix><key>` and listing the accepted keys. `null`
 * defaults skip that check, for objects that have always accepted any key. `undefined` values
 * are dropped from the result: they mean "the default".
 */
export function optionsObject<T extends object = Record<string, unknown>>(
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
