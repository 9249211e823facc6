import { WebhookConfigError } from './errors.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws a `WebhookConfigError` naming `option` (the option path).
// Callers apply defaults first (`o.x ?? DEFAULTS.x`).

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

/** A function. */
export function functionOption<T>(option: string, value: unknown): T {
  if (typeof value !== 'function') throw new WebhookConfigError(option, 'a function', value);
  return value as T;
}

/** A string with something besides whitespace. */
export function stringOption(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new WebhookConfigError(option, 'a non-empty string', value);
  return value;
}

/** A non-empty array of non-empty strings (secrets: never echoed, only their kind). */
export function stringListOption(option: string, value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((s) => typeof s === 'string' && s !== '')
  )
    throw new WebhookConfigError(option, 'a non-empty array of non-empty strings', value);
  return value as string[];
}

/** A whole number in [min, max]. */
export function integerOption(
  option: string,
  value: unknown,
  { min, max }: { readonly min: number; readonly max: number },
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new WebhookConfigError(option, `an integer from ${min} to ${max}`, value);
  return value;
}

/** A finite number above `above`. */
export function numberOption(option: string, value: unknown, { above }: { above: number }): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !(value > above))
    throw new WebhookConfigError(option, `a number greater than ${above}`, value);
  return value;
}

/** One of `allowed`. */
export function oneOfOption<T extends string>(
  option: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new WebhookConfigError(
      option,
      `one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      value,
    );
  return value as T;
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
