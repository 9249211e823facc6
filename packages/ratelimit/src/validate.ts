import { RateLimitConfigError } from './errors.js';

/** Throws unless `value` is an object (or undefined when optional). */
export function checkOptionsObject(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new RateLimitConfigError(name, `must be an object, got ${describe(value)}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  return typeof value;
}

/** A finite number in `[min, max]`; `integer` additionally requires a whole number. */
export function checkNumber(
  option: string,
  value: unknown,
  { min, max = Number.MAX_SAFE_INTEGER, integer = false }: NumberRule,
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    throw new RateLimitConfigError(
      option,
      `must be ${kind} from ${min} to ${max}, got ${describe(value)}`,
    );
  }
  return value as number;
}

interface NumberRule {
  readonly min: number;
  readonly max?: number;
  readonly integer?: boolean;
}

export function checkFunction<T>(option: string, value: unknown): T {
  if (typeof value !== 'function') {
    throw new RateLimitConfigError(option, `must be a function, got ${describe(value)}`);
  }
  return value as T;
}

/** An object exposing every named method (a Meter, a logger, a tracker). */
export function checkMethods<T>(option: string, value: unknown, methods: readonly string[]): T {
  const missing =
    typeof value !== 'object' || value === null
      ? methods
      : methods.filter((m) => typeof (value as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new RateLimitConfigError(
      option,
      `must be an object with method(s) ${methods.join(', ')}; missing ${missing.join(', ')}`,
    );
  }
  return value as T;
}

/** Rejects misspelt option names at construction (they would otherwise be silently ignored). */
export function checkKnownKeys(option: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new RateLimitConfigError(
        `${option}.${key}`,
        `is not a known option; accepted: ${known.join(', ')}`,
      );
    }
  }
}

export function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new RateLimitConfigError(option, `must be true or false, got ${describe(value)}`);
  }
  return value;
}
