import { WebhookConfigError } from './errors.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws a `WebhookConfigError` naming `option` (the option path).
// Callers apply defaults first (`o.x ?? DEFAULTS.x`).

/** Throws the package's option error: ``option `path` must be <expected>; got <value>``. */
function invalid(option: string, expected: string, value: unknown): never {
  throw new WebhookConfigError(option, expected, value);
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
// ---- end of the shared validators ----

/** A plain object (not null, not an array). */
export function objectOption(option: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new WebhookConfigError(option, 'an object', value);
  return value as Record<string, unknown>;
}

/**
 * An options object whose keys are all in `defaults`, the literal that lists every option of a
 * factory: an unknown key throws, so a typo never silently keeps a default.
 */
export function optionsObject(
  option: 'options' | 'scheme',
  value: unknown,
  defaults: object,
): Record<string, unknown> {
  const o = objectOption(option, value);
  const known = Object.keys(defaults);
  const prefix = option === 'options' ? '' : `${option}.`;
  for (const key of Object.keys(o)) {
    if (!known.includes(key))
      throw new WebhookConfigError(
        `${prefix}${key}`,
        `one of the known options (${known.join(', ')})`,
      );
  }
  return o;
}

/** An object with every method in `methods` (an interface we call); `expected` describes it. */
export function methodsOption<T>(
  option: string,
  value: unknown,
  methods: readonly string[],
  expected: string,
): T {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) throw new WebhookConfigError(option, expected, value);
  return value as T;
}
