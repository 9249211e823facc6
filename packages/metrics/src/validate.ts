import { MetricsOptionError } from './errors.js';

// Small checks shared by every options resolver, so messages read the same everywhere.

export function requireNonEmptyString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MetricsOptionError(option, 'a non-empty string', value);
  }
  return value;
}

export function requireNumberInRange(
  option: string,
  value: unknown,
  min: number,
  max: number,
  { exclusiveMin = false }: { exclusiveMin?: boolean } = {},
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

export function requireInteger(option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new MetricsOptionError(option, `an integer >= ${min}`, value);
  }
  return value;
}

export function requireBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new MetricsOptionError(option, 'true or false', value);
  return value;
}

export function requireFunction<T>(option: string, value: unknown): T {
  if (typeof value !== 'function') throw new MetricsOptionError(option, 'a function', value);
  return value as T;
}

export function requireObject(option: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MetricsOptionError(option, 'an object', value);
  }
  return value as Record<string, unknown>;
}

/** Rejects keys that are not in `known`: a typo in an option name fails loudly instead of being ignored. */
export function rejectUnknownKeys(option: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new MetricsOptionError(
        `${option}${option ? '.' : ''}${key}`,
        `a known option name (one of ${known.join(', ')})`,
        key,
      );
    }
  }
}
