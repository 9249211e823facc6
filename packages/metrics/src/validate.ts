import type { Meter } from '@opentelemetry/api';
import { MetricsOptionError } from './errors.js';

// One helper per kind of option, each `<kind>Option(option, value, …rule)`: it returns the value
// when valid and otherwise throws a `MetricsOptionError` naming `option` (the option path, e.g.
// `thresholds.errorRatio`), so every resolver's messages read the same. Callers apply defaults
// first (`o.x ?? DEFAULTS.x`); `optionsObject` drops `undefined` values, which mean "default".

/** A string that is not empty or blank. */
export function stringOption(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MetricsOptionError(option, 'a non-empty string', value);
  }
  return value;
}

/** An integer in [min, max]. */
export function integerOption(
  option: string,
  value: unknown,
  { min, max }: { readonly min: number; readonly max?: number },
): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    (max !== undefined && value > max)
  ) {
    const range = max === undefined ? `>= ${min}` : `from ${min} to ${max}`;
    throw new MetricsOptionError(option, `an integer ${range}`, value);
  }
  return value;
}

/** A finite number in [min, max] (or (min, max] with `exclusiveMin`). */
export function numberOption(
  option: string,
  value: unknown,
  {
    min,
    max,
    exclusiveMin = false,
  }: { readonly min: number; readonly max: number; readonly exclusiveMin?: boolean },
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max;
  if (!ok) {
    const range = `${exclusiveMin ? '>' : '>='} ${min} and <= ${max}`;
    throw new MetricsOptionError(option, `a finite number ${range}`, value);
  }
  return value;
}

/** `true` or `false`. */
export function booleanOption(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new MetricsOptionError(option, 'true or false', value);
  return value;
}

/** A function. */
export function functionOption<T>(option: string, value: unknown): T {
  if (typeof value !== 'function') throw new MetricsOptionError(option, 'a function', value);
  return value as T;
}

/** A plain object (not an array, not null); its keys are the caller's to check. */
export function objectOption(option: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MetricsOptionError(option, 'an object', value);
  }
  return value as Record<string, unknown>;
}

/** An array whose every item passes `item`; `accepted` says what the array holds. */
export function arrayOption<T>(
  option: string,
  value: unknown,
  item: (v: unknown) => boolean,
  accepted: string,
): T[] {
  if (!Array.isArray(value) || !value.every(item))
    throw new MetricsOptionError(option, accepted, value);
  return value as T[];
}

/** One of `allowed`. */
export function oneOfOption<T>(option: string, value: unknown, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(value))
    throw new MetricsOptionError(option, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

/**
 * An OpenTelemetry `Meter`, recognised by the factory method its user calls first;
 * `undefined` or `null` mean none (the global-meter rule of `meter.ts` applies).
 */
export function meterOption(
  option: string,
  value: unknown,
  method: keyof Meter = 'createCounter',
): Meter | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof (value as Meter)[method] !== 'function')
    throw new MetricsOptionError(option, 'an OpenTelemetry Meter', value);
  return value as Meter;
}

/**
 * An options object checked against `defaults`, the literal that lists every option key: a key
 * outside it throws, listing the accepted ones, so a typo never silently keeps a default.
 * `undefined` values are dropped. `option` is `'options'` at the top level.
 */
export function optionsObject(
  option: string,
  value: unknown,
  defaults: object,
): Record<string, unknown> {
  const o = objectOption(option, value);
  const known = Object.keys(defaults);
  const prefix = option === 'options' ? '' : `${option}.`;
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) {
      throw new MetricsOptionError(
        `${prefix}${key}`,
        `a known option name (one of ${known.join(', ')})`,
        key,
      );
    }
  }
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
