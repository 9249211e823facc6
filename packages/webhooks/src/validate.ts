import { WebhookConfigError } from './errors.js';

// Option checks shared by every factory: each throws a WebhookConfigError naming the option.

export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new WebhookConfigError(name, 'an object');
  return value as Record<string, unknown>;
}

export function requireFunction<T>(name: string, value: unknown): T {
  if (typeof value !== 'function') throw new WebhookConfigError(name, 'a function');
  return value as T;
}

export function requireString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new WebhookConfigError(name, 'a non-empty string');
  return value;
}

export function requireInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new WebhookConfigError(name, `an integer from ${min} to ${max}`);
  return value;
}

export function requireOneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new WebhookConfigError(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return value as T;
}

/** Throws on keys the factory does not know, so a typo never silently keeps a default. */
export function rejectUnknownKeys(
  prefix: string,
  options: Record<string, unknown>,
  known: readonly string[],
): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new WebhookConfigError(
        `${prefix}${key}`,
        `one of the known options (${known.join(', ')})`,
      );
  }
}
